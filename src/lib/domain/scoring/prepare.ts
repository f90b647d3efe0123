import { errorFromIssues, isRecord, ScoringError, describeValue } from './errors';
import { compileRubric } from './rubric';
import type { CompiledRubric } from './rubric';
import { validateRules } from './rules';
import { readSheet } from './score-sheet';
import type { BodyInput, JurorEntry, ResultInputs, Rubric, ScoringRules } from './types';

/** A juror entry checked and reduced to what scoring needs. */
export interface PreparedJuror {
	jurorId: string;
	status: JurorEntry['status'];
	/** Step indices in compiled-rubric order; null unless scored. */
	steps: number[] | null;
}

export interface PreparedSlot {
	bodyId: string;
	panelId: string | null;
	/** Sorted by jurorId. */
	jurors: PreparedJuror[];
}

/**
 * Inputs validated and put in canonical order (bodies, slots and jurors sorted
 * by id), so that everything computed from them is independent of input order.
 */
export interface PreparedInputs {
	rubric: CompiledRubric;
	rules: ScoringRules;
	/** Sorted by bodyId; copies holding only the fields that affect results. */
	bodies: BodyInput[];
	/** Sorted by bodyId. */
	slots: PreparedSlot[];
}

const STATUSES: readonly unknown[] = ['scored', 'recused', 'absent'];

/** Code-unit order: the same on every machine and locale. */
export function byId(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function isId(value: unknown): value is string {
	return typeof value === 'string' && value !== '';
}

/**
 * Validates scoring rules against a compiled rubric.
 * @throws ScoringError 'invalid_rules'
 */
export function prepareRules(rules: unknown, rubric: CompiledRubric): ScoringRules {
	const result = validateRules(rules, rubric.criteria as Rubric);
	if (!result.ok) throw errorFromIssues('invalid_rules', 'The scoring rules', result.issues);
	return result.value;
}

function prepareBodies(input: unknown): BodyInput[] {
	if (!Array.isArray(input)) throw new ScoringError('invalid_inputs', `The bodies must be a list; got ${describeValue(input)}.`);
	const seen = new Set<string>();
	// Array.from, not map, here and below: holes in a sparse list must fail, not vanish.
	return Array.from(input, (body: unknown, i): BodyInput => {
		if (!isRecord(body) || !isId(body.bodyId) || !isId(body.categoryId)) {
			throw new ScoringError('invalid_body', `Body ${i + 1} needs a bodyId and a categoryId.`, { index: i });
		}
		const { bodyId, categoryId, priorScore } = body;
		if (seen.has(bodyId)) throw new ScoringError('duplicate_body', `The body ${bodyId} is listed more than once.`, { bodyId });
		seen.add(bodyId);
		if (typeof priorScore !== 'number' || !Number.isFinite(priorScore) || priorScore < 0 || priorScore > 100) {
			throw new ScoringError(
				'invalid_prior_score',
				`The prior (SAQ) score of ${bodyId} must be a number from 0 to 100; got ${describeValue(priorScore)}.`,
				{
					bodyId
				}
			);
		}
		return { bodyId, categoryId, priorScore, ...prepareOverrides(body, bodyId) };
	}).sort((a, b) => byId(a.bodyId, b.bodyId));
}

/** A body's corrected scores, checked: each absent, or a number from 0 to 100. */
function prepareOverrides(body: Record<string, unknown>, bodyId: string): Pick<BodyInput, 'presentationOverride' | 'finalOverride'> {
	const out: Pick<BodyInput, 'presentationOverride' | 'finalOverride'> = {};
	for (const key of ['presentationOverride', 'finalOverride'] as const) {
		const value = body[key];
		if (value === undefined) continue;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
			throw new ScoringError(
				'invalid_override',
				`The corrected score (${key}) of ${bodyId} must be a number from 0 to 100; got ${describeValue(value)}.`,
				{
					bodyId
				}
			);
		}
		out[key] = value;
	}
	return out;
}

/**
 * Validates one slot's jurors and reads their sheets.
 * @throws ScoringError 'invalid_slot', 'empty_panel', 'invalid_juror', 'duplicate_juror', 'invalid_sheet'
 */
export function prepareSlot(rubric: CompiledRubric, slot: unknown): PreparedSlot {
	if (!isRecord(slot) || !isId(slot.bodyId) || !(slot.panelId === undefined || isId(slot.panelId))) {
		throw new ScoringError('invalid_slot', `A slot needs a bodyId (and, optionally, a panelId); got ${describeValue(slot)}.`);
	}
	const { bodyId, jurors } = slot;
	if (!Array.isArray(jurors) || jurors.length === 0) {
		throw new ScoringError('empty_panel', `The slot of ${bodyId} has no jurors.`, { bodyId });
	}
	const prepared = Array.from(jurors, (juror: unknown): PreparedJuror => {
		if (!isRecord(juror) || !isId(juror.jurorId) || !STATUSES.includes(juror.status)) {
			throw new ScoringError('invalid_juror', `A juror of ${bodyId} needs a jurorId and a status of scored, recused or absent.`, {
				bodyId
			});
		}
		const jurorId = juror.jurorId;
		const status = juror.status as JurorEntry['status'];
		if (status !== 'scored') return { jurorId, status, steps: null };
		const { issues, steps } = readSheet(rubric, juror.sheet, false);
		if (issues.length > 0) {
			const error = errorFromIssues('invalid_sheet', `The score sheet of juror ${jurorId} for ${bodyId}`, issues);
			throw new ScoringError(error.code, error.message, { bodyId, jurorId, issues });
		}
		return { jurorId, status, steps };
	});
	prepared.sort((a, b) => byId(a.jurorId, b.jurorId));
	// Sorted, so a juror listed twice sits next to itself; cheaper than a Set per slot.
	for (let i = 1; i < prepared.length; i++) {
		const jurorId = prepared[i].jurorId;
		if (jurorId === prepared[i - 1].jurorId) {
			throw new ScoringError('duplicate_juror', `Juror ${jurorId} appears twice in the slot of ${bodyId}.`, { bodyId, jurorId });
		}
	}
	return { bodyId, panelId: (slot.panelId as string | undefined) ?? null, jurors: prepared };
}

/**
 * Validates result inputs and puts them in canonical order.
 * @throws ScoringError naming the first problem found ('invalid_rubric', 'invalid_rules',
 * 'invalid_prior_score', 'invalid_override', 'duplicate_body', 'unknown_body', 'duplicate_slot', 'empty_panel',
 * 'invalid_sheet', 'no_slot' for a corrected presentation score of a body that did not present…).
 */
export function prepareInputs(inputs: ResultInputs): PreparedInputs {
	if (!isRecord(inputs)) throw new ScoringError('invalid_inputs', `Result inputs must be an object; got ${describeValue(inputs)}.`);
	const rubric = compileRubric(inputs.rubric);
	const rules = prepareRules(inputs.rules, rubric);
	const bodies = prepareBodies(inputs.bodies);
	if (!Array.isArray(inputs.slots))
		throw new ScoringError('invalid_inputs', `The slots must be a list; got ${describeValue(inputs.slots)}.`);
	const known = new Set(bodies.map((b) => b.bodyId));
	const slotted = new Set<string>();
	const slots = Array.from(inputs.slots as unknown[], (input) => {
		const slot = prepareSlot(rubric, input);
		if (!known.has(slot.bodyId))
			throw new ScoringError('unknown_body', `A slot names ${slot.bodyId}, which is not among the bodies.`, { bodyId: slot.bodyId });
		if (slotted.has(slot.bodyId))
			throw new ScoringError('duplicate_slot', `${slot.bodyId} has more than one slot.`, { bodyId: slot.bodyId });
		slotted.add(slot.bodyId);
		return slot;
	});
	const unslotted = bodies.find((b) => b.presentationOverride !== undefined && !slotted.has(b.bodyId));
	if (unslotted) {
		throw new ScoringError('no_slot', `${unslotted.bodyId} did not present, so it has no presentation score to correct.`, {
			bodyId: unslotted.bodyId
		});
	}
	return { rubric, rules, bodies, slots: slots.sort((a, b) => byId(a.bodyId, b.bodyId)) };
}
