/**
 * When each waiting slot of a room is expected to start, from the room's real progress: the slot
 * on stage ends when its phases run out (or now, if it overruns), each later slot follows with its
 * own planned length, and a first slot whose planned start has passed without starting is expected
 * now. Per event day: a late afternoon never moves tomorrow's first slot. Pure: the caller passes
 * the clock and the event's zone.
 */
import type { EventZone } from '../setup/event-zone';
import { MINUTE_MS, byEventDay } from '../setup/schedule';
import { ACTIVE_STATES, type SlotState } from './slot-machine';

export interface RoomSlotProgress {
	id: string;
	plannedStart: number;
	state: SlotState;
	presentationMinutes: number;
	qaMinutes: number;
	scoringMinutes: number;
	presentationStartedAt: number | null;
	certifiedAt: number | null;
}

/** Time between two slots (the evaluation's changeover), in minutes. */
export interface RoomTiming {
	changeoverMinutes: number;
}

const lengthOf = (s: RoomSlotProgress) => (s.presentationMinutes + s.qaMinutes + s.scoringMinutes) * MINUTE_MS;

/**
 * Expected start of every scheduled slot of one room (epoch ms by slot id). Slots that started,
 * were certified or did not show are not in the map.
 *
 * @example expectedStarts(roomSlots, { changeoverMinutes: 5 }, now, 'Asia/Jakarta').get(mySlotId) // → planned start, or later when the room runs late
 */
export function expectedStarts(slots: readonly RoomSlotProgress[], timing: RoomTiming, now: number, zone: EventZone): Map<string, number> {
	const changeover = timing.changeoverMinutes * MINUTE_MS;
	const expected = new Map<string, number>();
	for (const day of byEventDay(slots, (s) => s.plannedStart, zone)) {
		// When the room is free again, as far as today's real progress tells; null before anything happened.
		let free: number | null = null;
		let waitingSeen = false;
		for (const slot of day.items) {
			if (ACTIVE_STATES.includes(slot.state) && slot.presentationStartedAt !== null) {
				free = Math.max(now, slot.presentationStartedAt + lengthOf(slot)) + changeover;
			} else if (slot.state === 'certified' && slot.certifiedAt !== null) {
				free = Math.max(free ?? 0, slot.certifiedAt + changeover);
			} else if (slot.state === 'scheduled') {
				// The first waiting slot cannot start before now; the later ones follow it.
				const start = Math.max(slot.plannedStart, free ?? slot.plannedStart, waitingSeen ? 0 : now);
				expected.set(slot.id, start);
				free = start + lengthOf(slot) + changeover;
				waitingSeen = true;
			}
			// A no-show takes no time.
		}
	}
	return expected;
}
