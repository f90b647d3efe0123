import { describeValue, isRecord } from './errors';
import type { ValidationIssue, ValidationResult } from './errors';
import { stepIndex, tryCompileRubric } from './rubric';
import type { CompiledCriterion, CompiledRubric } from './rubric';
import type { Rubric, ScoreSheet } from './types';

/** What reading a sheet yields: its problems, and each criterion's score as a step index. */
export interface SheetReading {
	issues: ValidationIssue[];
	/** Step index per criterion, in compiled (code) order; -1 where missing. */
	steps: number[];
}

function scoreLabel(c: CompiledCriterion): string {
	return `The score for ${c.code} (${c.name})`;
}

/** Shared by every clean sheet; frozen so no caller can add to it. */
const NO_ISSUES: ValidationIssue[] = Object.freeze([]) as unknown as ValidationIssue[];

/**
 * Reads a score sheet against a compiled rubric in one pass. Scores are kept
 * as step indices: they are exact integers, so totals and hashes do not depend
 * on how a decimal score happened to be represented.
 */
export function readSheet(rubric: CompiledRubric, input: unknown, partial: boolean): SheetReading {
	const { criteria, index } = rubric;
	const steps = new Array<number>(criteria.length);
	if (!isRecord(input)) {
		return {
			issues: [
				{ code: 'not_an_object', path: '', message: `A score sheet must map criterion codes to scores; got ${describeValue(input)}.` }
			],
			steps: steps.fill(-1)
		};
	}
	// Allocated on the first problem only: thousands of sheets are read per recomputation.
	let issues: ValidationIssue[] | null = null;
	let present = 0;
	for (let i = 0; i < criteria.length; i++) {
		const c = criteria[i];
		const value = input[c.code];
		steps[i] = -1;
		if (value === undefined && !Object.hasOwn(input, c.code)) {
			if (!partial)
				(issues ??= []).push({
					code: 'missing_score',
					path: c.code,
					message: `${c.code} (${c.name}) has no score.`,
					params: { code: c.code }
				});
			continue;
		}
		present++;
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			(issues ??= []).push({
				code: 'not_a_number',
				path: c.code,
				message: `${scoreLabel(c)} must be a number; got ${describeValue(value)}.`
			});
			continue;
		}
		const n = stepIndex(value, c.min, c.step);
		// The range test allows the same rounding slack as the step test, so 0.1 × 3 on a 0–0.3 scale is accepted.
		if ((n === null && (value < c.min || value > c.max)) || (n !== null && (n < 0 || n > c.steps))) {
			(issues ??= []).push({
				code: 'out_of_range',
				path: c.code,
				message: `${scoreLabel(c)} is ${value}; it must be between ${c.min} and ${c.max}.`,
				params: { score: value, min: c.min, max: c.max }
			});
		} else if (n === null) {
			(issues ??= []).push({
				code: 'off_step',
				path: c.code,
				message: `${scoreLabel(c)} is ${value}; it must go in steps of ${c.step} from ${c.min}.`,
				params: { score: value, step: c.step, min: c.min }
			});
		} else {
			steps[i] = n;
		}
	}
	const keys = Object.keys(input);
	if (keys.length !== present) {
		for (const code of keys) {
			if (!index.has(code)) {
				(issues ??= []).push({
					code: 'unknown_criterion',
					path: code,
					message: `${describeValue(code)} is not a criterion of this rubric.`,
					params: { code }
				});
			}
		}
	}
	return { issues: issues ?? NO_ISSUES, steps };
}

/**
 * Checks a juror's score sheet against a rubric. `partial` accepts missing
 * criteria (a draft being filled in); nothing else is ever accepted: unknown
 * codes, non-numbers, out-of-range and off-step scores are always issues.
 * An invalid rubric is reported through its own issues. Never throws.
 *
 * @example
 * const r = validateScoreSheet(MONEV_KIP_PRESET.rubric, { K1: 105 }, { partial: true });
 * // r.ok === false; r.issues[0].code === 'out_of_range', path 'K1'
 */
export function validateScoreSheet(rubric: Rubric, input: unknown, opts: { partial?: boolean } = {}): ValidationResult<ScoreSheet> {
	const read = readValidSheet(rubric, input, opts.partial === true);
	return read.ok ? { ok: true, value: read.value.sheet } : read;
}

/** A sheet that passed `validateScoreSheet`, with the compiled rubric and step indices it was read with. */
export interface ValidSheet {
	sheet: ScoreSheet;
	compiled: CompiledRubric;
	steps: number[];
}

/** `validateScoreSheet`, keeping what the reading produced, so a total needs no second reading. */
export function readValidSheet(rubric: Rubric, input: unknown, partial: boolean): ValidationResult<ValidSheet> {
	const compiled = tryCompileRubric(rubric);
	if (!compiled.ok) return compiled;
	const { issues, steps } = readSheet(compiled.value, input, partial);
	if (issues.length > 0) return { ok: false, issues };
	const record = input as Record<string, number>;
	const sheet = Object.fromEntries(Object.keys(record).map((code) => [code, record[code]]));
	return { ok: true, value: { sheet, compiled: compiled.value, steps } };
}
