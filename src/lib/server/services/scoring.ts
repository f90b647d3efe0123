import { createHash } from 'node:crypto';
import { tidyNotes } from '$lib/domain/live/juror-notes';
import { submitScoresInput, type ScoreReceipt } from '$lib/shared/contracts';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import { isUniqueViolation } from '../db';
import type { ServiceContext } from './context';
import { forbidden, notFound, refusal } from './errors';
import { commitLiveChange } from './transaction';
import { practiceSlot, submitPracticeSheet } from './practice';
import { openRequest } from './rescore';
import { checkedSheet, notOnPanel } from './sheet-check';
import { parseInput } from './validation';

/**
 * A juror submits (or resubmits) a complete score sheet for the slot being scored.
 * At-least-once from the tablet, exactly-once here: the submission id is the primary key, and a
 * retry of an id already stored returns the original receipt without writing anything.
 *
 * @example await submitScores(ctx, juror, { slotId, submissionId: 'k3j4…', scores: { K1: 80, K2: 75, … } });
 */
export async function submitScores(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<ScoreReceipt> {
	if (actor.role !== 'juror') throw forbidden('Only jurors submit scores', 'jurors_only');
	const input = parseInput(submitScoresInput, raw);

	const receiptOf = async (): Promise<ScoreReceipt | null> => {
		const stored = await ctx.db.selectFrom('score_submissions').selectAll().where('id', '=', input.submissionId).executeTakeFirst();
		if (!stored) return null;
		if (stored.juror_id !== actor.id || stored.slot_id !== input.slotId) {
			throw refusal('conflict', 'submission_reused', 'This submission id was already used for another sheet');
		}
		return {
			submissionId: stored.id,
			slotId: stored.slot_id,
			revision: stored.revision,
			total: stored.total,
			savedAt: stored.submitted_at
		};
	};
	const earlier = await receiptOf();
	if (earlier) return earlier;

	// The slot with the juror's standing towards it, in one query (a burst of sheets is what has to be fast).
	const slot = await ctx.db
		.selectFrom('slots')
		.selectAll('slots')
		.select((eb) => [
			eb
				.exists(
					eb
						.selectFrom('panel_jurors')
						.select('seat')
						.whereRef('panel_jurors.panel_id', '=', 'slots.panel_id')
						.where('panel_jurors.juror_id', '=', actor.id)
				)
				.as('seated'),
			eb
				.exists(
					eb
						.selectFrom('recusals')
						.select('recusals.id')
						.whereRef('recusals.body_id', '=', 'slots.body_id')
						.where('recusals.juror_id', '=', actor.id)
				)
				.as('recused'),
			eb
				.exists(
					eb
						.selectFrom('conflicts')
						.select('conflicts.id')
						.whereRef('conflicts.body_id', '=', 'slots.body_id')
						.where('conflicts.juror_id', '=', actor.id)
						.where('conflicts.status', '=', 'open')
						.where('conflicts.source', '=', 'declared')
						.whereRef('conflicts.created_by', '=', 'conflicts.juror_id')
				)
				.as('declared')
		])
		.where('slots.id', '=', input.slotId)
		.executeTakeFirst();
	if (!slot) {
		// A practice slot's sheet is stored apart, where no result reads it (looked up second, as rare).
		const practice = await practiceSlot(ctx.db, input.slotId);
		if (practice) return submitPracticeSheet(ctx, actor, practice, input);
	}
	if (!slot || slot.evaluation_id !== actor.evaluationId) throw notFound('Slot');
	// The engines answer `exists` with 0/1 (SQLite) or a boolean (PostgreSQL).
	if (!slot.seated) throw notOnPanel();
	if (slot.recused) throw forbidden('You are recused from this body', 'recused');
	// A juror who declared a conflict waits for the chair's decision before scoring the body.
	if (slot.declared)
		throw refusal('invalid_state', 'conflict_pending', 'You declared a conflict with this body: the chair decides it first');

	const { rubric, sheet, total } = await checkedSheet(ctx.db, slot.evaluation_id, input.scores);
	const notes = tidyNotes(
		rubric.map((c) => c.code),
		input.notes
	);
	if (!notes.ok) {
		throw refusal('invalid_input', 'notes_invalid', `Notes refused: ${notes.issue}${notes.code ? ` (${notes.code})` : ''}`, {
			issue: notes.issue
		});
	}
	const notesText = notes.value ? JSON.stringify(notes.value) : null;

	try {
		const { result: receipt, version } = await commitLiveChange(ctx.db, slot.evaluation_id, async (trx) => {
			// The state is checked inside the transaction, so a sheet can never land after the close.
			const { state } = await trx.selectFrom('slots').select('state').where('id', '=', slot.id).executeTakeFirstOrThrow();
			// Once scoring is closed, only a juror the chair asked to score again may send a sheet.
			const rescore = state === 'closed' ? await openRequest(trx, slot.id, actor.id) : null;
			if (state !== 'scoring' && !rescore) throw refusal('invalid_state', 'scoring_not_open', 'Scoring is not open for this slot');
			const last = await trx
				.selectFrom('score_submissions')
				.select((eb) => eb.fn.max('revision').as('revision'))
				.where('slot_id', '=', slot.id)
				.where('juror_id', '=', actor.id)
				.executeTakeFirst();
			const revision = (last?.revision ?? 0) + 1;
			const savedAt = Date.now();
			// The first sheet freezes the settings results depend on (weights, bands, rubric…).
			await trx
				.updateTable('evaluations')
				.set({ settings_locked_at: savedAt })
				.where('id', '=', slot.evaluation_id)
				.where('settings_locked_at', 'is', null)
				.execute();
			await trx
				.insertInto('score_submissions')
				.values({
					id: input.submissionId,
					slot_id: slot.id,
					juror_id: actor.id,
					revision,
					scores: JSON.stringify(sheet),
					total,
					submitted_at: savedAt,
					notes: notesText
				})
				.execute();
			// Any sheet of the juror answers the chair's request (also one sent after scoring reopened).
			await trx
				.updateTable('rescore_requests')
				.set({ answered_at: savedAt, answered_by_submission: input.submissionId })
				.where('slot_id', '=', slot.id)
				.where('juror_id', '=', actor.id)
				.where('answered_at', 'is', null)
				.execute();
			await appendAudit(trx, {
				actorId: actor.id,
				evaluationId: slot.evaluation_id,
				action: 'score.submit',
				entity: 'score_submission',
				entityId: input.submissionId,
				// The notes are private: the log keeps their digest (what was stored can be proved), never
				// their words, since stretches of it go to outside auditors with the verification bundle.
				after: {
					slotId: slot.id,
					revision,
					scores: sheet,
					total,
					...(notesText ? { notesSha256: sha256(notesText) } : {}),
					...(rescore ? { rescoreRequestId: rescore.id } : {})
				}
			});
			return { submissionId: input.submissionId, slotId: slot.id, revision, total, savedAt };
		});
		// Blind: only this juror's view and the chair's panel view change, never a public one.
		ctx.publisher.changed({ evaluationId: slot.evaluation_id, version, consoles: [slot.panel_id], users: [actor.id] });
		return receipt;
	} catch (error) {
		// Two deliveries of the same retry can race past the first lookup; the primary key lets
		// exactly one insert win, and the loser answers with the winner's receipt.
		const raced = isUniqueViolation(error) ? await receiptOf() : null;
		if (raced) return raced;
		throw error;
	}
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
