import { describeValue, isRecord } from './errors';
import type { ValidationIssue, ValidationResult } from './errors';
import type { AggregationRule, Band, Rubric, ScoringRules, TieBreakKey, TrimStep } from './types';

const METHODS: readonly AggregationRule['method'][] = ['mean', 'median', 'trimmed_mean'];
const NON_PRESENTER: readonly ScoringRules['nonPresenter'][] = ['prior_only', 'zero_presentation'];

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function isWhole(value: unknown, min: number): value is number {
	return Number.isInteger(value) && (value as number) >= min;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], path: string, label: string, issues: ValidationIssue[]): T | null {
	if ((options as readonly unknown[]).includes(value)) return value as T;
	issues.push({ code: 'unknown_option', path, message: `${label} must be one of ${options.join(', ')}; got ${describeValue(value)}.` });
	return null;
}

function checkStageWeights(input: unknown, issues: ValidationIssue[]): ScoringRules['stageWeights'] | null {
	if (!isRecord(input)) {
		issues.push({
			code: 'not_an_object',
			path: 'stageWeights',
			message: 'The stage weights must give a weight for prior and presentation.'
		});
		return null;
	}
	const { prior, presentation } = input;
	let ok = true;
	for (const [key, value] of [
		['prior', prior],
		['presentation', presentation]
	] as const) {
		if (!isFiniteNumber(value) || value < 0) {
			issues.push({
				code: 'bad_weight',
				path: `stageWeights.${key}`,
				message: `The ${key} stage weight must be a number of 0 or more; got ${describeValue(value)}.`
			});
			ok = false;
		}
	}
	if (!ok) return null;
	const sum = (prior as number) + (presentation as number);
	if (Math.abs(sum - 100) > 1e-7) {
		issues.push({
			code: 'weights_sum',
			path: 'stageWeights',
			message: `The stage weights add up to ${sum}; they must add up to 100.`,
			params: { sum }
		});
		return null;
	}
	return { prior: prior as number, presentation: presentation as number };
}

function checkBands(input: unknown, issues: ValidationIssue[]): Band[] | null {
	if (!Array.isArray(input) || input.length === 0) {
		issues.push({
			code: Array.isArray(input) ? 'empty' : 'not_a_list',
			path: 'bands',
			message: 'The qualification bands must be a non-empty list, highest first.'
		});
		return null;
	}
	const before = issues.length;
	const labels = new Set<string>();
	const bands: Band[] = [];
	// Array.from, not forEach, here and below: holes in a sparse list must be reported, not skipped.
	Array.from(input, (band: unknown, i) => {
		const path = `bands[${i}]`;
		if (!isRecord(band) || typeof band.label !== 'string' || band.label.trim() === '' || !isFiniteNumber(band.min)) {
			issues.push({ code: 'bad_band', path, message: `Band ${i + 1} needs a label and a numeric minimum score.` });
			return;
		}
		if (labels.has(band.label)) {
			issues.push({
				code: 'duplicate_label',
				path: `${path}.label`,
				message: `The band label ${describeValue(band.label)} is used twice.`
			});
		}
		labels.add(band.label);
		const previous = bands[bands.length - 1];
		if (previous && band.min >= previous.min) {
			issues.push({
				code: 'bad_band',
				path: `${path}.min`,
				message: `Band ${describeValue(band.label)} starts at ${band.min}, not below the band before it (${previous.min}); list bands from highest to lowest.`
			});
		}
		bands.push({ label: band.label, min: band.min });
	});
	return issues.length > before ? null : bands;
}

function checkTrim(input: unknown, issues: ValidationIssue[]): TrimStep[] | null {
	if (!Array.isArray(input)) {
		issues.push({ code: 'not_a_list', path: 'aggregation.trim', message: 'The trimming steps must be a list (it may be empty).' });
		return null;
	}
	const before = issues.length;
	const seen = new Set<number>();
	const steps: TrimStep[] = [];
	Array.from(input, (step: unknown, i) => {
		const path = `aggregation.trim[${i}]`;
		if (!isRecord(step) || !isWhole(step.minValid, 1) || !isWhole(step.dropEachSide, 0)) {
			issues.push({
				code: 'bad_trim',
				path,
				message: `Trimming step ${i + 1} needs a whole minValid of 1 or more and a whole dropEachSide of 0 or more.`
			});
		} else if (2 * step.dropEachSide >= step.minValid) {
			issues.push({
				code: 'bad_trim',
				path,
				message: `Trimming step ${i + 1} drops ${step.dropEachSide} scores at each end of ${step.minValid}, which leaves none.`
			});
		} else if (seen.has(step.minValid)) {
			issues.push({ code: 'bad_trim', path, message: `More than one trimming step starts at ${step.minValid} valid scores.` });
		} else {
			seen.add(step.minValid);
			steps.push({ minValid: step.minValid, dropEachSide: step.dropEachSide });
		}
	});
	// Sorted so that the order steps were typed in does not change the rules' hash.
	return issues.length > before ? null : steps.sort((a, b) => b.minValid - a.minValid);
}

function checkAggregation(input: unknown, issues: ValidationIssue[]): AggregationRule | null {
	if (!isRecord(input)) {
		issues.push({ code: 'not_an_object', path: 'aggregation', message: 'The aggregation rule is missing.' });
		return null;
	}
	const method = oneOf(input.method, METHODS, 'aggregation.method', 'The aggregation method', issues);
	const trim = checkTrim(input.trim, issues);
	const { quorum, normalise } = input;
	if (!isWhole(quorum, 1)) {
		issues.push({
			code: 'bad_value',
			path: 'aggregation.quorum',
			message: `The quorum must be a whole number of at least 1; got ${describeValue(quorum)}.`
		});
	}
	if (typeof normalise !== 'boolean') {
		issues.push({
			code: 'wrong_type',
			path: 'aggregation.normalise',
			message: `Normalisation must be on or off (true or false); got ${describeValue(normalise)}.`
		});
	}
	return method && trim && isWhole(quorum, 1) && typeof normalise === 'boolean' ? { method, trim, quorum, normalise } : null;
}

function checkTieBreak(input: unknown, codes: Set<string> | null, issues: ValidationIssue[]): TieBreakKey[] | null {
	if (!Array.isArray(input)) {
		issues.push({ code: 'not_a_list', path: 'tieBreak', message: 'The tie-break chain must be a list (it may be empty).' });
		return null;
	}
	const before = issues.length;
	const keys: TieBreakKey[] = [];
	Array.from(input, (key: unknown, i) => {
		const path = `tieBreak[${i}]`;
		const kind = isRecord(key) ? key.kind : undefined;
		if (kind === 'presentation' || kind === 'prior') {
			keys.push({ kind });
		} else if (kind === 'criterion' && isRecord(key) && typeof key.code === 'string' && (codes === null || codes.has(key.code))) {
			keys.push({ kind, code: key.code });
		} else if (kind === 'criterion') {
			issues.push({
				code: 'unknown_criterion',
				path: `${path}.code`,
				message: `Tie-break ${i + 1} names criterion ${describeValue(isRecord(key) ? key.code : undefined)}, which is not in the rubric.`
			});
		} else {
			issues.push({
				code: 'unknown_option',
				path,
				message: `Tie-break ${i + 1} must be by presentation, prior or criterion; got ${describeValue(kind)}.`
			});
		}
	});
	return issues.length > before ? null : keys;
}

/**
 * Checks scoring rules (stage weights summing to 100, bands highest first,
 * a usable aggregation rule, a valid tie-break chain). With a rubric, the
 * criteria named in the tie-break chain must exist in it. Never throws.
 *
 * @example
 * const r = validateRules({ ...MONEV_KIP_PRESET.rules, stageWeights: { prior: 70, presentation: 20 } });
 * // r.ok === false; r.issues[0].code === 'weights_sum'
 */
export function validateRules(input: unknown, rubric?: Rubric): ValidationResult<ScoringRules> {
	if (!isRecord(input)) {
		return {
			ok: false,
			issues: [{ code: 'not_an_object', path: '', message: `Scoring rules must be an object; got ${describeValue(input)}.` }]
		};
	}
	const issues: ValidationIssue[] = [];
	const codes = Array.isArray(rubric)
		? new Set(rubric.map((c: unknown) => (isRecord(c) ? c.code : undefined)).filter((c): c is string => typeof c === 'string'))
		: null;
	const stageWeights = checkStageWeights(input.stageWeights, issues);
	const nonPresenter = oneOf(input.nonPresenter, NON_PRESENTER, 'nonPresenter', 'The rule for bodies that did not present', issues);
	const bands = checkBands(input.bands, issues);
	const aggregation = checkAggregation(input.aggregation, issues);
	const tieBreak = checkTieBreak(input.tieBreak, codes, issues);
	const tolerance = input.divergenceTolerance;
	if (!isFiniteNumber(tolerance) || tolerance < 0) {
		issues.push({
			code: 'bad_value',
			path: 'divergenceTolerance',
			message: `The divergence tolerance must be a number of points, 0 or more; got ${describeValue(tolerance)}.`
		});
	}
	if (issues.length > 0 || !stageWeights || !nonPresenter || !bands || !aggregation || !tieBreak) return { ok: false, issues };
	return { ok: true, value: { stageWeights, nonPresenter, bands, aggregation, tieBreak, divergenceTolerance: tolerance as number } };
}
