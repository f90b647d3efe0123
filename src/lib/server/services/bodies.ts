/**
 * Categories and public bodies of an evaluation: the secretariat creates, edits, orders and
 * archives them. Every change is audited; a body's invitation follows its prior score and the
 * evaluation's passing grade.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { normaliseKey } from '$lib/domain/setup/body-import';
import { isInvited } from '$lib/domain/setup/invitation';
import { typedNumberField } from '$lib/shared/typed-number';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import { priorScoresAmend } from './amendments';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { ServiceError, notFound, secretariatOnly } from './errors';
import { parseInput } from './validation';

/*
 * Schemas shared by the forms and the services. Messages are codes the page translates
 * (required, too_long, out_of_range and the typed number's codes), so the services stay language-free.
 */
// Blanks are collapsed as the import does, so a typed and an imported name compare equal.
const collapse = (text: string) => text.replace(/\s+/g, ' ');
const name = z.string().trim().min(1, 'required').max(200, 'too_long').transform(collapse);
const score = typedNumberField({ min: 0, max: 100 });

export const categoryFields = z.object({ name });
export const bodyFields = z.object({
	name,
	/** Empty means "the same as the name". */
	shortName: z.string().trim().max(200, 'too_long').default('').transform(collapse),
	categoryId: z.string().min(1, 'required').max(64),
	priorScore: score
});
export type CategoryInput = z.input<typeof categoryFields>;
export type BodyInput = z.input<typeof bodyFields>;

/** A refusal tied to one form field; the message is a code the page translates. */
const fieldError = (path: string, code: string, message: string) => new ServiceError('invalid_input', message, [{ path, message: code }]);

export interface CategoryView {
	id: string;
	name: string;
	sortOrder: number;
	archived: boolean;
}

export interface BodyView {
	id: string;
	categoryId: string;
	key: string;
	name: string;
	shortName: string;
	priorScore: number;
	invited: boolean;
	archived: boolean;
}

/**
 * Everything the bodies page shows: the categories in order, every body (archived too), the
 * passing grade and how many bodies a new schedule would take.
 *
 * @example const { categories, bodies, passingGrade } = await listBodies(ctx.db, evaluationId);
 */
export async function listBodies(db: DB, evaluationId: string) {
	const evaluation = await db
		.selectFrom('evaluations')
		.select(['passing_grade', 'prior_stage_label'])
		.where('id', '=', evaluationId)
		.executeTakeFirst();
	if (!evaluation) throw notFound('Evaluation');
	const [categories, bodies, schedulable] = await Promise.all([
		db.selectFrom('categories').selectAll().where('evaluation_id', '=', evaluationId).orderBy('sort_order').orderBy('name').execute(),
		db.selectFrom('bodies').selectAll().where('evaluation_id', '=', evaluationId).orderBy('name').execute(),
		schedulableBodies(db, evaluationId)
	]);
	return {
		passingGrade: evaluation.passing_grade,
		priorStageLabel: evaluation.prior_stage_label,
		schedulable: schedulable.length,
		categories: categories.map((c): CategoryView => ({
			id: c.id,
			name: c.name,
			sortOrder: c.sort_order,
			archived: c.archived_at !== null
		})),
		bodies: bodies.map((b): BodyView => ({
			id: b.id,
			categoryId: b.category_id,
			key: b.key,
			name: b.name,
			shortName: b.short_name,
			priorScore: b.prior_score,
			invited: b.invited === 1,
			archived: b.archived_at !== null
		}))
	};
}

/**
 * The bodies a new schedule takes: invited, not archived, in a category that is not archived.
 * (Archiving hides bodies from new schedules; their slots and results stay.)
 *
 * @example const bodies = await schedulableBodies(ctx.db, evaluationId);
 */
export async function schedulableBodies(db: DB, evaluationId: string) {
	return db
		.selectFrom('bodies')
		.innerJoin('categories', 'categories.id', 'bodies.category_id')
		.select(['bodies.id', 'bodies.name', 'bodies.short_name', 'bodies.category_id', 'bodies.prior_score'])
		.where('bodies.evaluation_id', '=', evaluationId)
		.where('bodies.invited', '=', 1)
		.where('bodies.archived_at', 'is', null)
		.where('categories.archived_at', 'is', null)
		.orderBy('categories.sort_order')
		.orderBy('bodies.prior_score', 'desc')
		.execute();
}

/**
 * Recomputes every body's invitation from its prior score and the evaluation's passing grade
 * (`isInvited`: the score as shown reaches the grade). Call it inside the transaction that changed
 * either, e.g. after a new passing grade or an import. Returns how many invitations changed.
 *
 * @example await auditedAdminChange(ctx, actor, async (trx) => { …; const changed = await refreshInvited(trx, evaluationId); … });
 */
export async function refreshInvited(trx: Kysely<Database>, evaluationId: string): Promise<number> {
	const evaluation = await trx.selectFrom('evaluations').select('passing_grade').where('id', '=', evaluationId).executeTakeFirstOrThrow();
	const bodies = await trx
		.selectFrom('bodies')
		.select(['id', 'prior_score', 'invited'])
		.where('evaluation_id', '=', evaluationId)
		.execute();
	const flips = { invite: [] as string[], uninvite: [] as string[] };
	for (const body of bodies) {
		const invited = isInvited(body.prior_score, evaluation.passing_grade);
		if (invited !== (body.invited === 1)) (invited ? flips.invite : flips.uninvite).push(body.id);
	}
	for (const [ids, invited] of [
		[flips.invite, 1],
		[flips.uninvite, 0]
	] as const) {
		if (ids.length > 0) await trx.updateTable('bodies').set({ invited }).where('id', 'in', ids).execute();
	}
	return flips.invite.length + flips.uninvite.length;
}

async function requireCategory(db: Kysely<Database>, categoryId: string) {
	const category = await db.selectFrom('categories').selectAll().where('id', '=', categoryId).executeTakeFirst();
	if (!category) throw notFound('Category');
	return category;
}

async function requireBody(db: Kysely<Database>, bodyId: string) {
	const body = await db.selectFrom('bodies').selectAll().where('id', '=', bodyId).executeTakeFirst();
	if (!body) throw notFound('Body');
	return body;
}

/** Category names are unique per evaluation ignoring case and blanks, as the import matches them. */
async function assertCategoryNameFree(trx: Kysely<Database>, evaluationId: string, categoryName: string, exceptId?: string) {
	const names = await trx.selectFrom('categories').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute();
	if (names.some((c) => c.id !== exceptId && normaliseKey(c.name) === normaliseKey(categoryName))) {
		throw fieldError('name', 'duplicate', `A category named "${categoryName}" already exists`);
	}
}

/**
 * Adds a category at the end of the order.
 *
 * @example const id = await createCategory(ctx, admin, evaluationId, { name: 'Perguruan Tinggi Negeri' });
 */
export async function createCategory(ctx: ServiceContext, actor: SessionUser, evaluationId: string, input: CategoryInput): Promise<string> {
	const fields = parseInput(categoryFields, input);
	return auditedAdminChange(ctx, actor, async (trx) => {
		await assertCategoryNameFree(trx, evaluationId, fields.name);
		const last = await trx
			.selectFrom('categories')
			.select((eb) => eb.fn.max('sort_order').as('max'))
			.where('evaluation_id', '=', evaluationId)
			.executeTakeFirst();
		const row = { id: crypto.randomUUID(), evaluation_id: evaluationId, name: fields.name, sort_order: (last?.max ?? -1) + 1 };
		await trx.insertInto('categories').values(row).execute();
		return { result: row.id, audit: { evaluationId, action: 'category.create', entity: 'category', entityId: row.id, after: row } };
	});
}

/**
 * Renames a category (its bodies follow; results keep the category).
 *
 * @example await renameCategory(ctx, admin, categoryId, { name: 'Kementerian' });
 */
export async function renameCategory(ctx: ServiceContext, actor: SessionUser, categoryId: string, input: CategoryInput): Promise<void> {
	const fields = parseInput(categoryFields, input);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const category = await requireCategory(trx, categoryId);
		await assertCategoryNameFree(trx, category.evaluation_id, fields.name, category.id);
		await trx.updateTable('categories').set({ name: fields.name }).where('id', '=', categoryId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: category.evaluation_id,
				action: 'category.rename',
				entity: 'category',
				entityId: categoryId,
				before: { name: category.name },
				after: { name: fields.name }
			}
		};
	});
}

/**
 * Moves a category one place up or down in the order (the order of the bodies table, the
 * schedule and the results). Moving past either end changes nothing and is not audited.
 *
 * @example await moveCategory(ctx, admin, categoryId, 'up');
 */
export async function moveCategory(ctx: ServiceContext, actor: SessionUser, categoryId: string, direction: 'up' | 'down'): Promise<void> {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat can change the evaluation setup');
	const category = await requireCategory(ctx.db, categoryId);
	const order = await ctx.db
		.selectFrom('categories')
		.select(['id', 'sort_order'])
		.where('evaluation_id', '=', category.evaluation_id)
		.orderBy('sort_order')
		.orderBy('name')
		.execute();
	const from = order.findIndex((c) => c.id === categoryId);
	const to = direction === 'up' ? from - 1 : from + 1;
	if (to < 0 || to >= order.length) return;
	const before = order.map((c) => c.id);
	const after = [...before];
	[after[from], after[to]] = [after[to], after[from]];
	await auditedAdminChange(ctx, actor, async (trx) => {
		// Renumbered 0..n-1, so equal or sparse sort orders left by older data cannot block a move.
		for (const [index, id] of after.entries()) {
			await trx.updateTable('categories').set({ sort_order: index }).where('id', '=', id).execute();
		}
		return {
			result: undefined,
			audit: { evaluationId: category.evaluation_id, action: 'category.move', entity: 'category', entityId: categoryId, before, after }
		};
	});
}

/**
 * Archives or restores a category. An archived category's bodies are left out of new schedules;
 * their slots and results stay.
 *
 * @example await setCategoryArchived(ctx, admin, categoryId, true);
 */
export async function setCategoryArchived(ctx: ServiceContext, actor: SessionUser, categoryId: string, archived: boolean): Promise<void> {
	await auditedAdminChange(ctx, actor, async (trx) => {
		const category = await requireCategory(trx, categoryId);
		const archivedAt = archived ? (category.archived_at ?? Date.now()) : null;
		await trx.updateTable('categories').set({ archived_at: archivedAt }).where('id', '=', categoryId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: category.evaluation_id,
				action: archived ? 'category.archive' : 'category.unarchive',
				entity: 'category',
				entityId: categoryId,
				before: { archived_at: category.archived_at },
				after: { archived_at: archivedAt }
			}
		};
	});
}

async function requireCategoryOf(trx: Kysely<Database>, evaluationId: string, categoryId: string) {
	const category = await trx
		.selectFrom('categories')
		.select('id')
		.where('id', '=', categoryId)
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	if (!category) throw fieldError('categoryId', 'unknown_category', 'No such category in this evaluation');
}

/**
 * Adds a public body. Its re-import key is its normalised name, so a later import of the same
 * name updates it; a body with that key already existing is refused. Invitation follows the
 * passing grade.
 *
 * @example const id = await createBody(ctx, admin, evaluationId, { name: 'Pemerintah Provinsi Bali', shortName: 'Bali', categoryId, priorScore: '88,5' });
 */
export async function createBody(ctx: ServiceContext, actor: SessionUser, evaluationId: string, input: BodyInput): Promise<string> {
	const fields = parseInput(bodyFields, input);
	return auditedAdminChange(ctx, actor, async (trx) => {
		await requireCategoryOf(trx, evaluationId, fields.categoryId);
		const key = normaliseKey(fields.name);
		const clash = await trx
			.selectFrom('bodies')
			.select('id')
			.where('evaluation_id', '=', evaluationId)
			.where('key', '=', key)
			.executeTakeFirst();
		if (clash) throw fieldError('name', 'duplicate', `A body named "${fields.name}" already exists`);
		const row = {
			id: crypto.randomUUID(),
			evaluation_id: evaluationId,
			category_id: fields.categoryId,
			name: fields.name,
			short_name: fields.shortName || fields.name,
			prior_score: fields.priorScore,
			invited: 0,
			key
		};
		await trx.insertInto('bodies').values(row).execute();
		await refreshInvited(trx, evaluationId);
		const after = await requireBody(trx, row.id);
		return { result: row.id, audit: { evaluationId, action: 'body.create', entity: 'body', entityId: row.id, after } };
	});
}

/**
 * Edits a body's name, short name, category and prior score. Its key stays, so re-imports keep
 * finding it; its invitation follows the new score.
 *
 * @example await updateBody(ctx, admin, bodyId, { name: 'Pemerintah Provinsi Bali', shortName: 'Bali', categoryId, priorScore: 91 });
 */
export async function updateBody(ctx: ServiceContext, actor: SessionUser, bodyId: string, input: BodyInput): Promise<void> {
	const fields = parseInput(bodyFields, input);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const before = await requireBody(trx, bodyId);
		await requireCategoryOf(trx, before.evaluation_id, fields.categoryId);
		if (fields.priorScore !== before.prior_score && (await priorScoresAmend(trx, before.evaluation_id)))
			throw new ServiceError(
				'invalid_state',
				'Results depend on this score now: correct it on the results corrections page',
				[{ path: 'priorScore', message: 'prior_score_locked' }],
				'score_corrected_elsewhere'
			);
		await trx
			.updateTable('bodies')
			.set({
				name: fields.name,
				short_name: fields.shortName || fields.name,
				category_id: fields.categoryId,
				prior_score: fields.priorScore
			})
			.where('id', '=', bodyId)
			.execute();
		await refreshInvited(trx, before.evaluation_id);
		const after = await requireBody(trx, bodyId);
		return {
			result: undefined,
			audit: { evaluationId: before.evaluation_id, action: 'body.update', entity: 'body', entityId: bodyId, before, after }
		};
	});
}

/**
 * Archives or restores a body: archived bodies stay out of new schedules, keep their slots and results.
 *
 * @example await setBodyArchived(ctx, admin, bodyId, true);
 */
export async function setBodyArchived(ctx: ServiceContext, actor: SessionUser, bodyId: string, archived: boolean): Promise<void> {
	await auditedAdminChange(ctx, actor, async (trx) => {
		const body = await requireBody(trx, bodyId);
		const archivedAt = archived ? (body.archived_at ?? Date.now()) : null;
		await trx.updateTable('bodies').set({ archived_at: archivedAt }).where('id', '=', bodyId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: body.evaluation_id,
				action: archived ? 'body.archive' : 'body.unarchive',
				entity: 'body',
				entityId: bodyId,
				before: { archived_at: body.archived_at },
				after: { archived_at: archivedAt }
			}
		};
	});
}
