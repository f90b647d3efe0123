/**
 * Importing public bodies from a CSV or XLSX file, in three steps the page walks through:
 * preview (columns and first rows, a suggested mapping), check (the whole file validated, the
 * plan counted) and import (checked again, then applied in one audited transaction). The file is
 * sent with each step, so what is imported is always what was just checked.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
	planBodyImport,
	suggestMapping,
	validateBodyRows,
	type BodyColumnMapping,
	type BodyImportPlan,
	type ImportIssue,
	type PlannedBody
} from '$lib/domain/setup/body-import';
import { categoryKey, type CategoryRef } from '$lib/domain/setup/category-match';
import type { SessionUser } from '../auth/session';
import { readImportTable, type ImportTable } from '../import/read-table';
import { auditedAdminChange } from './audited';
import { correctedPriorScores, insertAmendment, priorScoresAmend } from './amendments';
import { refreshInvited } from './bodies';
import type { ServiceContext } from './context';
import { ServiceError, notFound, refusal, secretariatOnly } from './errors';
import { bumpLiveVersion } from './transaction';
import { parseInput } from './validation';
import { bodiesState } from './replay-state';

export interface ImportFile {
	name: string;
	bytes: Uint8Array;
}

/** How many rows the preview shows, and at most how many row errors one answer carries. */
const PREVIEW_ROWS = 5;
const MAX_ISSUES_SHOWN = 500;
const INSERT_CHUNK = 500;

const column = z.string().trim().max(200);
const optionalColumn = column.transform((v) => v || undefined).optional();
/**
 * A column mapping as the form sends it; an optional field left empty is not mapped. `categories`
 * answers for the file's category names that match no category: `categoryKey(name)` → a category
 * id, or NEW_CATEGORY to create it.
 */
export const mappingFields = z.object({
	category: column.min(1, 'required'),
	name: column.min(1, 'required'),
	shortName: optionalColumn,
	priorScore: column.min(1, 'required'),
	key: optionalColumn,
	categories: z.record(z.string().max(200), z.string().max(64)).default({})
});

export interface ImportPreview {
	fileName: string;
	format: ImportTable['format'];
	encoding?: ImportTable['encoding'];
	delimiter?: string;
	headers: string[];
	/** The first rows as text, for the preview table. */
	sample: { line: number; cells: string[] }[];
	rowCount: number;
	suggested: Partial<BodyColumnMapping>;
}

export type ImportCheck =
	| { ok: false; rowCount: number; issueCount: number; issues: ImportIssue[] }
	| {
			ok: true;
			rowCount: number;
			created: number;
			updated: number;
			unchanged: number;
			invited: number;
			/** Categories the import creates, as the category mapping asked. */
			newCategories: string[];
			/** File names matched to a category spelt otherwise ("LNS" → "Lembaga Non Struktural (LNS)"). */
			respeltCategories: BodyImportPlan['respelt'];
			/** File names that need a mapping (an existing category, or created) before the import can run. */
			unmatchedCategories: BodyImportPlan['unmatched'];
			/** The evaluation's categories, to map an unmatched name to. */
			categoryChoices: CategoryRef[];
			/** SHA-256 of the checked file: the import refuses a different one. */
			fingerprint: string;
			/** The import is an amendment (settings locked, results published or corrected): it needs a reason. */
			needsReason: boolean;
	  };

export interface ImportSummary {
	created: number;
	updated: number;
	unchanged: number;
	categoriesCreated: number;
	invited: number;
	/** Prior scores the import corrected as amendments (after the settings locked or results were published). */
	amendments: number;
}

function displayCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return 'error' in value ? String(value.error) : '';
	return String(value);
}

const fingerprintOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function passingGradeOf(ctx: ServiceContext, evaluationId: string): Promise<number> {
	const evaluation = await ctx.db.selectFrom('evaluations').select('passing_grade').where('id', '=', evaluationId).executeTakeFirst();
	if (!evaluation) throw notFound('Evaluation');
	return evaluation.passing_grade;
}

function requireAdmin(actor: SessionUser) {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat imports bodies');
}

/**
 * Reads an uploaded file and shows what is in it: columns, first rows, row count, and the mapping
 * to pre-select (the sample layout when its headers match). A file that cannot be read at all is
 * refused with an ImportFileError naming the problem.
 *
 * @example const preview = await previewBodyImport(ctx, admin, evaluationId, { name: 'saq.csv', bytes });
 */
export async function previewBodyImport(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	file: ImportFile
): Promise<ImportPreview> {
	requireAdmin(actor);
	await passingGradeOf(ctx, evaluationId);
	const table = await readImportTable(file.bytes, ctx.importReading);
	return {
		fileName: file.name,
		format: table.format,
		encoding: table.encoding,
		delimiter: table.delimiter,
		headers: table.headers,
		sample: table.rows
			.slice(0, PREVIEW_ROWS)
			.map((row) => ({ line: row.line, cells: table.headers.map((h) => displayCell(row.cells[h])) })),
		rowCount: table.rows.length,
		suggested: suggestMapping(table.headers)
	};
}

/** The whole file validated against a mapping, and (when valid) the plan against the database. */
async function validateFile(ctx: ServiceContext, evaluationId: string, file: ImportFile, mappingInput: unknown) {
	const mapping = parseInput(mappingFields, mappingInput);
	const passingGrade = await passingGradeOf(ctx, evaluationId);
	const table = await readImportTable(file.bytes, ctx.importReading);
	const validated = validateBodyRows(table.rows, table.headers, mapping, { passingGrade });
	return { mapping, table, validated };
}

/** The bodies as they are now (prior scores with their corrections), and the categories. */
async function loadExisting(db: ServiceContext['db'], evaluationId: string) {
	const [bodies, categories, corrected] = await Promise.all([
		db
			.selectFrom('bodies')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select([
				'bodies.id',
				'bodies.key',
				'bodies.category_id',
				'categories.name as categoryName',
				'bodies.name',
				'bodies.short_name',
				'bodies.prior_score'
			])
			.where('bodies.evaluation_id', '=', evaluationId)
			.execute(),
		db
			.selectFrom('categories')
			.select(['id', 'name', 'sort_order'])
			.where('evaluation_id', '=', evaluationId)
			.orderBy('sort_order')
			.execute(),
		correctedPriorScores(db, evaluationId)
	]);
	return {
		bodies: bodies.map((b) => ({
			id: b.id,
			key: b.key,
			categoryId: b.category_id,
			categoryName: b.categoryName,
			name: b.name,
			shortName: b.short_name,
			priorScore: corrected.get(b.id) ?? b.prior_score
		})),
		categories
	};
}

/** The reason (and, optionally, the decree) an amending re-import gives; required only when it amends. */
export const importAmendmentFields = z.object({
	reason: z.string().trim().max(500, 'too_long').optional().default(''),
	decreeReference: z.string().trim().max(200, 'too_long').optional().default('')
});

/**
 * Validates the WHOLE file with a column mapping: either every row error (line, column, reason;
 * the first 500 of them) or what importing would do (created, updated, unchanged, new categories,
 * and the category names that still need a mapping). Changes nothing.
 *
 * @example const check = await checkBodyImport(ctx, admin, evaluationId, file, { category: 'category', name: 'name', priorScore: 'saq_score_demo' });
 */
export async function checkBodyImport(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	file: ImportFile,
	mapping: unknown
): Promise<ImportCheck> {
	requireAdmin(actor);
	const { table, validated, mapping: parsed } = await validateFile(ctx, evaluationId, file, mapping);
	if (validated.issues.length > 0) {
		return {
			ok: false,
			rowCount: table.rows.length,
			issueCount: validated.issues.length,
			issues: validated.issues.slice(0, MAX_ISSUES_SHOWN)
		};
	}
	const existing = await loadExisting(ctx.db, evaluationId);
	const plan = planBodyImport(existing.bodies, existing.categories, validated.bodies, parsed.categories);
	return {
		ok: true,
		rowCount: table.rows.length,
		created: plan.create.length,
		updated: plan.update.length,
		unchanged: plan.unchanged,
		invited: plan.invited,
		newCategories: plan.newCategories,
		respeltCategories: plan.respelt,
		unmatchedCategories: plan.unmatched,
		categoryChoices: existing.categories.map((c) => ({ id: c.id, name: c.name })),
		fingerprint: fingerprintOf(file.bytes),
		needsReason: await priorScoresAmend(ctx.db, evaluationId)
	};
}

/**
 * Imports every row in one transaction, audited with a summary: new keys create bodies, known
 * keys update them (never a duplicate), category names go to the category they match or where the
 * mapping's `categories` says (created only when it says so), and invitations follow the passing
 * grade. Any row in error, or a category name left unmapped, refuses the whole file (ServiceError);
 * a `fingerprint` from the check refuses a file other than the one checked.
 * Once the settings locked or results were published or corrected, the import is an amendment:
 * it needs a reason, and each changed prior score is stored as a correction (source 'import',
 * listed with the others and shown in the draft's changes) instead of overwriting the score.
 *
 * @example const summary = await importBodies(ctx, admin, evaluationId, file, mapping, check.fingerprint, { reason: 'Verified SAQ scores, second release' });
 */
export async function importBodies(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	file: ImportFile,
	mapping: unknown,
	fingerprint?: string,
	amendmentInput: unknown = {}
): Promise<ImportSummary> {
	requireAdmin(actor);
	if (fingerprint && fingerprint !== fingerprintOf(file.bytes)) {
		throw refusal('conflict', 'file_changed', 'This is not the file that was checked: check it again');
	}
	const amendment = parseInput(importAmendmentFields, amendmentInput);
	const amends = await priorScoresAmend(ctx.db, evaluationId);
	if (amends && amendment.reason === '')
		throw new ServiceError(
			'invalid_input',
			'Results depend on these bodies now: give the reason for the re-import',
			[{ path: 'reason', message: 'required' }],
			'reimport_reason'
		);
	// Reading and validating happen before the transaction: it stays short, and SQLite's one
	// connection is not held while a large file is parsed.
	const { table, validated, mapping: parsed } = await validateFile(ctx, evaluationId, file, mapping);
	if (validated.issues.length > 0) {
		throw refusal('invalid_input', 'rows_in_error', `${validated.issues.length} rows are in error; nothing was imported`, {
			count: validated.issues.length
		});
	}
	const { summary, liveVersion } = await auditedAdminChange(ctx, actor, async (trx) => {
		const existing = await loadExisting(trx, evaluationId);
		const plan = planBodyImport(existing.bodies, existing.categories, validated.bodies, parsed.categories);
		if (plan.unmatched.length > 0) {
			throw new ServiceError(
				'invalid_input',
				`Map each category the evaluation does not have (${plan.unmatched.map((u) => u.name).join(', ')}) to one it has, or create it; nothing was imported`,
				[{ path: 'categories', message: 'category_unmapped' }],
				'categories_unmapped',
				{ names: plan.unmatched.map((u) => u.name).join(', ') }
			);
		}
		const created = new Map<string, string>();
		let sortOrder = Math.max(-1, ...existing.categories.map((c) => c.sort_order));
		for (const name of plan.newCategories) {
			const id = crypto.randomUUID();
			await trx.insertInto('categories').values({ id, evaluation_id: evaluationId, name, sort_order: ++sortOrder }).execute();
			created.set(categoryKey(name), id);
		}
		const categoryIdOf = ({ target }: PlannedBody) =>
			target.kind === 'existing' ? target.category.id : created.get(categoryKey(target.name))!;
		const rows = plan.create.map((body) => ({
			id: crypto.randomUUID(),
			evaluation_id: evaluationId,
			category_id: categoryIdOf(body),
			name: body.name,
			short_name: body.shortName,
			prior_score: body.priorScore,
			invited: body.invited ? 1 : 0,
			key: body.key
		}));
		for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
			await trx
				.insertInto('bodies')
				.values(rows.slice(i, i + INSERT_CHUNK))
				.execute();
		}
		const amendments = [];
		for (const { body, change } of plan.update) {
			const corrected = amends && change.after.priorScore !== undefined;
			await trx
				.updateTable('bodies')
				.set({
					category_id: categoryIdOf(body),
					name: body.name,
					short_name: body.shortName,
					...(amends ? {} : { prior_score: body.priorScore })
				})
				.where('id', '=', change.id)
				.execute();
			if (corrected) {
				amendments.push(
					await insertAmendment(trx, {
						evaluationId,
						bodyId: change.id,
						kind: 'prior_score',
						value: body.priorScore,
						was: change.before.priorScore as number,
						reason: amendment.reason,
						source: 'import',
						decreeReference: amendment.decreeReference || null,
						actorId: actor.id,
						at: Date.now()
					})
				);
			}
		}
		await refreshInvited(trx, evaluationId);
		const summary: ImportSummary = {
			created: plan.create.length,
			updated: plan.update.length,
			unchanged: plan.unchanged,
			categoriesCreated: plan.newCategories.length,
			invited: plan.invited,
			amendments: amendments.length
		};
		// Corrections change the results every view computes (the audience's provisional leaderboard too).
		const liveVersion = amendments.length > 0 ? await bumpLiveVersion(trx, evaluationId, 'public') : null;
		return {
			result: { summary, liveVersion },
			audit: {
				evaluationId,
				action: 'body.import',
				entity: 'evaluation',
				entityId: evaluationId,
				// Updates overwrite values, so their old values are kept here; created rows are in the tables.
				before: { changes: plan.update.map((u) => ({ key: u.change.key, ...u.change.before })) },
				after: {
					file: file.name,
					format: table.format,
					rows: table.rows.length,
					...summary,
					newCategories: plan.newCategories,
					// How the file's category names were read: other spellings matched, and the secretariat's mapping.
					respeltCategories: plan.respelt.map((r) => ({ name: r.name, category: r.category.name })),
					categoryMapping: parsed.categories,
					changes: plan.update.map((u) => ({ key: u.change.key, ...u.change.after })),
					// Each created or updated body whole (category, prior score), for a replay of the log.
					replay: await bodiesState(trx, evaluationId, [...rows.map((r) => r.id), ...plan.update.map((u) => u.change.id)]),
					// The amendments whole, so that a replay of the log rebuilds them.
					...(amends ? { reason: amendment.reason, decreeReference: amendment.decreeReference || null, amendments } : {})
				}
			}
		};
	});
	if (liveVersion !== null) ctx.publisher.changed({ evaluationId, version: liveVersion, public: true });
	return summary;
}
