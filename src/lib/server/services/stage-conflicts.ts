/**
 * A conflict of interest raised in the room: the juror declares one with the body on stage from the
 * tablet, and the panel's chair confirms it as a recusal (or dismisses it). The conflict is the
 * same record the secretariat's people page lists and decides (services/conflicts.ts), and a
 * confirmation writes the same recusal, which the live loop and the results honour.
 */
import { ACTIVE_STATES } from '$lib/domain/live/slot-machine';
import { decideConflictInput, declareConflictInput } from '$lib/shared/contracts';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import { bodyScoredBy, recuse } from './conflicts';
import type { ServiceContext } from './context';
import { forbidden, notFound, refusal } from './errors';
import { commitLiveChange } from './transaction';
import { requireSeat } from './sheet-check';
import { parseInput } from './validation';

/**
 * The juror declares a conflict with the body on stage in their room: an open, declared conflict
 * waits for the chair. Refused once the juror has scored the body (that needs an amendment), and
 * for a body not on stage.
 *
 * @example await declareConflictAtStage(ctx, juror, { slotId, reason: 'Saya mantan pegawai Diskominfo Aceh' });
 */
export async function declareConflictAtStage(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ conflictId: string }> {
	if (actor.role !== 'juror') throw forbidden('Only jurors declare their own conflicts', 'jurors_only');
	const input = parseInput(declareConflictInput, raw);
	const slot = await ctx.db.selectFrom('slots').selectAll().where('id', '=', input.slotId).executeTakeFirst();
	if (!slot || slot.evaluation_id !== actor.evaluationId) throw notFound('Slot');
	await requireSeat(ctx.db, slot.panel_id, actor.id);

	const { result, version } = await commitLiveChange(ctx.db, slot.evaluation_id, async (trx) => {
		const { state } = await trx.selectFrom('slots').select('state').where('id', '=', slot.id).executeTakeFirstOrThrow();
		if (!ACTIVE_STATES.includes(state)) throw refusal('invalid_state', 'conflict_not_on_stage', 'This body is not on stage');
		if (await bodyScoredBy(trx, actor.id, slot.body_id))
			throw refusal('invalid_state', 'conflict_after_scoring', 'You scored this body already: ask the secretariat for a correction');
		const existing = await trx
			.selectFrom('conflicts')
			.selectAll()
			.where('juror_id', '=', actor.id)
			.where('body_id', '=', slot.body_id)
			.executeTakeFirst();
		if (existing?.status === 'confirmed') throw refusal('invalid_state', 'recused', 'You are recused from this body already');
		const now = Date.now();
		const id = existing?.id ?? crypto.randomUUID();
		// A suggestion or an earlier dismissal becomes this declaration, open again for the chair.
		const declared = { source: 'declared' as const, status: 'open' as const, reason: input.reason, decided_by: null, decided_at: null };
		// The juror raises it now (the audit row keeps who raised it before).
		if (existing)
			await trx
				.updateTable('conflicts')
				.set({ ...declared, created_by: actor.id })
				.where('id', '=', id)
				.execute();
		else
			await trx
				.insertInto('conflicts')
				.values({
					id,
					evaluation_id: slot.evaluation_id,
					juror_id: actor.id,
					body_id: slot.body_id,
					created_by: actor.id,
					created_at: now,
					...declared
				})
				.execute();
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: slot.evaluation_id,
			action: 'conflict.declare_at_stage',
			entity: 'conflict',
			entityId: id,
			before: existing ? { status: existing.status, source: existing.source, reason: existing.reason } : null,
			after: { jurorId: actor.id, bodyId: slot.body_id, slotId: slot.id, status: 'open', source: 'declared', reason: input.reason }
		});
		return { conflictId: id };
	});
	ctx.publisher.changed({ evaluationId: slot.evaluation_id, version, consoles: [slot.panel_id], users: [actor.id] });
	return result;
}

/**
 * The chair of the juror's panel (or the secretariat) decides an open conflict with a body of that
 * panel: confirmed, the juror is recused from the body with the juror's own reason; dismissed, the
 * juror scores as usual. Confirming is refused once the juror has scored the body.
 *
 * @example await decideConflictAtStage(ctx, chair, { conflictId, decision: 'confirm' });
 */
export async function decideConflictAtStage(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown
): Promise<{ status: 'confirmed' | 'dismissed' }> {
	const input = parseInput(decideConflictInput, raw);
	const conflict = await ctx.db.selectFrom('conflicts').selectAll().where('id', '=', input.conflictId).executeTakeFirst();
	if (!conflict) throw notFound('Conflict');
	// The panels where this juror sits and this body presents, with their chairs.
	const panels = await ctx.db
		.selectFrom('slots')
		.innerJoin('panels', 'panels.id', 'slots.panel_id')
		.innerJoin('panel_jurors', 'panel_jurors.panel_id', 'panels.id')
		.select(['panels.id', 'panels.chair_id'])
		.where('slots.body_id', '=', conflict.body_id)
		.where('panel_jurors.juror_id', '=', conflict.juror_id)
		.execute();
	const isChair = actor.role === 'chair' && panels.some((p) => p.chair_id === actor.id);
	if (!isChair && actor.role !== 'admin')
		throw forbidden('Only the chair of this panel or the secretariat can decide this conflict', 'chair_or_secretariat_only');

	const status = input.decision === 'confirm' ? ('confirmed' as const) : ('dismissed' as const);
	const { version } = await commitLiveChange(ctx.db, conflict.evaluation_id, async (trx) => {
		const current = await trx.selectFrom('conflicts').selectAll().where('id', '=', conflict.id).executeTakeFirstOrThrow();
		if (current.status !== 'open') throw refusal('invalid_state', 'conflict_decided', 'This conflict was decided already');
		if (status === 'confirmed' && (await bodyScoredBy(trx, current.juror_id, current.body_id)))
			throw refusal('invalid_state', 'conflict_after_scoring', 'The juror scored this body already: that needs a correction');
		const now = Date.now();
		await trx.updateTable('conflicts').set({ status, decided_by: actor.id, decided_at: now }).where('id', '=', conflict.id).execute();
		if (status === 'confirmed') await recuse(trx, current.evaluation_id, current.juror_id, current.body_id, current.reason, actor.id, now);
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: current.evaluation_id,
			action: status === 'confirmed' ? 'conflict.confirm' : 'conflict.dismiss',
			entity: 'conflict',
			entityId: conflict.id,
			before: { status: current.status, reason: current.reason },
			after: { status, reason: current.reason, recused: status === 'confirmed' }
		});
	});
	// A recusal changes the room: the tablet says so and the console counts the juror as recused.
	ctx.publisher.changed({ evaluationId: conflict.evaluation_id, version, panels: panels.map((p) => p.id) });
	return { status };
}
