/**
 * Validation of imported public bodies (CSV or XLSX rows, already read into cells): the whole
 * file is checked first, and nothing is imported while any row is in error. Pure: parsing the
 * file itself happens in the service.
 */
import { parseTypedNumber } from '../typed-number';
import { categoryKey, matchCategory, type CategoryRef } from './category-match';
import { isInvited } from './invitation';

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
	| 'missing_column'
	| 'missing_value'
	| 'not_a_number'
	| 'thousands_separator'
	| 'too_many_decimals'
	| 'out_of_range'
	| 'duplicate'
	| 'too_long'
	| 'formula_error';

export interface ImportIssue {
	line: number;
	column: string;
	code: ImportIssueCode;
	/** English, for logs and tests; screens translate `code` with `params`. */
	message: string;
	/** What a translated message needs: the mapped field, the value read, the first line of a duplicate… */
	params: ImportIssueParams;
}

export interface ImportIssueParams {
	field?: keyof BodyColumnMapping;
	value?: string;
	firstLine?: number;
	max?: number;
	columns?: string;
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

/** A spreadsheet formula whose cached result is an error (#REF!, #DIV/0!…), as the file reader hands it over. */
function isFormulaError(value: unknown): value is { error: unknown } {
	return typeof value === 'object' && value !== null && !(value instanceof Date) && 'error' in value;
}

/**
 * Reads a score the way people type it: 96.5, "96.50", "96,50" (Indonesian decimal comma), with at
 * most two decimals (`parseTypedNumber`). Thousands separators are refused rather than guessed:
 * "1.234,5" is no SAQ score.
 *
 * @example parseScore('81,10') // 81.1
 */
export function parseScore(value: unknown): number | null {
	const typed = parseTypedNumber(value);
	return typed.ok ? typed.value : null;
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
				message: `Column "${column}" (for ${field}) is not in the file; its columns are: ${headers.join(', ')}`,
				params: { field, columns: headers.join(', ') }
			});
		}
	}
	if (issues.length > 0) return { bodies: [], issues };

	const bodies: ImportedBody[] = [];
	const firstLineOfKey = new Map<string, number>();
	for (const row of rows) {
		const before = issues.length;
		const cell = (column: string) => row.cells[column];
		const field = (fieldName: keyof BodyColumnMapping, label: string, requiredValue: boolean): string => {
			const column = mapping[fieldName];
			if (column === undefined) return '';
			const raw = cell(column);
			if (isFormulaError(raw)) {
				const error = String(raw.error);
				issues.push({
					line: row.line,
					column,
					code: 'formula_error',
					message: `${label} is a formula that failed (${error})`,
					params: { field: fieldName, value: error }
				});
				return '';
			}
			const value = text(raw);
			if (requiredValue && value === '')
				issues.push({ line: row.line, column, code: 'missing_value', message: `${label} is empty`, params: { field: fieldName } });
			if (value.length > MAX_TEXT)
				issues.push({
					line: row.line,
					column,
					code: 'too_long',
					message: `${label} is longer than ${MAX_TEXT} characters`,
					params: { field: fieldName, max: MAX_TEXT }
				});
			return value;
		};
		const category = field('category', 'The category', true);
		const name = field('name', 'The name', true);
		const shortName = field('shortName', 'The short name', false) || name;
		const key = normaliseKey(field('key', 'The key', true) || name);

		const rawScore = cell(mapping.priorScore);
		const typed = isFormulaError(rawScore) ? null : parseTypedNumber(rawScore);
		const score = typed?.ok ? typed.value : null;
		if (isFormulaError(rawScore)) {
			issues.push({
				line: row.line,
				column: mapping.priorScore,
				code: 'formula_error',
				message: `The score is a formula that failed (${String(rawScore.error)})`,
				params: { field: 'priorScore', value: String(rawScore.error) }
			});
		} else if (typed?.ok === false && typed.problem === 'empty') {
			issues.push({
				line: row.line,
				column: mapping.priorScore,
				code: 'missing_value',
				message: 'The score is empty',
				params: { field: 'priorScore' }
			});
		} else if (typed?.ok === false && typed.problem !== 'empty') {
			const problems = {
				not_a_number: 'is not a number (write 96.5 or 96,5)',
				thousands_separator: 'groups thousands: write the score without thousands separators',
				too_many_decimals: 'has more than two decimals'
			} as const;
			issues.push({
				line: row.line,
				column: mapping.priorScore,
				code: typed.problem,
				message: `"${text(rawScore)}" ${problems[typed.problem]}`,
				params: { field: 'priorScore', value: text(rawScore) }
			});
		} else if (score !== null && (score < 0 || score > 100)) {
			issues.push({
				line: row.line,
				column: mapping.priorScore,
				code: 'out_of_range',
				message: `${score} is outside 0–100`,
				params: { field: 'priorScore', value: String(score) }
			});
		}

		if (key) {
			const seen = firstLineOfKey.get(key);
			if (seen !== undefined) {
				issues.push({
					line: row.line,
					column: mapping.key ?? mapping.name,
					code: 'duplicate',
					message: `Same body as line ${seen}`,
					params: { field: mapping.key ? 'key' : 'name', firstLine: seen }
				});
			} else {
				firstLineOfKey.set(key, row.line);
			}
		}
		if (issues.length === before && score !== null) {
			bodies.push({ line: row.line, key, category, name, shortName, priorScore: score, invited: isInvited(score, opts.passingGrade) });
		}
	}
	return { bodies: issues.length > 0 ? [] : bodies, issues };
}

/** The fields a column can be mapped to, in the order a mapping form shows them. */
export const MAPPING_FIELDS = [
	'category',
	'name',
	'shortName',
	'priorScore',
	'key'
] as const satisfies readonly (keyof BodyColumnMapping)[];
export const OPTIONAL_MAPPING_FIELDS: ReadonlySet<keyof BodyColumnMapping> = new Set(['shortName', 'key']);

/** Header names other layouts use for each field (compared normalised, "_" read as a space). */
const HEADER_ALIASES: Record<keyof BodyColumnMapping, string[]> = {
	category: ['category', 'kategori', 'kategori badan publik', 'jenis badan publik'],
	name: ['name', 'nama', 'nama badan publik', 'badan publik'],
	shortName: ['short name', 'nama singkat', 'singkatan', 'short'],
	priorScore: ['saq score demo', 'saq score', 'saq', 'nilai saq', 'skor saq', 'prior score', 'nilai', 'skor', 'score'],
	key: ['key', 'kunci', 'kode']
};

const headerKey = (header: string) => normaliseKey(header.replace(/_/g, ' '));

/**
 * The mapping to pre-select for a file: the sample layout when its headers are there, otherwise
 * the first header that matches a known name of each field. Fields with no match are left out,
 * so the form asks for them.
 *
 * @example suggestMapping(['Kategori', 'Nama Badan Publik', 'Nilai SAQ']) // → { category: 'Kategori', name: 'Nama Badan Publik', priorScore: 'Nilai SAQ' }
 */
export function suggestMapping(headers: readonly string[]): Partial<BodyColumnMapping> {
	const sampleColumns = [SAMPLE_MAPPING.category, SAMPLE_MAPPING.name, SAMPLE_MAPPING.shortName, SAMPLE_MAPPING.priorScore];
	if (sampleColumns.every((column) => column !== undefined && headers.includes(column))) return { ...SAMPLE_MAPPING };
	const suggested: Partial<BodyColumnMapping> = {};
	const taken = new Set<string>();
	for (const field of MAPPING_FIELDS) {
		for (const alias of HEADER_ALIASES[field]) {
			const header = headers.find((h) => !taken.has(h) && headerKey(h) === alias);
			if (header !== undefined) {
				suggested[field] = header;
				taken.add(header);
				break;
			}
		}
	}
	return suggested;
}

/** A body already in the evaluation, as the import plan compares it. */
export interface ExistingBody {
	id: string;
	key: string;
	categoryId: string;
	categoryName: string;
	name: string;
	shortName: string;
	priorScore: number;
}

export interface BodyChange {
	id: string;
	key: string;
	before: Partial<Record<'category' | 'name' | 'shortName' | 'priorScore', string | number>>;
	after: Partial<Record<'category' | 'name' | 'shortName' | 'priorScore', string | number>>;
}

/** The value a category mapping gives a file's category name to create it as a new category. */
export const NEW_CATEGORY = 'new';

/**
 * The secretariat's answer for each category name of the file that matches no category (or several):
 * `categoryKey(name)` → an existing category's id, or `NEW_CATEGORY` to create it.
 */
export type CategoryMapping = Readonly<Record<string, string>>;

/** Where an imported body goes: an existing category, or one the import creates (by its first spelling). */
export type CategoryTarget = { kind: 'existing'; category: CategoryRef } | { kind: 'new'; name: string };

export interface PlannedBody extends ImportedBody {
	target: CategoryTarget;
}

/** A category name of the file that needs the secretariat's mapping before anything is imported. */
export interface UnmatchedCategory {
	/** `categoryKey` of the name: what the mapping answers for. */
	key: string;
	/** As first spelt in the file. */
	name: string;
	rows: number;
	/** The categories it could mean (empty when it means none). */
	candidates: CategoryRef[];
}

export interface BodyImportPlan {
	create: PlannedBody[];
	update: { body: PlannedBody; change: BodyChange }[];
	unchanged: number;
	/** Category names the mapping asked to create (first spelling in the file). */
	newCategories: string[];
	/** Names spelt otherwise than their category ("LNS" for "Lembaga Non Struktural (LNS)"), so the preview can show the match. */
	respelt: { name: string; category: CategoryRef }[];
	/** Names that still need a mapping: while any is left, nothing is imported. */
	unmatched: UnmatchedCategory[];
	invited: number;
}

/**
 * Where each of the file's category names goes: the category it matches (`matchCategory`), or the
 * secretariat's mapping for it; names with neither are unmatched.
 */
function resolveCategories(bodies: readonly ImportedBody[], categories: readonly CategoryRef[], mapping: CategoryMapping) {
	const targets = new Map<string, CategoryTarget | null>();
	const plan: Pick<BodyImportPlan, 'newCategories' | 'respelt' | 'unmatched'> = { newCategories: [], respelt: [], unmatched: [] };
	const rows = new Map<string, number>();
	for (const body of bodies) {
		const key = categoryKey(body.category);
		rows.set(key, (rows.get(key) ?? 0) + 1);
		if (targets.has(key)) continue;
		const match = matchCategory(body.category, categories);
		const chosen = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
		const mapped = categories.find((c) => c.id === chosen);
		if (match.kind === 'matched') {
			targets.set(key, { kind: 'existing', category: match.category });
			if (body.category !== match.category.name) plan.respelt.push({ name: body.category, category: match.category });
		} else if (mapped) {
			targets.set(key, { kind: 'existing', category: mapped });
		} else if (chosen === NEW_CATEGORY) {
			targets.set(key, { kind: 'new', name: body.category });
			plan.newCategories.push(body.category);
		} else {
			targets.set(key, null);
			plan.unmatched.push({ key, name: body.category, rows: 0, candidates: match.kind === 'ambiguous' ? match.candidates : [] });
		}
	}
	for (const unmatched of plan.unmatched) unmatched.rows = rows.get(unmatched.key) ?? 0;
	return { targets, ...plan };
}

/**
 * What an import would do: a row whose key is already a body updates it (only the fields that
 * differ), any other row creates a body. A category name goes to the category it matches
 * (`matchCategory`: full name, abbreviation, case and blanks aside) or where `mapping` says; a
 * name with neither is listed in `unmatched`, and such a plan must not be applied. Bodies not in
 * the file are left alone.
 *
 * @example planBodyImport(existing, categories, validated.bodies, { 'komisi negara': NEW_CATEGORY }) // → { create: [...], update: [...], unchanged: 3, newCategories: ['Komisi Negara'], unmatched: [], … }
 */
export function planBodyImport(
	existing: readonly ExistingBody[],
	categories: readonly CategoryRef[],
	bodies: readonly ImportedBody[],
	mapping: CategoryMapping = {}
): BodyImportPlan {
	const byKey = new Map(existing.map((b) => [b.key, b]));
	const { targets, ...categoryPlan } = resolveCategories(bodies, categories, mapping);
	const plan: BodyImportPlan = { create: [], update: [], unchanged: 0, ...categoryPlan, invited: 0 };
	for (const imported of bodies) {
		if (imported.invited) plan.invited++;
		const target = targets.get(categoryKey(imported.category));
		// An unmatched category: the plan lists it and is not applied, so its rows are only counted.
		if (!target) continue;
		const body: PlannedBody = { ...imported, target };
		const current = byKey.get(body.key);
		if (!current) {
			plan.create.push(body);
			continue;
		}
		const change: BodyChange = { id: current.id, key: current.key, before: {}, after: {} };
		const compare = (field: keyof BodyChange['before'], was: string | number, now: string | number, same: boolean) => {
			if (same) return;
			change.before[field] = was;
			change.after[field] = now;
		};
		const sameCategory = target.kind === 'existing' && target.category.id === current.categoryId;
		compare('category', current.categoryName, target.kind === 'existing' ? target.category.name : target.name, sameCategory);
		compare('name', current.name, body.name, current.name === body.name);
		compare('shortName', current.shortName, body.shortName, current.shortName === body.shortName);
		compare('priorScore', current.priorScore, body.priorScore, current.priorScore === body.priorScore);
		if (Object.keys(change.after).length === 0) plan.unchanged++;
		else plan.update.push({ body, change });
	}
	return plan;
}
