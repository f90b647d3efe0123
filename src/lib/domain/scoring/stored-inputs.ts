/**
 * How stored records become result inputs: a certified slot's jurors (recused, scored by their
 * latest sheet, or absent) and the stored corrections applied in the order they were made. One
 * place for both, because two readers must agree on them exactly: the results the app computes
 * from its tables, and the replay of the audit log that checks a published hash.
 */
import { applyAmendment, type Amendment } from './amend';
import type { JurorEntry, ResultInputs, ScoreSheet } from './types';

/** A stored correction, as the amendments table (or the audit row that recorded it) holds it. */
export interface StoredCorrection {
	kind: 'prior_score' | 'juror_sheet' | 'presentation_score' | 'final_score';
	bodyId: string;
	jurorId: string | null;
	/** The corrected score (for a sheet, its total). */
	value: number;
	sheet: ScoreSheet | null;
	reason: string;
}

/**
 * A slot's juror entries: each seated juror, in seat order, is recused (a declared conflict with the
 * body), scored (their latest sheet) or absent.
 *
 * @example slotJurors(['j1', 'j2'], new Set(['j2']), (j) => sheets.get(j)) // → [{ jurorId: 'j1', status: 'scored', sheet }, { jurorId: 'j2', status: 'recused' }]
 */
export function slotJurors(
	seats: readonly string[],
	recused: ReadonlySet<string>,
	latestSheet: (jurorId: string) => ScoreSheet | undefined
): JurorEntry[] {
	return seats.map((jurorId): JurorEntry => {
		if (recused.has(jurorId)) return { jurorId, status: 'recused' };
		const sheet = latestSheet(jurorId);
		return sheet ? { jurorId, status: 'scored', sheet } : { jurorId, status: 'absent' };
	});
}

/** A stored correction as the scoring core takes it. */
function asAmendment(a: StoredCorrection): Amendment {
	switch (a.kind) {
		case 'prior_score':
			return { kind: 'prior_score', bodyId: a.bodyId, priorScore: a.value, reason: a.reason };
		case 'presentation_score':
			return { kind: 'presentation_score', bodyId: a.bodyId, score: a.value, reason: a.reason };
		case 'final_score':
			return { kind: 'final_score', bodyId: a.bodyId, score: a.value, reason: a.reason };
		case 'juror_sheet':
			return { kind: 'score', bodyId: a.bodyId, jurorId: a.jurorId as string, sheet: a.sheet as ScoreSheet, reason: a.reason };
	}
}

/**
 * The inputs with the stored corrections applied in order. A correction that does not concern the
 * inputs is skipped: a body outside them (the live leaderboard ranks only bodies that presented),
 * or a slot or juror they do not hold (a juror unseated from the panel since).
 *
 * @example const inputs = withStoredCorrections(raw, await storedAmendments(db, evaluationId));
 */
export function withStoredCorrections(inputs: ResultInputs, corrections: readonly StoredCorrection[]): ResultInputs {
	const present = new Set(inputs.bodies.map((b) => b.bodyId));
	const panels = new Map(inputs.slots.map((s) => [s.bodyId, new Set(s.jurors.map((j) => j.jurorId))]));
	const concerns = (a: StoredCorrection) => {
		if (!present.has(a.bodyId)) return false;
		if (a.kind === 'prior_score' || a.kind === 'final_score') return true;
		const jurors = panels.get(a.bodyId);
		return jurors !== undefined && (a.kind === 'presentation_score' || jurors.has(a.jurorId as string));
	};
	return corrections.filter(concerns).reduce((acc, a) => applyAmendment(acc, asAmendment(a)), inputs);
}
