import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { eventDate, eventTime, eventTimeToEpoch, isEventDate, isTimeOfDay } from '$lib/domain/setup/schedule';
import { eventZoneOf } from '$lib/server/services/evaluation-rules';
import { moveSlot, scheduleOverview, swapSlotsInput, swapSlots } from '$lib/server/services/schedule';
import { meetingLinkInput, setMeetingLink } from '$lib/server/services/meeting-link';
import { attempt } from '../../form-result';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	const { board, warnings } = await scheduleOverview(locals.ctx, actor, params.evaluationId);
	const slot = board.slots.find((s) => s.slotId === params.slotId);
	if (!slot) error(404, 'Slot not found');
	const panelName = new Map(board.panels.map((p) => [p.id, `${p.name} · ${p.room}`]));
	return {
		slot: {
			id: slot.slotId,
			panelId: slot.panelId,
			state: slot.state,
			start: slot.start,
			end: slot.end,
			date: eventDate(slot.start, board.timeZone),
			time: eventTime(slot.start, board.timeZone),
			bodyName: slot.bodyName,
			categoryName: slot.categoryName,
			room: panelName.get(slot.panelId) ?? '',
			meetingLink: slot.meetingLink
		},
		warnings: warnings[slot.slotId] ?? [],
		panels: board.panels.map((p) => ({ id: p.id, label: panelName.get(p.id)! })),
		swapCandidates: board.slots
			.filter((s) => s.state === 'scheduled' && s.slotId !== slot.slotId)
			.sort((a, b) => a.start - b.start)
			.map((s) => ({ id: s.slotId, bodyName: s.bodyName, panel: panelName.get(s.panelId) ?? '', start: s.start, end: s.end }))
	};
};

const moveForm = z.object({
	panelId: z.string().min(1, 'required').max(64),
	date: z.string().refine(isEventDate, 'invalid_date'),
	time: z.string().refine(isTimeOfDay, 'invalid_time'),
	confirm: z.string().max(20_000).optional()
});

/**
 * A change made: back to the schedule, which confirms where the moved slots now are; one waiting
 * for confirmation: the page shows its warnings.
 */
function done<R>(result: R, evaluationId: string, moved: string[]): R {
	if ((result as { done?: { applied?: boolean } }).done?.applied) {
		const query = new URLSearchParams(moved.map((id) => ['moved', id]));
		redirect(303, `/admin/e/${evaluationId}/schedule?${query}`);
	}
	return result;
}

export const actions: Actions = {
	move: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		// The date and time are read on the event's clocks, whatever the secretariat's laptop is set to.
		const zone = await eventZoneOf(locals.ctx.db, params.evaluationId);
		return done(
			await attempt('move', moveForm, await request.formData(), ({ panelId, date, time, confirm }) =>
				moveSlot(locals.ctx, actor, { panelId, start: eventTimeToEpoch(date, time, zone)!, confirm, slotId: params.slotId })
			),
			params.evaluationId,
			[params.slotId]
		);
	},
	swap: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		formData.set('slotId', params.slotId);
		return done(await attempt('swap', swapSlotsInput, formData, (data) => swapSlots(locals.ctx, actor, data)), params.evaluationId, [
			params.slotId,
			String(formData.get('otherSlotId'))
		]);
	},
	meetingLink: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		formData.set('slotId', params.slotId);
		return attempt('meetingLink', meetingLinkInput, formData, (data) => setMeetingLink(locals.ctx, actor, data));
	}
};
