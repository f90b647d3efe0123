import { diffResults } from './diff';
import type { ResultDiff } from './diff';
import { ScoringError } from './errors';
import { hashInputs } from './hash';
import { computeResults } from './results';
import type { BodyInput, Criterion, ResultInputs, ResultSet, ScoreSheet, ScoringRules, SlotScores } from './types';

/** A correction to published results. Every kind carries the reason given for it. */
export type Amendment =
	/** A juror's corrected sheet (also turns a juror recorded as recused or absent into a scorer). */
	| { kind: 'score'; reason: string; bodyId: string; jurorId: string; sheet: ScoreSheet }
	/** A juror who should not have counted for a slot. */
	| { kind: 'juror_status'; reason: string; bodyId: string; jurorId: string; status: 'recused' | 'absent' }
	/** A corrected prior-stage (SAQ) score. */
	| { kind: 'prior_score'; reason: string; bodyId: string; priorScore: number }
	/** A corrected presentation score, in place of the panel's (a body that presented only). */
	| { kind: 'presentation_score'; reason: string; bodyId: string; score: number }
	/** A corrected final score, in place of the computed one. */
	| { kind: 'final_score'; reason: string; bodyId: string; score: number }
	/** Corrected rules (weights, bands, aggregation, tie-breaks…). */
	| { kind: 'rules'; reason: string; rules: ScoringRules }
	/** A corrected rubric (weights or scales). */
	| { kind: 'rubric'; reason: string; rubric: Criterion[] };

export interface AmendmentDiff extends ResultDiff {
	reason: string;
	amendment: Amendment;
}

export interface AmendmentOutcome {
	/** The new version: previous.version + 1. */
	resultSet: ResultSet;
	/** The amended inputs, to store and to pass to the next amendment. */
	inputs: ResultInputs;
	diff: AmendmentDiff;
}

function amendSlot(
	inputs: ResultInputs,
	bodyId: string,
	jurorId: string,
	change: (slot: SlotScores, at: number) => SlotScores
): ResultInputs {
	const index = inputs.slots.findIndex((s) => s.bodyId === bodyId);
	if (index === -1) throw new ScoringError('no_slot', `${bodyId} did not present, so it has no juror scores to amend.`, { bodyId });
	const slot = inputs.slots[index];
	const at = slot.jurors.findIndex((j) => j.jurorId === jurorId);
	if (at === -1) throw new ScoringError('unknown_juror', `Juror ${jurorId} was not on the panel of ${bodyId}.`, { bodyId, jurorId });
	return { ...inputs, slots: inputs.slots.with(index, change(slot, at)) };
}

function amendBody(inputs: ResultInputs, bodyId: string, change: Partial<BodyInput>): ResultInputs {
	const index = inputs.bodies.findIndex((b) => b.bodyId === bodyId);
	if (index === -1) throw new ScoringError('unknown_body', `${bodyId} is not among the bodies.`, { bodyId });
	return { ...inputs, bodies: inputs.bodies.with(index, { ...inputs.bodies[index], ...change }) };
}

/**
 * The inputs with one amendment applied; the given inputs are not modified.
 * @throws ScoringError 'unknown_body', 'no_slot' or 'unknown_juror' when the amendment names something absent.
 *
 * A later amendment of the same body and kind replaces an earlier one (the last word wins).
 *
 * @example
 * const next = applyAmendment(inputs, { kind: 'prior_score', bodyId: 'aceh', priorScore: 98.31, reason: 'SK 2: calculation error' });
 * applyAmendment(next, { kind: 'final_score', bodyId: 'aceh', score: 98.5, reason: 'SK 3' }); // aceh's final is 98.50, whatever it computes to
 */
export function applyAmendment(inputs: ResultInputs, amendment: Amendment): ResultInputs {
	switch (amendment.kind) {
		case 'score':
		case 'juror_status': {
			const entry =
				amendment.kind === 'score'
					? { jurorId: amendment.jurorId, status: 'scored' as const, sheet: amendment.sheet }
					: { jurorId: amendment.jurorId, status: amendment.status };
			return amendSlot(inputs, amendment.bodyId, amendment.jurorId, (slot, at) => ({ ...slot, jurors: slot.jurors.with(at, entry) }));
		}
		case 'prior_score':
			return amendBody(inputs, amendment.bodyId, { priorScore: amendment.priorScore });
		case 'presentation_score':
			if (!inputs.slots.some((s) => s.bodyId === amendment.bodyId))
				throw new ScoringError('no_slot', `${amendment.bodyId} did not present, so it has no presentation score to correct.`, {
					bodyId: amendment.bodyId
				});
			return amendBody(inputs, amendment.bodyId, { presentationOverride: amendment.score });
		case 'final_score':
			return amendBody(inputs, amendment.bodyId, { finalOverride: amendment.score });
		case 'rules':
			return { ...inputs, rules: amendment.rules };
		case 'rubric':
			return { ...inputs, rubric: amendment.rubric };
		default:
			throw new ScoringError('unknown_option', `Unknown amendment kind ${String((amendment as { kind: unknown }).kind)}.`);
	}
}

/**
 * Applies a correction to published results: a new version computed from the
 * amended inputs, and the diff showing who moved. The previous set must have
 * been computed from `inputs` (checked by hash), so a correction can never be
 * applied to the wrong baseline. The same amendments replayed on the same
 * inputs yield the same hashes.
 * @throws ScoringError 'missing_reason', 'stale_inputs', 'no_change', or any error of the amended inputs.
 *
 * @example
 * const { resultSet, inputs: next, diff } = amend(v1, inputs, {
 *   kind: 'prior_score', bodyId: 'aceh', priorScore: 98.31, reason: 'Second decree: calculation error'
 * });
 * diff.changes; // aceh: 92.31 → 98.31, rank 19 → 2, and everyone it overtook
 */
export function amend(previous: ResultSet, inputs: ResultInputs, amendment: Amendment): AmendmentOutcome {
	if (typeof amendment?.reason !== 'string' || amendment.reason.trim() === '') {
		throw new ScoringError('missing_reason', 'An amendment needs a reason.');
	}
	if (hashInputs(inputs) !== previous.hash) {
		throw new ScoringError('stale_inputs', `These inputs are not the ones version ${previous.version} was computed from.`, {
			version: previous.version
		});
	}
	const next = applyAmendment(inputs, amendment);
	const resultSet = computeResults(next, previous.version + 1);
	if (resultSet.hash === previous.hash) {
		throw new ScoringError('no_change', 'The amendment changes nothing that affects results, so it makes no new version.');
	}
	return { resultSet, inputs: next, diff: { ...diffResults(previous, resultSet), reason: amendment.reason, amendment } };
}
