/**
 * Reading jurors' private notes. A juror sees their own on the tablet (the juror view); the chair
 * of the slot's panel sees every juror's once the slot is certified (not before: the notes must not
 * steer a chair while scores can still change); the secretariat sees them at any time, here and on
 * the printed score sheets. No public view, result or export reads them.
 */
import { z } from 'zod';
import type { JurorNotes } from '$lib/domain/live/juror-notes';
import type { SlotNotes } from '$lib/shared/juror-tools';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { forbidden, notFound, refusal } from './errors';
import { loadEvaluation, loadRubric } from './evaluation-rules';
import { parseInput } from './validation';

const slotNotesInput = z.object({ slotId: z.string().min(1).max(64) });

/**
 * Every seated juror's notes on a slot, from their latest sheet, in seat order.
 *
 * @example const notes = await slotNotes(ctx, chair, { slotId }); // refused before certification
 */
export async function slotNotes(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<SlotNotes> {
	const { slotId } = parseInput(slotNotesInput, raw);
	const slot = await ctx.db
		.selectFrom('slots')
		.innerJoin('panels', 'panels.id', 'slots.panel_id')
		.innerJoin('bodies', 'bodies.id', 'slots.body_id')
		.select([
			'slots.id',
			'slots.state',
			'slots.evaluation_id',
			'slots.panel_id',
			'panels.chair_id',
			'panels.name as panel_name',
			'bodies.name'
		])
		.where('slots.id', '=', slotId)
		.executeTakeFirst();
	if (!slot) throw notFound('Slot');
	const isChair = actor.role === 'chair' && slot.chair_id === actor.id;
	if (!isChair && actor.role !== 'admin')
		throw forbidden('Only the chair of this panel or the secretariat read these notes', 'chair_or_secretariat_only');
	if (isChair && slot.state !== 'certified')
		throw refusal('invalid_state', 'notes_after_certification', 'Notes are shown once the slot is certified');
	const [evaluation, rubric, seats, sheets] = await Promise.all([
		loadEvaluation(ctx.db, slot.evaluation_id),
		loadRubric(ctx.db, slot.evaluation_id),
		ctx.db
			.selectFrom('panel_jurors')
			.innerJoin('users', 'users.id', 'panel_jurors.juror_id')
			.select(['users.id', 'users.name'])
			.where('panel_jurors.panel_id', '=', slot.panel_id)
			.orderBy('panel_jurors.seat')
			.execute(),
		ctx.db.selectFrom('score_submissions').select(['juror_id', 'revision', 'notes']).where('slot_id', '=', slot.id).execute()
	]);
	const latest = new Map<string, { revision: number; notes: string | null }>();
	for (const s of sheets) if ((latest.get(s.juror_id)?.revision ?? 0) < s.revision) latest.set(s.juror_id, s);
	return {
		slotId: slot.id,
		bodyName: slot.name,
		panelId: slot.panel_id,
		panelName: slot.panel_name,
		certified: slot.state === 'certified',
		timeZone: evaluation.time_zone,
		criteria: rubric.map((c) => ({ code: c.code, name: c.name })),
		jurors: seats.map((j) => {
			const sheet = latest.get(j.id);
			return {
				id: j.id,
				name: j.name,
				revision: sheet?.revision ?? null,
				notes: sheet?.notes ? (JSON.parse(sheet.notes) as JurorNotes) : null
			};
		})
	};
}
