/**
 * A body checks in from its presenter page ("Kami sudah hadir"): the chair sees in the queue who
 * is in the building (or in the meeting) before calling them. One check-in per slot; pressing the
 * button again changes nothing. Only while the slot waits, and only on its day (the domain's rule).
 */
import { z } from 'zod';
import { checkInRefusal } from '$lib/domain/live/presenter';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from './context';
import { forbidden, notFound, refusal } from './errors';
import { loadEvaluation } from './evaluation-rules';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';

/** Nothing to say: the body and its slot come from the session. */
export const checkInInput = z.strictObject({});

/**
 * Records that the presenter's body has arrived; answers when (the first check-in's time on a repeat).
 *
 * @example await checkIn(ctx, presenter, {}) // { checkedInAt: 1764637200000 }
 */
export async function checkIn(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ checkedInAt: number }> {
	if (actor.role !== 'presenter' || !actor.bodyId || !actor.evaluationId) throw forbidden('Only a body’s presenter checks in');
	parseInput(checkInInput, raw);
	const evaluation = await loadEvaluation(ctx.db, actor.evaluationId);
	const now = nowOf(ctx);
	const before = await ctx.db.selectFrom('slots').select('checked_in_at').where('body_id', '=', actor.bodyId).executeTakeFirst();
	if (!before) throw notFound('Slot');
	// A repeat is no change: no transaction, no version, no audit row.
	if (before.checked_in_at !== null) return { checkedInAt: before.checked_in_at };
	const { result, version } = await commitLiveChange(
		ctx.db,
		evaluation.id,
		async (trx) => {
			const slot = await trx.selectFrom('slots').selectAll().where('body_id', '=', actor.bodyId!).executeTakeFirst();
			if (!slot) throw notFound('Slot');
			// Checked in from a second phone meanwhile.
			if (slot.checked_in_at !== null) return { checkedInAt: slot.checked_in_at, panelId: null };
			const refused = checkInRefusal({ state: slot.state, plannedStart: slot.planned_start }, now, evaluation.time_zone);
			if (refused === 'check_in_closed')
				throw refusal('invalid_state', refused, 'The slot has started or ended: checking in is over', { state: slot.state });
			if (refused === 'check_in_not_today') throw refusal('invalid_state', refused, 'Check in on the day of your presentation');
			await trx.updateTable('slots').set({ checked_in_at: now }).where('id', '=', slot.id).execute();
			await appendAudit(trx, {
				actorId: actor.id,
				evaluationId: evaluation.id,
				action: 'slot.check_in',
				entity: 'slot',
				entityId: slot.id,
				before: { checkedInAt: null },
				after: { checkedInAt: now }
			});
			return { checkedInAt: now, panelId: slot.panel_id };
		},
		// The presenter's own page shows it, and presenter snapshots carry the public version.
		'public'
	);
	if (result.panelId) ctx.publisher.changed({ evaluationId: evaluation.id, version, consoles: [result.panelId], public: true });
	return { checkedInAt: result.checkedInAt };
}
