/**
 * A slot held online (hybrid events are common: the 2023 opening was virtual) has a meeting link,
 * which the presenter's page shows from shortly before the slot until it ends. The secretariat
 * sets it per slot; an empty link means the slot is held in the room.
 */
import { z } from 'zod';
import { meetingLink } from '$lib/domain/setup/meeting-link';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { ScheduleError, adminLiveChange, requireAdmin } from './panels';
import { parseInput } from './validation';

export const meetingLinkInput = z.object({
	slotId: z.string().min(1, 'required').max(64),
	/** Empty: the slot is held in the room. Otherwise an https link (the problem is the field's message code). */
	link: z
		.string()
		.nullish()
		.transform((typed, ctx) => {
			if (!typed?.trim()) return null;
			const checked = meetingLink(typed);
			if (checked.ok) return checked.link;
			ctx.addIssue({ code: 'custom', message: checked.problem });
			return z.NEVER;
		})
});

/**
 * Sets or clears a slot's meeting link; the presenter's page follows at once.
 *
 * @example await setMeetingLink(ctx, admin, { slotId, link: 'https://zoom.us/j/8123456789' })
 */
export async function setMeetingLink(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const input = parseInput(meetingLinkInput, raw);
	const slot = await ctx.db
		.selectFrom('slots')
		.select(['id', 'evaluation_id', 'meeting_link'])
		.where('id', '=', input.slotId)
		.executeTakeFirst();
	if (!slot) throw new ScheduleError('not_found', 'slot_not_found', 'Slot not found', 'slotId');
	if (slot.meeting_link === input.link) return;
	await adminLiveChange(ctx, actor, slot.evaluation_id, async (trx) => {
		await trx.updateTable('slots').set({ meeting_link: input.link }).where('id', '=', slot.id).execute();
		return {
			result: undefined,
			audit: {
				action: 'slot.meeting_link',
				entity: 'slot',
				entityId: slot.id,
				before: { meetingLink: slot.meeting_link },
				after: { meetingLink: input.link }
			},
			// Presenters only (public): the consoles and tablets do not show it.
			panels: []
		};
	});
}
