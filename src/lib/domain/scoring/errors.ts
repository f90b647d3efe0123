/** Machine codes of validation issues; the UI may translate on them. */
export type ValidationIssueCode =
	| 'not_an_object'
	| 'not_a_list'
	| 'empty'
	| 'missing_field'
	| 'wrong_type'
	| 'not_a_number'
	| 'bad_code'
	| 'duplicate_code'
	| 'bad_weight'
	| 'weights_sum'
	| 'bad_scale'
	| 'bad_level'
	| 'unknown_criterion'
	| 'missing_score'
	| 'out_of_range'
	| 'off_step'
	| 'unknown_option'
	| 'bad_value'
	| 'bad_band'
	| 'duplicate_label'
	| 'bad_trim';

export interface ValidationIssue {
	code: ValidationIssueCode;
	/** Where the problem is, e.g. 'K3' or 'criteria[2].weight'. */
	path: string;
	/** An English sentence a secretariat understands. */
	message: string;
	params?: Record<string, string | number>;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Thrown by computing functions on bad input, so that a wrong number is never
 * returned silently.
 *
 * @example
 * try { jurorTotal(rubric, { K1: Number.NaN }) }
 * catch (e) { if (e instanceof ScoringError) console.log(e.code) } // 'invalid_sheet'
 */
export class ScoringError extends Error {
	readonly code: string;
	readonly details?: unknown;

	constructor(code: string, message: string, details?: unknown) {
		super(message);
		this.name = 'ScoringError';
		this.code = code;
		this.details = details;
	}
}

/**
 * Renders any value for a message. Template literals throw on symbols and on
 * objects without a prototype, and validators must never throw.
 */
export function describeValue(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
		case 'number':
		case 'boolean':
		case 'bigint':
			return String(value);
		case 'undefined':
			return 'nothing';
		case 'symbol':
			return 'a symbol';
		case 'function':
			return 'a function';
		default:
			return value === null ? 'null' : Array.isArray(value) ? 'a list' : 'an object';
	}
}

/** True for a non-null, non-array object whose fields can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns validation issues into the error a computing function throws, keeping
 * the issues as details so the UI can show all of them.
 */
export function errorFromIssues(code: string, subject: string, issues: ValidationIssue[]): ScoringError {
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
	return new ScoringError(code, `${subject} is not valid: ${issues[0].message}${more}`, issues);
}
