/**
 * Conflicts of interest between jurors and public bodies: declared by the secretariat or
 * suggested by affiliation matching, then reviewed. A confirmed conflict is a recusal, which the
 * live loop honours (the juror cannot score that body; results count them as recused).
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { suggestConflicts } from '$lib/domain/setup/conflicts';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { ConflictTable, Database } from '../db/schema';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { notFound } from './errors';
import { PeopleRefusal } from './people';
import { parseInput } from './validation';
import { bumpLiveVersion } from './transaction';

const reason = z.string().trim().min(3, 'reason_required').max(500, 'too_long');
export const declareConflictInput = z.object({
	jurorId: z.string().min(1, 'required').max(64),
	bodyId: z.string().min(1, 'required').max(64),
	reason
});
export const confirmConflictInput = z.object({ reason });

export interface ConflictRow {
	id: string;
	jurorId: string;
	jurorName: string;
	jurorAffiliation: string | null;
	bodyId: string;
	bodyName: string;
	source: ConflictTable['source'];
	status: ConflictTable['status'];
	/** For a suggestion, the matched words; otherwise the secretariat's reason. */
	reason: string;
	createdAt: number;
	decidedAt: number | null;
	/** The juror already scored this body: the conflict can no longer change without an amendment. */
	scored: boolean;
}

/**
 * Every conflict of an evaluation, open ones first.
 *
 * @example const open = (await listConflicts(ctx.db, evaluationId)).filter((c) => c.status === 'open');
 */
export async function listConflicts(db: DB, evaluationId: string): Promise<ConflictRow[]> {
	const [rows, scored] = await Promise.all([
		db
			.selectFrom('conflicts')
			.innerJoin('users', 'users.id', 'conflicts.juror_id')
			.innerJoin('bodies', 'bodies.id', 'conflicts.body_id')
			.select([
				'conflicts.id',
				'conflicts.juror_id',
				'users.name as juror_name',
				'users.affiliation',
				'conflicts.body_id',
				'bodies.name as body_name',
				'conflicts.source',
				'conflicts.status',
				'conflicts.reason',
				'conflicts.created_at',
				'conflicts.decided_at'
			])
			.where('conflicts.evaluation_id', '=', evaluationId)
			.orderBy('users.name')
			.orderBy('bodies.name')
			.execute(),
		db
			.selectFrom('score_submissions')
			.innerJoin('slots', 'slots.id', 'score_submissions.slot_id')
			.select(['score_submissions.juror_id', 'slots.body_id'])
			.where('slots.evaluation_id', '=', evaluationId)
			.distinct()
			.execute()
	]);
	const scoredPairs = new Set(scored.map((s) => `${s.juror_id}:${s.body_id}`));
	const order = { open: 0, confirmed: 1, dismissed: 2 };
	return rows
		.map((r) => ({
			id: r.id,
			jurorId: r.juror_id,
			jurorName: r.juror_name,
			jurorAffiliation: r.affiliation,
			bodyId: r.body_id,
			bodyName: r.body_name,
			source: r.source,
			status: r.status,
			reason: r.reason,
			createdAt: r.created_at,
			decidedAt: r.decided_at,
			scored: scoredPairs.has(`${r.juror_id}:${r.body_id}`)
		}))
		.sort((a, b) => order[a.status] - order[b.status]);
}

/**
 * Stores new suggestions from affiliation matching for active jurors and bodies. A pair that
 * already has a conflict row (open, confirmed or dismissed) is never suggested again.
 *
 * @example const added = await suggestEvaluationConflicts(ctx, admin, evaluationId); // 2
 */
export async function suggestEvaluationConflicts(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<number> {
	return auditedAdminChange(ctx, actor, async (trx) => {
		const [jurors, bodies, known] = await Promise.all([
			trx
				.selectFrom('users')
				.select(['id', 'affiliation'])
				.where('evaluation_id', '=', evaluationId)
				.where('role', '=', 'juror')
				.where('archived_at', 'is', null)
				.execute(),
			trx
				.selectFrom('bodies')
				.select(['id', 'name', 'short_name as shortName'])
				.where('evaluation_id', '=', evaluationId)
				.where('archived_at', 'is', null)
				.execute(),
			trx.selectFrom('conflicts').select(['juror_id', 'body_id']).where('evaluation_id', '=', evaluationId).execute()
		]);
		const knownPairs = new Set(known.map((k) => `${k.juror_id}:${k.body_id}`));
		const fresh = suggestConflicts(jurors, bodies).filter((s) => !knownPairs.has(`${s.jurorId}:${s.bodyId}`));
		const now = Date.now();
		const rows = fresh.map((s) => ({
			id: crypto.randomUUID(),
			evaluation_id: evaluationId,
			juror_id: s.jurorId,
			body_id: s.bodyId,
			source: 'suggested' as const,
			status: 'open' as const,
			reason: s.match.words.join(' '),
			created_by: actor.id,
			created_at: now,
			decided_by: null,
			decided_at: null
		}));
		if (rows.length) await trx.insertInto('conflicts').values(rows).execute();
		return {
			result: rows.length,
			audit: {
				evaluationId,
				action: 'conflict.suggest',
				entity: 'conflict',
				entityId: null,
				after: rows.map((r) => ({ id: r.id, jurorId: r.juror_id, bodyId: r.body_id, words: r.reason }))
			}
		};
	});
}

/**
 * The secretariat declares a conflict between a juror and a body: it is confirmed at once and
 * the juror is recused. A pair suggested or dismissed earlier becomes this declared conflict.
 *
 * @example await declareConflict(ctx, admin, evaluationId, { jurorId, bodyId, reason: 'Mantan pegawai Diskominfo Aceh' });
 */
export async function declareConflict(ctx: ServiceContext, actor: SessionUser, evaluationId: string, raw: unknown): Promise<string> {
	const input = parseInput(declareConflictInput, raw);
	return withLiveChange(ctx, actor, evaluationId, input.jurorId, async (trx) => {
		const juror = await trx
			.selectFrom('users')
			.select(['id', 'role', 'archived_at'])
			.where('id', '=', input.jurorId)
			.where('evaluation_id', '=', evaluationId)
			.executeTakeFirst();
		if (!juror || juror.role !== 'juror') throw new PeopleRefusal('invalid_input', 'not_a_juror', 'Conflicts are declared for jurors');
		const body = await trx
			.selectFrom('bodies')
			.select('id')
			.where('id', '=', input.bodyId)
			.where('evaluation_id', '=', evaluationId)
			.executeTakeFirst();
		if (!body) throw new PeopleRefusal('invalid_input', 'body_unknown', 'No such public body in this evaluation');
		const existing = await trx
			.selectFrom('conflicts')
			.selectAll()
			.where('juror_id', '=', input.jurorId)
			.where('body_id', '=', input.bodyId)
			.executeTakeFirst();
		if (existing?.status === 'confirmed') throw new PeopleRefusal('conflict', 'conflict_exists', 'This conflict is already confirmed');
		await refuseIfScored(trx, input.jurorId, input.bodyId);
		const now = Date.now();
		const id = existing?.id ?? crypto.randomUUID();
		const decided = {
			source: 'declared' as const,
			status: 'confirmed' as const,
			reason: input.reason,
			decided_by: actor.id,
			decided_at: now
		};
		if (existing) await trx.updateTable('conflicts').set(decided).where('id', '=', id).execute();
		else
			await trx
				.insertInto('conflicts')
				.values({
					id,
					evaluation_id: evaluationId,
					juror_id: input.jurorId,
					body_id: input.bodyId,
					created_by: actor.id,
					created_at: now,
					...decided
				})
				.execute();
		await recuse(trx, evaluationId, input.jurorId, input.bodyId, input.reason, actor.id, now);
		return {
			result: id,
			audit: {
				evaluationId,
				action: 'conflict.declare',
				entity: 'conflict',
				entityId: id,
				before: existing ? { status: existing.status, source: existing.source, reason: existing.reason } : null,
				after: {
					jurorId: input.jurorId,
					bodyId: input.bodyId,
					status: 'confirmed',
					source: 'declared',
					reason: input.reason,
					recused: true
				}
			}
		};
	});
}

/**
 * Confirms an open conflict: the juror is recused from the body, with the given reason.
 *
 * @example await confirmConflict(ctx, admin, evaluationId, conflictId, { reason: 'Juri adalah dosen UGM' });
 */
export async function confirmConflict(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	conflictId: string,
	raw: unknown
): Promise<void> {
	const input = parseInput(confirmConflictInput, raw);
	const conflict = await conflictIn(ctx.db, evaluationId, conflictId);
	await withLiveChange(ctx, actor, evaluationId, conflict.juror_id, async (trx) => {
		const current = await conflictIn(trx, evaluationId, conflictId);
		if (current.status !== 'open') throw new PeopleRefusal('invalid_state', 'not_open', 'Only an open conflict can be confirmed');
		await refuseIfScored(trx, current.juror_id, current.body_id);
		const now = Date.now();
		await trx
			.updateTable('conflicts')
			.set({ status: 'confirmed', reason: input.reason, decided_by: actor.id, decided_at: now })
			.where('id', '=', conflictId)
			.execute();
		await recuse(trx, evaluationId, current.juror_id, current.body_id, input.reason, actor.id, now);
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'conflict.confirm',
				entity: 'conflict',
				entityId: conflictId,
				before: { status: current.status, reason: current.reason },
				after: { status: 'confirmed', reason: input.reason, recused: true }
			}
		};
	});
}

/**
 * Dismisses an open suggestion: it stays on record and is not suggested again.
 *
 * @example await dismissConflict(ctx, admin, evaluationId, conflictId);
 */
export async function dismissConflict(ctx: ServiceContext, actor: SessionUser, evaluationId: string, conflictId: string): Promise<void> {
	await auditedAdminChange(ctx, actor, async (trx) => {
		const current = await conflictIn(trx, evaluationId, conflictId);
		if (current.status !== 'open') throw new PeopleRefusal('invalid_state', 'not_open', 'Only an open conflict can be dismissed');
		await trx
			.updateTable('conflicts')
			.set({ status: 'dismissed', decided_by: actor.id, decided_at: Date.now() })
			.where('id', '=', conflictId)
			.execute();
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'conflict.dismiss',
				entity: 'conflict',
				entityId: conflictId,
				before: { status: 'open' },
				after: { status: 'dismissed' }
			}
		};
	});
}

/**
 * Undoes a confirmed conflict: the recusal is removed and the conflict is open for review again.
 * Refused once the juror has scored the body or its slot is certified: results would change,
 * which needs an amendment.
 *
 * @example await undoConflict(ctx, admin, evaluationId, conflictId);
 */
export async function undoConflict(ctx: ServiceContext, actor: SessionUser, evaluationId: string, conflictId: string): Promise<void> {
	const conflict = await conflictIn(ctx.db, evaluationId, conflictId);
	await withLiveChange(ctx, actor, evaluationId, conflict.juror_id, async (trx) => {
		const current = await conflictIn(trx, evaluationId, conflictId);
		if (current.status !== 'confirmed')
			throw new PeopleRefusal('invalid_state', 'not_confirmed', 'Only a confirmed conflict can be undone');
		await refuseIfScored(trx, current.juror_id, current.body_id);
		const recusal = await trx
			.selectFrom('recusals')
			.selectAll()
			.where('juror_id', '=', current.juror_id)
			.where('body_id', '=', current.body_id)
			.executeTakeFirst();
		await trx.deleteFrom('recusals').where('juror_id', '=', current.juror_id).where('body_id', '=', current.body_id).execute();
		await trx
			.updateTable('conflicts')
			.set({ status: 'open', decided_by: actor.id, decided_at: Date.now() })
			.where('id', '=', conflictId)
			.execute();
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'conflict.undo',
				entity: 'conflict',
				entityId: conflictId,
				before: { status: 'confirmed', recusal: recusal ? { id: recusal.id, reason: recusal.reason } : null },
				after: { status: 'open', recusal: null }
			}
		};
	});
}

async function conflictIn(db: DB | Transaction<Database>, evaluationId: string, conflictId: string) {
	const conflict = await db
		.selectFrom('conflicts')
		.selectAll()
		.where('id', '=', conflictId)
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	if (!conflict) throw notFound('Conflict');
	return conflict;
}

/**
 * Adding or removing a recusal after the juror scored the body, or once the body's slot is
 * certified, would change results: that is an amendment (a later feature), not a setup change.
 */
async function refuseIfScored(trx: Transaction<Database>, jurorId: string, bodyId: string): Promise<void> {
	if (await bodyScoredBy(trx, jurorId, bodyId)) {
		throw new PeopleRefusal(
			'invalid_state',
			'already_scored',
			'The juror has scored this body already: results would change, which needs an amendment'
		);
	}
}

/** Whether the juror has a sheet for the body, or the body's slot is certified: a recusal would change results. */
export async function bodyScoredBy(trx: Transaction<Database>, jurorId: string, bodyId: string): Promise<boolean> {
	const scored = await trx
		.selectFrom('slots')
		.leftJoin('score_submissions', (join) =>
			join.onRef('score_submissions.slot_id', '=', 'slots.id').on('score_submissions.juror_id', '=', jurorId)
		)
		.select(['slots.state', 'score_submissions.id as submission'])
		.where('slots.body_id', '=', bodyId)
		.execute();
	return scored.some((s) => s.submission !== null || s.state === 'certified');
}

/** Writes (or re-words) the recusal of a juror from a body: the live loop and the results honour it. */
export async function recuse(
	trx: Transaction<Database>,
	evaluationId: string,
	jurorId: string,
	bodyId: string,
	reason: string,
	actorId: string,
	now: number
) {
	await trx
		.insertInto('recusals')
		.values({
			id: crypto.randomUUID(),
			evaluation_id: evaluationId,
			juror_id: jurorId,
			body_id: bodyId,
			reason,
			created_by: actorId,
			created_at: now
		})
		.onConflict((oc) => oc.columns(['juror_id', 'body_id']).doUpdateSet({ reason, created_by: actorId, created_at: now }))
		.execute();
}

/**
 * A recusal changes what the juror's tablet and the chair's console show: the audited change also
 * bumps the live version, and the juror's panels are pushed after commit.
 */
async function withLiveChange<T>(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	jurorId: string,
	work: Parameters<typeof auditedAdminChange<T>>[2]
): Promise<T> {
	const { result, version } = await auditedAdminChange(ctx, actor, async (trx) => {
		const done = await work(trx);
		return { result: { result: done.result, version: await bumpLiveVersion(trx, evaluationId) }, audit: done.audit };
	});
	const panels = await ctx.db.selectFrom('panel_jurors').select('panel_id').where('juror_id', '=', jurorId).execute();
	if (panels.length) ctx.publisher.changed({ evaluationId, version, panels: panels.map((p) => p.panel_id) });
	return result;
}
