/**
 * What a body's presenter page shows about its own slot, as pure rules over the slot and a clock:
 * where it stands in the room ("you are next", "on stage now"), when it may check in, when its
 * online meeting link is shown, and whether a published result may be shown yet.
 */
import { eventDate, MINUTE_MS } from '../setup/schedule';
import type { EventZone } from '../setup/event-zone';
import type { SlotState } from './slot-machine';

/** How long before the expected start an online slot's meeting link is shown. */
export const MEETING_LINK_LEAD_MINUTES = 15;

/**
 * Where the body stands: others still before it, next, on stage (presenting or answering), being
 * scored (it has left the stage; the panel scores), or done (certified or did not show).
 */
export type PresenterStage = 'waiting' | 'next' | 'on_stage' | 'being_scored' | 'done';

/**
 * @example presenterStage('scheduled', 0) // 'next'
 * @example presenterStage('qa', 0) // 'on_stage'
 */
export function presenterStage(state: SlotState, slotsBefore: number): PresenterStage {
	switch (state) {
		case 'scheduled':
			return slotsBefore === 0 ? 'next' : 'waiting';
		case 'presenting':
		case 'qa':
			return 'on_stage';
		case 'scoring':
		case 'closed':
			return 'being_scored';
		case 'certified':
		case 'no_show':
			return 'done';
	}
}

/**
 * Whether an online slot's meeting link is shown now: from MEETING_LINK_LEAD_MINUTES before the
 * slot's expected start (which follows the room's progress) until the slot ends (certified or
 * marked a no-show). A slot already started shows it whatever its plan said.
 *
 * @example meetingLinkOpen({ state: 'scheduled', expectedStart: nine }, nine - 10 * 60_000) // true
 */
export function meetingLinkOpen(slot: { state: SlotState; expectedStart: number }, now: number): boolean {
	if (slot.state === 'certified' || slot.state === 'no_show') return false;
	if (slot.state !== 'scheduled') return true;
	return now >= meetingLinkOpensAt(slot.expectedStart);
}

/** When the link of a slot expected at `expectedStart` is shown ("the link appears at 08:45"). */
export const meetingLinkOpensAt = (expectedStart: number): number => expectedStart - MEETING_LINK_LEAD_MINUTES * MINUTE_MS;

/** Why a check-in is refused: the slot has started or ended, or its day (on the event's clocks) is not today. */
export type CheckInRefusal = 'check_in_closed' | 'check_in_not_today';

/**
 * Whether the body may check in now: only while its slot waits, and only on the slot's event day
 * (a check-in the evening before would tell the chair nothing about who is in the building).
 *
 * @example checkInRefusal({ state: 'scheduled', plannedStart }, sameDayMorning, 'Asia/Jakarta') // null
 */
export function checkInRefusal(slot: { state: SlotState; plannedStart: number }, now: number, zone: EventZone): CheckInRefusal | null {
	if (slot.state !== 'scheduled') return 'check_in_closed';
	if (eventDate(now, zone) !== eventDate(slot.plannedStart, zone)) return 'check_in_not_today';
	return null;
}

/**
 * Whether a body's line of a published version may be shown on its page. A version published
 * before the body presented ranks it by the prior stage alone (or by the non-presenter rule), as
 * does a line whose panel fell below quorum: the page waits for a version with its presentation.
 * A body that did not show, or that has no slot at all, is ranked by the non-presenter rule for
 * good, and sees that line.
 *
 * @example publishedLineShown({ presentation: null, provisional: false }, 'scheduled') // false
 */
export function publishedLineShown(line: { presentation: unknown; provisional: boolean }, slotState: SlotState | null): boolean {
	if (line.presentation !== null && !line.provisional) return true;
	return slotState === null || slotState === 'no_show';
}
