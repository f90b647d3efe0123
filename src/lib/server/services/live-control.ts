import { ACTIVE_STATES, transition, type SlotCommand, type TransitionResult } from '$lib/domain/live/slot-machine';
import { slotCommandInput } from '$lib/shared/contracts';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { ServiceError, forbidden, notFound, refusal } from './errors';
import { loadEvaluation } from './evaluation-rules';
import { certificationCheck } from './results';
import { certifiedState } from './replay-state';
import { openRescores } from './rescore';
import { activePractice, applyPracticeCommand, practiceSlot } from './practice';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';

/**
 * A chair's (or the secretariat's) command on a slot: start presentation, Q&A, open, close,
 * reopen or certify scoring, or mark a no-show.
 *
 * @example await applySlotCommand(ctx, chair, { slotId, command: 'open_scoring' });
 */
export async function applySlotCommand(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ state: string }> {
	const input = parseInput(slotCommandInput, raw);
	// The practice slot runs by the same commands, apart from the real ones.
	const practice = await practiceSlot(ctx.db, input.slotId);
	if (practice) return applyPracticeCommand(ctx, actor, practice, input);
	const slot = await slotToRun(ctx, actor, input.slotId);

	if (input.command === 'certify') {
		// The state comes first: certifying a slot still in scoring (or never scored) used to answer
		// with the quorum or missing-juror check, asking the chair to confirm while jurors could still
		// submit. The transition is checked again inside the transaction.
		const allowed = transition(slot, 'certify', Date.now(), false);
		if (!allowed.ok) throw transitionRefused(allowed, 'certify');
		const evaluation = await loadEvaluation(ctx.db, slot.evaluation_id);
		const check = await certificationCheck(ctx.db, evaluation, slot);
		if (!check.quorumMet) {
			const params = { valid: check.validCount, quorum: check.quorum, recused: check.recusedCount };
			// Reopening helps only when jurors who could still score have not: never advise it otherwise.
			if (!check.reopenHelps) {
				throw refusal(
					'invalid_state',
					'quorum_unreachable',
					`Only ${check.validCount} valid score sheets; the quorum is ${check.quorum}, and no other juror can score this body`,
					params
				);
			}
			throw refusal(
				'invalid_state',
				'quorum_not_met',
				`Only ${check.validCount} valid score sheets; the quorum is ${check.quorum}. Reopen scoring so more jurors can submit.`,
				params
			);
		}
		if (check.missing.length > 0 && !input.confirmMissing) {
			const names = check.missing.map((j) => j.name).join(', ');
			throw new ServiceError(
				'conflict',
				`${check.missing.length} juror(s) have not submitted: ${names}. Confirm to certify without them.`,
				check.missing.map((j) => ({ path: j.id, message: `${j.name} has not submitted` })),
				'missing_sheets',
				{ count: check.missing.length, names }
			);
		}
		const awaited = [...(await openRescores(ctx.db, slot.id)).keys()];
		if (awaited.length > 0 && !input.confirmRescore) {
			const names = (await ctx.db.selectFrom('users').select('name').where('id', 'in', awaited).orderBy('name').execute())
				.map((u) => u.name)
				.join(', ');
			throw refusal('conflict', 'rescore_pending', `A re-score is awaited from ${names}. Confirm to certify without it.`, { names });
		}
	}

	const { result: state, version } = await commitLiveChange(
		ctx.db,
		slot.evaluation_id,
		async (trx) => {
			// Re-read inside the transaction: another chair device may have moved the slot meanwhile.
			const current = await trx.selectFrom('slots').selectAll().where('id', '=', slot.id).executeTakeFirstOrThrow();
			const busy = await trx
				.selectFrom('slots')
				.select('id')
				.where('panel_id', '=', slot.panel_id)
				.where('id', '!=', slot.id)
				.where('state', 'in', ACTIVE_STATES)
				.executeTakeFirst();
			// A practice under way holds the room too.
			const practising = await activePractice(trx, slot.panel_id);
			const now = Date.now();
			const outcome = transition(current, input.command, now, busy !== undefined || practising !== undefined);
			if (!outcome.ok) throw transitionRefused(outcome, input.command);
			const changes = { ...outcome.changes, ...(input.command === 'certify' ? { certified_by: actor.id } : {}) };
			// A certification records who could score the slot: a replay of the log rebuilds its jurors from it.
			const replay = input.command === 'certify' ? { replay: await certifiedState(trx, current) } : {};
			const auditHead = await appendAudit(trx, {
				actorId: actor.id,
				evaluationId: slot.evaluation_id,
				action: `slot.${input.command}`,
				entity: 'slot',
				entityId: slot.id,
				before: { state: current.state },
				after: { ...changes, ...replay }
			});
			// A certification keeps the head of its own audit row: an anchor of the log (see $lib/domain/audit).
			const anchor = input.command === 'certify' ? { certified_audit_seq: auditHead.seq, certified_audit_hash: auditHead.hash } : {};
			await trx
				.updateTable('slots')
				.set({ ...changes, ...anchor })
				.where('id', '=', slot.id)
				.execute();
			return outcome.state;
		},
		'public'
	);

	ctx.publisher.changed({ evaluationId: slot.evaluation_id, version, panels: [slot.panel_id], public: true });
	return { state };
}

/**
 * A slot its panel's chair (or the secretariat) runs: refused to anyone else.
 *
 * @example const slot = await slotToRun(ctx, chair, slotId);
 */
export async function slotToRun(ctx: ServiceContext, actor: SessionUser, slotId: string) {
	const slot = await ctx.db
		.selectFrom('slots')
		.innerJoin('panels', 'panels.id', 'slots.panel_id')
		.selectAll('slots')
		.select('panels.chair_id')
		.where('slots.id', '=', slotId)
		.executeTakeFirst();
	if (!slot) throw notFound('Slot');
	const isChair = actor.role === 'chair' && slot.chair_id === actor.id;
	if (!isChair && actor.role !== 'admin')
		throw forbidden('Only the chair of this panel or the secretariat can run this slot', 'chair_or_secretariat_only');
	return slot;
}

/** A command the slot's state does not allow, with the command and the state for the chair's language. */
function transitionRefused(outcome: Extract<TransitionResult, { ok: false }>, command: SlotCommand): ServiceError {
	return outcome.reason === 'room_busy'
		? refusal('invalid_state', 'room_busy', outcome.message)
		: refusal('invalid_state', 'invalid_transition', outcome.message, { command, state: outcome.state });
}
