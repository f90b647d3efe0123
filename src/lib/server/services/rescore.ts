/**
 * Asking one juror to score again: before certifying, the chair sees a juror's total far from the
 * others' (the scoring core's divergence check) and may reopen that juror's sheet alone, with a
 * reason the juror's tablet shows. Scoring stays closed for everyone else; the request is answered
 * by the juror's next sheet (services/scoring.ts).
 */
import { rescoreRequestInput } from '$lib/shared/contracts';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { ServiceContext } from './context';
import { refusal } from './errors';
import { slotToRun } from './live-control';
import { jurorEntries } from './results';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';

/**
 * @example await requestRescore(ctx, chair, { slotId, jurorId, reason: 'Total Anda jauh dari juri lain; mohon periksa K3' });
 */
export async function requestRescore(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ requestId: string }> {
	const input = parseInput(rescoreRequestInput, raw);
	const slot = await slotToRun(ctx, actor, input.slotId);
	const entry = ((await jurorEntries(ctx.db, [slot])).get(slot.id) ?? []).find((e) => e.jurorId === input.jurorId);
	// Only a sheet that counts can be scored again: not a juror of another panel, recused or without a sheet.
	if (entry?.status !== 'scored')
		throw refusal('invalid_state', 'rescore_needs_sheet', 'This juror has no sheet on this slot to score again');

	const { result, version } = await commitLiveChange(ctx.db, slot.evaluation_id, async (trx) => {
		const { state } = await trx.selectFrom('slots').select('state').where('id', '=', slot.id).executeTakeFirstOrThrow();
		if (state !== 'closed')
			throw refusal('invalid_state', 'invalid_transition', 'A re-score is asked once scoring is closed', { command: 'rescore', state });
		if (await openRequest(trx, slot.id, input.jurorId))
			throw refusal('invalid_state', 'rescore_already_asked', 'A re-score is already awaited from this juror');
		const id = crypto.randomUUID();
		const now = Date.now();
		await trx
			.insertInto('rescore_requests')
			.values({
				id,
				evaluation_id: slot.evaluation_id,
				slot_id: slot.id,
				juror_id: input.jurorId,
				reason: input.reason,
				requested_by: actor.id,
				requested_at: now,
				answered_at: null,
				answered_by_submission: null
			})
			.execute();
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: slot.evaluation_id,
			action: 'slot.rescore_request',
			entity: 'slot',
			entityId: slot.id,
			after: { requestId: id, jurorId: input.jurorId, reason: input.reason }
		});
		return { requestId: id };
	});
	// The juror's tablet opens the sheet with the reason; the console shows the request awaited.
	ctx.publisher.changed({ evaluationId: slot.evaluation_id, version, panels: [slot.panel_id] });
	return result;
}

/** The open re-score requests of a slot (juror id → reason). */
export async function openRescores(db: DB, slotId: string): Promise<Map<string, { id: string; reason: string }>> {
	const rows = await db
		.selectFrom('rescore_requests')
		.select(['id', 'juror_id', 'reason'])
		.where('slot_id', '=', slotId)
		.where('answered_at', 'is', null)
		.execute();
	return new Map(rows.map((r) => [r.juror_id, { id: r.id, reason: r.reason }]));
}

/** The juror's open re-score request on a slot, if any. */
export async function openRequest(db: DB, slotId: string, jurorId: string) {
	return (await openRescores(db, slotId)).get(jurorId) ?? null;
}
