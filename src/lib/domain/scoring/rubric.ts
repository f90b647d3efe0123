import { describeValue, errorFromIssues, isRecord } from './errors';
import type { ValidationIssue, ValidationResult } from './errors';
import type { Criterion, ScoreLevel } from './types';

/** Tolerance for "is a whole number of steps" checks: decimal steps such as 0.1 are not exact in binary. */
const STEP_EPSILON = 1e-9;

/** Letters and digits first, so codes can never be '__proto__' or similar object keys. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** A validated criterion with the number of steps on its scale precomputed. */
export interface CompiledCriterion extends Criterion {
	/** (max − min) / step, a whole number. */
	steps: number;
}

/** A rubric validated once, ready for fast repeated scoring. */
export interface CompiledRubric {
	/** Sorted by code, so sums do not depend on the order the rubric was written in. */
	criteria: CompiledCriterion[];
	/** code → position in `criteria`. */
	index: Map<string, number>;
}

/**
 * Number of steps of size `step` from `from` to `value`, or null when `value`
 * is not on the grid. Shared by the scale check and the score-sheet check.
 */
export function stepIndex(value: number, from: number, step: number): number | null {
	const q = (value - from) / step;
	const n = Math.round(q);
	return Math.abs(q - n) <= STEP_EPSILON * Math.max(1, Math.abs(q)) ? n : null;
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function checkNumber(value: unknown, path: string, label: string, issues: ValidationIssue[]): value is number {
	if (isFiniteNumber(value)) return true;
	issues.push(
		value === undefined
			? { code: 'missing_field', path, message: `${label} is missing.` }
			: { code: 'not_a_number', path, message: `${label} must be a number; got ${describeValue(value)}.` }
	);
	return false;
}

function checkLevels(
	value: unknown,
	at: string,
	label: string,
	scale: { min: number; max: number; step: number } | null,
	issues: ValidationIssue[]
): ScoreLevel[] | undefined {
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) {
		issues.push({ code: 'not_a_list', path: `${at}.levels`, message: `The level descriptions of ${label} must be a list.` });
		return undefined;
	}
	const levels: ScoreLevel[] = [];
	// Array.from, not forEach: holes in a sparse list must be reported, not skipped.
	Array.from(value, (level: unknown, j) => {
		const path = `${at}.levels[${j}]`;
		if (!isRecord(level) || typeof level.text !== 'string' || !isFiniteNumber(level.score)) {
			issues.push({ code: 'bad_level', path, message: `Level ${j + 1} of ${label} needs a numeric score and a text.` });
			return;
		}
		if (scale && (level.score < scale.min || level.score > scale.max || stepIndex(level.score, scale.min, scale.step) === null)) {
			issues.push({
				code: 'bad_level',
				path,
				message: `Level ${j + 1} of ${label} has score ${level.score}, which is not a possible score on its scale.`,
				params: { score: level.score }
			});
			return;
		}
		levels.push({ score: level.score, text: level.text });
	});
	return levels;
}

function checkCriterion(input: unknown, i: number, seen: Set<string>, issues: ValidationIssue[]): Criterion | null {
	const at = `criteria[${i}]`;
	if (!isRecord(input)) {
		issues.push({ code: 'not_an_object', path: at, message: `Criterion ${i + 1} must be an object; got ${describeValue(input)}.` });
		return null;
	}
	const before = issues.length;
	const { code, name, description } = input;
	let label = `criterion ${i + 1}`;
	if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
		issues.push({
			code: code === undefined ? 'missing_field' : 'bad_code',
			path: `${at}.code`,
			message: `Criterion ${i + 1} needs a code of up to 32 letters, digits, '.', '_' or '-', starting with a letter or digit; got ${describeValue(code)}.`
		});
	} else if (seen.has(code)) {
		issues.push({
			code: 'duplicate_code',
			path: `${at}.code`,
			message: `The code ${code} is used by more than one criterion.`,
			params: { code }
		});
	} else {
		seen.add(code);
		label = code;
	}
	if (typeof name !== 'string' || name.trim() === '') {
		issues.push({
			code: name === undefined ? 'missing_field' : 'wrong_type',
			path: `${at}.name`,
			message: `Criterion ${label} needs a name.`
		});
	}
	if (description !== undefined && typeof description !== 'string') {
		issues.push({ code: 'wrong_type', path: `${at}.description`, message: `The description of ${label} must be text.` });
	}
	if (checkNumber(input.weight, `${at}.weight`, `The weight of ${label}`, issues) && input.weight <= 0) {
		issues.push({
			code: 'bad_weight',
			path: `${at}.weight`,
			message: `The weight of ${label} is ${input.weight}; it must be more than 0.`,
			params: { weight: input.weight }
		});
	}
	const { min, max, step } = input;
	const numbersOk = [
		checkNumber(min, `${at}.min`, `The minimum score of ${label}`, issues),
		checkNumber(max, `${at}.max`, `The maximum score of ${label}`, issues),
		checkNumber(step, `${at}.step`, `The step of ${label}`, issues)
	].every(Boolean);
	let scale: { min: number; max: number; step: number } | null = null;
	if (numbersOk) {
		const s = { min: min as number, max: max as number, step: step as number };
		const problem =
			s.min >= s.max
				? `its minimum (${s.min}) must be below its maximum (${s.max})`
				: s.step <= 0
					? `its step must be more than 0; got ${s.step}`
					: stepIndex(s.max, s.min, s.step) === null
						? `the maximum ${s.max} cannot be reached from ${s.min} in steps of ${s.step}`
						: null;
		if (problem) {
			issues.push({ code: 'bad_scale', path: at, message: `The scale of ${label} is not usable: ${problem}.`, params: s });
		} else {
			scale = s;
		}
	}
	const levels = checkLevels(input.levels, at, label, scale, issues);
	if (issues.length > before) return null;
	const criterion: Criterion = {
		code: code as string,
		name: name as string,
		description: (description as string | undefined) ?? '',
		weight: input.weight as number,
		min: min as number,
		max: max as number,
		step: step as number
	};
	if (levels) criterion.levels = levels;
	return criterion;
}

/**
 * Checks a rubric: a non-empty list of criteria with unique codes, positive
 * weights summing to 100 and usable scales. Never throws.
 *
 * @example
 * const r = validateRubric(JSON.parse(body));
 * if (!r.ok) showIssues(r.issues); // e.g. 'weights_sum': "The criterion weights add up to 95; they must add up to 100."
 */
export function validateRubric(input: unknown): ValidationResult<Criterion[]> {
	if (!Array.isArray(input)) {
		return {
			ok: false,
			issues: [{ code: 'not_a_list', path: 'criteria', message: `A rubric must be a list of criteria; got ${describeValue(input)}.` }]
		};
	}
	if (input.length === 0) {
		return { ok: false, issues: [{ code: 'empty', path: 'criteria', message: 'A rubric needs at least one criterion.' }] };
	}
	const issues: ValidationIssue[] = [];
	const seen = new Set<string>();
	// Array.from, not map: holes in a sparse list must be reported, not skipped.
	const criteria = Array.from(input, (c: unknown, i) => checkCriterion(c, i, seen, issues));
	const weights = Array.from(input, (c: unknown) => (isRecord(c) ? c.weight : undefined));
	if (weights.every(isFiniteNumber)) {
		const sum = weights.reduce((a, b) => a + b, 0);
		if (Math.abs(sum - 100) > STEP_EPSILON * 100) {
			issues.push({
				code: 'weights_sum',
				path: 'criteria',
				message: `The criterion weights add up to ${+sum.toFixed(6)}; they must add up to 100.`,
				params: { sum }
			});
		}
	}
	return issues.length > 0 ? { ok: false, issues } : { ok: true, value: criteria as Criterion[] };
}

/**
 * Validates a rubric and prepares it for scoring, reporting problems as issues.
 *
 * @example
 * const r = tryCompileRubric(input);
 * if (r.ok) readSheet(r.value, sheet, false);
 */
export function tryCompileRubric(rubric: unknown): ValidationResult<CompiledRubric> {
	const result = validateRubric(rubric);
	if (!result.ok) return result;
	const criteria = result.value
		.map((c) => ({ ...c, steps: stepIndex(c.max, c.min, c.step) as number }))
		.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	return { ok: true, value: { criteria, index: new Map(criteria.map((c, i) => [c.code, i])) } };
}

/**
 * Validates a rubric and prepares it for scoring.
 * @throws ScoringError 'invalid_rubric' with the issues as details.
 *
 * @example
 * const compiled = compileRubric(MONEV_KIP_PRESET.rubric);
 */
export function compileRubric(rubric: unknown): CompiledRubric {
	const result = tryCompileRubric(rubric);
	if (!result.ok) throw errorFromIssues('invalid_rubric', 'The rubric', result.issues);
	return result.value;
}
