/**
 * The practice (calibration) slot: before a panel's first real slot, its chair runs a slot with no
 * body, scored like any other (the same tablets, rubric, state machine and scoring core) so the
 * jurors can calibrate. It lives in tables of its own (practice_slots, practice_sheets): results,
 * shortlists, exports, documents and public views read `slots` and `score_submissions` only, so a
 * practice can never be counted in them.
 */
import { ACTIVE_STATES, transition, type SlotCommand } from '$lib/domain/live/slot-machine';
import { practiceStartInput, type ScoreReceipt, type SlotCommandInput, type SubmitScoresInput } from '$lib/shared/contracts';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Selectable } from 'kysely';
import type { PracticeSlotTable } from '../db/schema';
import type { ServiceContext } from './context';
import { forbidden, notFound, refusal } from './errors';
import { loadEvaluation } from './evaluation-rules';
import { checkedSheet, requireSeat } from './sheet-check';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';
import { isUniqueViolation } from '../db';

export type PracticeSlot = Selectable<PracticeSlotTable>;

/** The practice slot with this id, if it is one. */
export function practiceSlot(db: DB, id: string): Promise<PracticeSlot | undefined> {
	return db.selectFrom('practice_slots').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The panel's practice slot under way (presenting to closed), if any. */
export function activePractice(db: DB, panelId: string): Promise<PracticeSlot | undefined> {
	return db.selectFrom('practice_slots').selectAll().where('panel_id', '=', panelId).where('state', 'in', ACTIVE_STATES).executeTakeFirst();
}

/** The panel a chair runs, or the one the secretariat names. */
async function panelToRun(db: DB, actor: SessionUser, panelId: string | undefined) {
	const panel =
		actor.role === 'chair'
			? await db.selectFrom('panels').select(['id', 'evaluation_id']).where('chair_id', '=', actor.id).executeTakeFirst()
			: actor.role === 'admin' && panelId
				? await db.selectFrom('panels').select(['id', 'evaluation_id']).where('id', '=', panelId).executeTakeFirst()
				: undefined;
	if (actor.role !== 'chair' && actor.role !== 'admin')
		throw forbidden('Only the chair of this panel or the secretariat can run a practice', 'chair_or_secretariat_only');
	if (!panel) throw notFound('Panel');
	return panel;
}

/**
 * Starts a practice slot in the chair's room (its presentation phase, with the evaluation's timing).
 * Refused once a real slot of the panel has started (or been marked a no-show), and while a
 * practice is under way.
 *
 * @example const { practiceId } = await startPractice(ctx, chair, {});
 */
export async function startPractice(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ practiceId: string }> {
	const input = parseInput(practiceStartInput, raw);
	const panel = await panelToRun(ctx.db, actor, input.panelId);
	const evaluation = await loadEvaluation(ctx.db, panel.evaluation_id);
	const { result, version } = await commitLiveChange(ctx.db, panel.evaluation_id, async (trx) => {
		const started = await trx
			.selectFrom('slots')
			.select('id')
			.where('panel_id', '=', panel.id)
			.where('state', '!=', 'scheduled')
			.executeTakeFirst();
		if (started) throw refusal('invalid_state', 'practice_too_late', 'A practice runs before the first real slot only');
		if (await activePractice(trx, panel.id)) throw refusal('invalid_state', 'room_busy', 'A practice is under way in this room');
		const now = Date.now();
		const blank = {
			state: 'scheduled' as const,
			presentation_started_at: null,
			qa_started_at: null,
			scoring_opened_at: null,
			scoring_closed_at: null,
			certified_at: null
		};
		const outcome = transition(blank, 'start_presentation', now, false);
		if (!outcome.ok) throw refusal('invalid_state', 'invalid_transition', outcome.message);
		const id = crypto.randomUUID();
		await trx
			.insertInto('practice_slots')
			.values({
				id,
				evaluation_id: panel.evaluation_id,
				panel_id: panel.id,
				presentation_minutes: evaluation.presentation_minutes,
				qa_minutes: evaluation.qa_minutes,
				scoring_minutes: evaluation.scoring_minutes,
				...blank,
				...outcome.changes,
				created_by: actor.id,
				created_at: now
			})
			.execute();
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: panel.evaluation_id,
			action: 'practice.start_presentation',
			entity: 'practice_slot',
			entityId: id,
			after: { panelId: panel.id, state: outcome.state }
		});
		return { practiceId: id };
	});
	// Never public: only the room's console and tablets change.
	ctx.publisher.changed({ evaluationId: panel.evaluation_id, version, panels: [panel.id] });
	return result;
}

/**
 * A chair's command on the practice slot, by the same state machine as a real slot. Certifying
 * ends the practice: there is no quorum to meet, since nothing is counted.
 */
export async function applyPracticeCommand(
	ctx: ServiceContext,
	actor: SessionUser,
	practice: PracticeSlot,
	input: SlotCommandInput
): Promise<{ state: string }> {
	const panel = await panelToRun(ctx.db, actor, practice.panel_id);
	if (panel.id !== practice.panel_id)
		throw forbidden('Only the chair of this panel or the secretariat can run this slot', 'chair_or_secretariat_only');
	const { result, version } = await commitLiveChange(ctx.db, practice.evaluation_id, async (trx) => {
		const current = (await practiceSlot(trx, practice.id))!;
		const outcome = transition(current, input.command as SlotCommand, Date.now(), false);
		if (!outcome.ok)
			throw refusal('invalid_state', 'invalid_transition', outcome.message, { command: input.command, state: outcome.state });
		await trx.updateTable('practice_slots').set(outcome.changes).where('id', '=', practice.id).execute();
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: practice.evaluation_id,
			action: `practice.${input.command}`,
			entity: 'practice_slot',
			entityId: practice.id,
			before: { state: current.state },
			after: outcome.changes
		});
		return { state: outcome.state };
	});
	ctx.publisher.changed({ evaluationId: practice.evaluation_id, version, panels: [practice.panel_id] });
	return result;
}

/**
 * A juror's sheet on the practice slot: checked like any sheet, exactly-once by its id, accepted
 * while scoring is open. Notes are not kept (a practice sheet is thrown away with its practice).
 */
export async function submitPracticeSheet(
	ctx: ServiceContext,
	actor: SessionUser,
	practice: PracticeSlot,
	input: SubmitScoresInput
): Promise<ScoreReceipt> {
	if (practice.evaluation_id !== actor.evaluationId) throw notFound('Slot');
	const receiptOf = async (): Promise<ScoreReceipt | null> => {
		const stored = await ctx.db.selectFrom('practice_sheets').selectAll().where('id', '=', input.submissionId).executeTakeFirst();
		if (!stored) return null;
		if (stored.juror_id !== actor.id || stored.practice_slot_id !== practice.id)
			throw refusal('conflict', 'submission_reused', 'This submission id was already used for another sheet');
		return { submissionId: stored.id, slotId: practice.id, revision: stored.revision, total: stored.total, savedAt: stored.submitted_at };
	};
	const earlier = await receiptOf();
	if (earlier) return earlier;
	await requireSeat(ctx.db, practice.panel_id, actor.id);
	const { sheet, total } = await checkedSheet(ctx.db, practice.evaluation_id, input.scores);
	try {
		const { result, version } = await commitLiveChange(ctx.db, practice.evaluation_id, async (trx) => {
			const { state } = (await practiceSlot(trx, practice.id))!;
			if (state !== 'scoring') throw refusal('invalid_state', 'scoring_not_open', 'Scoring is not open for this slot');
			const last = await trx
				.selectFrom('practice_sheets')
				.select((eb) => eb.fn.max('revision').as('revision'))
				.where('practice_slot_id', '=', practice.id)
				.where('juror_id', '=', actor.id)
				.executeTakeFirst();
			const revision = (last?.revision ?? 0) + 1;
			const savedAt = Date.now();
			await trx
				.insertInto('practice_sheets')
				.values({
					id: input.submissionId,
					practice_slot_id: practice.id,
					juror_id: actor.id,
					revision,
					scores: JSON.stringify(sheet),
					total,
					submitted_at: savedAt
				})
				.execute();
			await appendAudit(trx, {
				actorId: actor.id,
				evaluationId: practice.evaluation_id,
				action: 'practice.score',
				entity: 'practice_sheet',
				entityId: input.submissionId,
				after: { practiceSlotId: practice.id, revision, scores: sheet, total }
			});
			return { submissionId: input.submissionId, slotId: practice.id, revision, total, savedAt };
		});
		ctx.publisher.changed({ evaluationId: practice.evaluation_id, version, consoles: [practice.panel_id], users: [actor.id] });
		return result;
	} catch (error) {
		const raced = isUniqueViolation(error) ? await receiptOf() : null;
		if (raced) return raced;
		throw error;
	}
}

/** Each juror's latest practice sheet (juror id → sheet). */
export async function practiceSheets(db: DB, practiceId: string) {
	const rows = await db.selectFrom('practice_sheets').selectAll().where('practice_slot_id', '=', practiceId).execute();
	const latest = new Map<string, (typeof rows)[number]>();
	for (const r of rows) if ((latest.get(r.juror_id)?.revision ?? 0) < r.revision) latest.set(r.juror_id, r);
	return latest;
}
