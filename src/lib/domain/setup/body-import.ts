/**
 * Validation of imported public bodies (CSV or XLSX rows, already read into cells): the whole
 * file is checked first, and nothing is imported while any row is in error. Pure: parsing the
 * file itself happens in the service.
 */

/** Which source column holds each field; other layouts than the sample are mapped here. */
export interface BodyColumnMapping {
	category: string;
	name: string;
	shortName?: string;
	priorScore: string;
	/** A stable key for re-imports; by default the body's name. */
	key?: string;
}

export const SAMPLE_MAPPING: BodyColumnMapping = {
	category: 'category',
	name: 'name',
	shortName: 'short_name',
	priorScore: 'saq_score_demo'
};

export interface ImportRow {
	/** The line number a secretariat sees in their spreadsheet (header = 1). */
	line: number;
	cells: Readonly<Record<string, unknown>>;
}

export type ImportIssueCode =
	'missing_column' | 'missing_value' | 'not_a_number' | 'out_of_range' | 'duplicate' | 'too_long' | 'formula_error';

export interface ImportIssue {
	line: number;
	column: string;
	code: ImportIssueCode;
	message: string;
}

export interface ImportedBody {
	line: number;
	key: string;
	category: string;
	name: string;
	shortName: string;
	priorScore: number;
	invited: boolean;
}

export interface BodyImportResult {
	bodies: ImportedBody[];
	issues: ImportIssue[];
}

const MAX_TEXT = 200;

/** Names compare without case, accents' spacing or repeated blanks: "Pemerintah  Provinsi Aceh" = "pemerintah provinsi aceh". */
export function normaliseKey(text: string): string {
	return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function text(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.normalize('NFKC').trim().replace(/\s+/g, ' ');
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString();
	return '';
}

/**
 * Reads a score the way people type it: 96.5, "96.50", "96,50" (Indonesian decimal comma).
 * Thousands separators are refused rather than guessed: "1.234,5" is no SAQ score.
 */
export function parseScore(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	const raw = text(value);
	if (!/^-?\d+([.,]\d+)?$/.test(raw)) return null;
	return Number(raw.replace(',', '.'));
}

/**
 * Checks every row against the mapping and returns the bodies or, per row, what is wrong
 * (line, column, reason). Bodies at or above the passing grade are marked invited.
 *
 * @example validateBodyRows(rows, SAMPLE_MAPPING, { passingGrade: 60 }) // → { bodies: [...], issues: [] }
 */
export function validateBodyRows(
	rows: readonly ImportRow[],
	headers: readonly string[],
	mapping: BodyColumnMapping,
	opts: { passingGrade: number }
): BodyImportResult {
	const issues: ImportIssue[] = [];
	const required: [keyof BodyColumnMapping, string | undefined][] = [
		['category', mapping.category],
		['name', mapping.name],
		['priorScore', mapping.priorScore],
		['shortName', mapping.shortName],
		['key', mapping.key]
	];
	for (const [field, column] of required) {
		if (column !== undefined && !headers.includes(column)) {
			issues.push({
				line: 1,
				column,
				code: 'missing_column',
				message: `Column "${column}" (for ${field}) is not in the file; its columns are: ${headers.join(', ')}`
			});
		}
	}
	if (issues.length > 0) return { bodies: [], issues };

	const bodies: ImportedBody[] = [];
	const firstLineOfKey = new Map<string, number>();
	for (const row of rows) {
		const before = issues.length;
		const cell = (column: string) => row.cells[column];
		const field = (column: string | undefined, label: string, requiredValue: boolean): string => {
			if (column === undefined) return '';
			const raw = cell(column);
			if (typeof raw === 'object' && raw !== null && 'error' in raw) {
				issues.push({
					line: row.line,
					column,
					code: 'formula_error',
					message: `${label} is a formula that failed (${String((raw as { error: unknown }).error)})`
				});
				return '';
			}
			const value = text(raw);
			if (requiredValue && value === '') issues.push({ line: row.line, column, code: 'missing_value', message: `${label} is empty` });
			if (value.length > MAX_TEXT)
				issues.push({ line: row.line, column, code: 'too_long', message: `${label} is longer than ${MAX_TEXT} characters` });
			return value;
		};
		const category = field(mapping.category, 'The category', true);
		const name = field(mapping.name, 'The name', true);
		const shortName = field(mapping.shortName, 'The short name', false) || name;
		const key = normaliseKey(field(mapping.key, 'The key', true) || name);

		const rawScore = cell(mapping.priorScore);
		const score = parseScore(rawScore);
		if (text(rawScore) === '' && typeof rawScore !== 'number') {
			issues.push({ line: row.line, column: mapping.priorScore, code: 'missing_value', message: 'The score is empty' });
		} else if (score === null) {
			issues.push({
				line: row.line,
				column: mapping.priorScore,
				code: 'not_a_number',
				message: `"${text(rawScore)}" is not a number (write 96.5 or 96,5)`
			});
		} else if (score < 0 || score > 100) {
			issues.push({ line: row.line, column: mapping.priorScore, code: 'out_of_range', message: `${score} is outside 0–100` });
		}

		if (key) {
			const seen = firstLineOfKey.get(key);
			if (seen !== undefined) {
				issues.push({ line: row.line, column: mapping.key ?? mapping.name, code: 'duplicate', message: `Same body as line ${seen}` });
			} else {
				firstLineOfKey.set(key, row.line);
			}
		}
		if (issues.length === before && score !== null) {
			bodies.push({ line: row.line, key, category, name, shortName, priorScore: score, invited: score >= opts.passingGrade });
		}
	}
	return { bodies: issues.length > 0 ? [] : bodies, issues };
}
