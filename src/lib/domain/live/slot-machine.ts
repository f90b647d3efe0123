/**
 * The life of a presentation slot, as the chair drives it:
 *
 *   scheduled ─start─▶ presenting ─qa─▶ qa ─open─▶ scoring ─close─▶ closed ─certify─▶ certified
 *       │                   └──────────open──────────▲   ▲──reopen──┘
 *       └─no-show─▶ no_show
 *
 * Pure: callers pass the clock in, so the same rules run in the service, in tests and in a replay.
 */

export type SlotState = 'scheduled' | 'presenting' | 'qa' | 'scoring' | 'closed' | 'certified' | 'no_show';

export type SlotCommand =
	'start_presentation' | 'start_qa' | 'open_scoring' | 'close_scoring' | 'reopen_scoring' | 'certify' | 'mark_no_show';

/** States in which a slot occupies its room: at most one slot per panel may be in one of these. */
export const ACTIVE_STATES: readonly SlotState[] = ['presenting', 'qa', 'scoring', 'closed'];
export const FINISHED_STATES: readonly SlotState[] = ['certified', 'no_show'];

const TRANSITIONS: Record<SlotCommand, { from: readonly SlotState[]; to: SlotState }> = {
	start_presentation: { from: ['scheduled'], to: 'presenting' },
	start_qa: { from: ['presenting'], to: 'qa' },
	// A chair may skip Q&A when a body has no questions.
	open_scoring: { from: ['presenting', 'qa'], to: 'scoring' },
	close_scoring: { from: ['scoring'], to: 'closed' },
	reopen_scoring: { from: ['closed'], to: 'scoring' },
	certify: { from: ['closed'], to: 'certified' },
	mark_no_show: { from: ['scheduled'], to: 'no_show' }
};

export interface SlotTimes {
	state: SlotState;
	presentation_started_at: number | null;
	qa_started_at: number | null;
	scoring_opened_at: number | null;
	scoring_closed_at: number | null;
	certified_at: number | null;
}

export type TransitionResult =
	| { ok: true; state: SlotState; changes: Partial<SlotTimes> }
	/** `state` is the slot's state the command was refused in. */
	| { ok: false; reason: 'invalid_transition' | 'room_busy'; state: SlotState; message: string };

/**
 * Applies a chair's command to a slot. `roomBusy` says whether another slot of the same panel is
 * active; a new presentation cannot start over it.
 *
 * @example transition(slot, 'start_presentation', Date.now(), false) // → { ok: true, state: 'presenting', changes: {...} }
 */
export function transition(slot: SlotTimes, command: SlotCommand, now: number, roomBusy: boolean): TransitionResult {
	const rule = TRANSITIONS[command];
	if (!rule.from.includes(slot.state)) {
		return {
			ok: false,
			reason: 'invalid_transition',
			state: slot.state,
			message: `Cannot ${command.replace(/_/g, ' ')} a slot that is ${slot.state.replace('_', ' ')}`
		};
	}
	if (command === 'start_presentation' && roomBusy) {
		return { ok: false, reason: 'room_busy', state: slot.state, message: 'Another presentation in this room is not finished yet' };
	}
	const changes: Partial<SlotTimes> = { state: rule.to };
	switch (command) {
		case 'start_presentation':
			changes.presentation_started_at = now;
			break;
		case 'start_qa':
			changes.qa_started_at = now;
			break;
		case 'open_scoring':
			changes.scoring_opened_at = now;
			break;
		case 'close_scoring':
			changes.scoring_closed_at = now;
			break;
		case 'reopen_scoring':
			changes.scoring_closed_at = null;
			break;
		case 'certify':
			changes.certified_at = now;
			break;
	}
	return { ok: true, state: rule.to, changes };
}

export interface PhaseDurations {
	presentation_minutes: number;
	qa_minutes: number;
	scoring_minutes: number;
}

export interface SlotClock {
	phase: 'presentation' | 'qa' | 'scoring' | null;
	startedAt: number | null;
	durationMs: number | null;
}

/**
 * The countdown of the slot's current phase, as timestamps: every device computes the remaining
 * time from these and its offset to the server's clock, so a reload or a restart shows the same.
 */
export function slotClock(slot: SlotTimes & PhaseDurations): SlotClock {
	const minute = 60_000;
	switch (slot.state) {
		case 'presenting':
			return { phase: 'presentation', startedAt: slot.presentation_started_at, durationMs: slot.presentation_minutes * minute };
		case 'qa':
			return { phase: 'qa', startedAt: slot.qa_started_at, durationMs: slot.qa_minutes * minute };
		case 'scoring':
			return { phase: 'scoring', startedAt: slot.scoring_opened_at, durationMs: slot.scoring_minutes * minute };
		default:
			return { phase: null, startedAt: null, durationMs: null };
	}
}

/** Milliseconds left in a phase (negative once it overruns), by a clock corrected to the server's. */
export function remainingMs(clock: SlotClock, now: number): number | null {
	if (clock.startedAt === null || clock.durationMs === null) return null;
	return clock.startedAt + clock.durationMs - now;
}

export interface QueuedSlot {
	id: string;
	position: number;
	state: SlotState;
}

/** How many slots of the same room will present before this one (0 = next or on stage). */
export function slotsBefore(queue: readonly QueuedSlot[], slotId: string): number | null {
	const mine = queue.find((s) => s.id === slotId);
	if (!mine) return null;
	if (mine.state !== 'scheduled') return 0;
	return queue.filter((s) => s.position < mine.position && (s.state === 'scheduled' || ACTIVE_STATES.includes(s.state))).length;
}

/** The slot now in the room, if any. */
export function activeSlot<T extends QueuedSlot>(queue: readonly T[]): T | undefined {
	return queue.find((s) => ACTIVE_STATES.includes(s.state));
}

/** The next slot to call into the room: the first scheduled one by position. */
export function nextScheduledSlot<T extends QueuedSlot>(queue: readonly T[]): T | undefined {
	return [...queue].filter((s) => s.state === 'scheduled').sort((a, b) => a.position - b.position)[0];
}
