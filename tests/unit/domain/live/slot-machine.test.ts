import { describe, expect, test } from 'vitest';
import {
	activeSlot,
	nextScheduledSlot,
	remainingMs,
	slotClock,
	slotsBefore,
	transition,
	type SlotCommand,
	type SlotState,
	type SlotTimes
} from '$lib/domain/live/slot-machine';

const blank = (state: SlotState): SlotTimes => ({
	state,
	presentation_started_at: null,
	qa_started_at: null,
	scoring_opened_at: null,
	scoring_closed_at: null,
	certified_at: null
});

describe('slot transitions', () => {
	const allowed: [SlotState, SlotCommand, SlotState][] = [
		['scheduled', 'start_presentation', 'presenting'],
		['presenting', 'start_qa', 'qa'],
		['presenting', 'open_scoring', 'scoring'],
		['qa', 'open_scoring', 'scoring'],
		['scoring', 'close_scoring', 'closed'],
		['closed', 'reopen_scoring', 'scoring'],
		['closed', 'certify', 'certified'],
		['scheduled', 'mark_no_show', 'no_show']
	];

	test.each(allowed)('%s --%s--> %s', (from, command, to) => {
		const result = transition(blank(from), command, 1000, false);
		expect(result).toMatchObject({ ok: true, state: to, changes: { state: to } });
	});

	test('every other pair is refused with a message naming the command and the state', () => {
		const states: SlotState[] = ['scheduled', 'presenting', 'qa', 'scoring', 'closed', 'certified', 'no_show'];
		const commands: SlotCommand[] = [
			'start_presentation',
			'start_qa',
			'open_scoring',
			'close_scoring',
			'reopen_scoring',
			'certify',
			'mark_no_show'
		];
		for (const state of states) {
			for (const command of commands) {
				if (allowed.some(([f, c]) => f === state && c === command)) continue;
				const result = transition(blank(state), command, 1000, false);
				expect(result.ok, `${state} + ${command}`).toBe(false);
				if (!result.ok) {
					expect(result.reason).toBe('invalid_transition');
					expect(result.message).toContain(command.replace(/_/g, ' '));
				}
			}
		}
	});

	test('a certified or no-show slot is final', () => {
		for (const command of ['start_presentation', 'open_scoring', 'reopen_scoring', 'certify'] as SlotCommand[]) {
			expect(transition(blank('certified'), command, 1, false).ok).toBe(false);
			expect(transition(blank('no_show'), command, 1, false).ok).toBe(false);
		}
	});

	test('a presentation cannot start while another in the room is unfinished', () => {
		expect(transition(blank('scheduled'), 'start_presentation', 1, true)).toMatchObject({ ok: false, reason: 'room_busy' });
	});

	test('each step stamps its own time; reopening clears the close time', () => {
		expect(transition(blank('scheduled'), 'start_presentation', 5, false)).toMatchObject({ changes: { presentation_started_at: 5 } });
		expect(transition(blank('presenting'), 'start_qa', 6, false)).toMatchObject({ changes: { qa_started_at: 6 } });
		expect(transition(blank('qa'), 'open_scoring', 7, false)).toMatchObject({ changes: { scoring_opened_at: 7 } });
		expect(transition(blank('scoring'), 'close_scoring', 8, false)).toMatchObject({ changes: { scoring_closed_at: 8 } });
		expect(transition({ ...blank('closed'), scoring_closed_at: 8 }, 'reopen_scoring', 9, false)).toMatchObject({
			changes: { scoring_closed_at: null }
		});
		expect(transition(blank('closed'), 'certify', 10, false)).toMatchObject({ changes: { certified_at: 10 } });
	});
});

describe('the countdown is derived from stored timestamps', () => {
	const durations = { presentation_minutes: 10, qa_minutes: 15, scoring_minutes: 5 };

	test('each phase counts down its own duration from its own start', () => {
		const presenting = { ...blank('presenting'), ...durations, presentation_started_at: 0 };
		expect(slotClock(presenting)).toEqual({ phase: 'presentation', startedAt: 0, durationMs: 600_000 });
		expect(remainingMs(slotClock(presenting), 60_000)).toBe(540_000);
		const qa = { ...presenting, state: 'qa' as const, qa_started_at: 600_000 };
		expect(remainingMs(slotClock(qa), 600_000)).toBe(900_000);
		const scoring = { ...qa, state: 'scoring' as const, scoring_opened_at: 1_500_000 };
		expect(remainingMs(slotClock(scoring), 1_500_000)).toBe(300_000);
	});

	test('an overrun is negative, and a slot without a running phase has no countdown', () => {
		const presenting = { ...blank('presenting'), ...durations, presentation_started_at: 0 };
		expect(remainingMs(slotClock(presenting), 660_000)).toBe(-60_000);
		for (const state of ['scheduled', 'closed', 'certified', 'no_show'] as SlotState[]) {
			expect(remainingMs(slotClock({ ...blank(state), ...durations }), 0)).toBeNull();
		}
	});
});

describe('the room queue', () => {
	const queue = [
		{ id: 'a', position: 0, state: 'certified' as SlotState },
		{ id: 'b', position: 1, state: 'scoring' as SlotState },
		{ id: 'c', position: 2, state: 'no_show' as SlotState },
		{ id: 'd', position: 3, state: 'scheduled' as SlotState },
		{ id: 'e', position: 4, state: 'scheduled' as SlotState }
	];

	test('counts the unfinished slots ahead, ignoring finished ones', () => {
		expect(slotsBefore(queue, 'd')).toBe(1);
		expect(slotsBefore(queue, 'e')).toBe(2);
		expect(slotsBefore(queue, 'b')).toBe(0);
		expect(slotsBefore(queue, 'missing')).toBeNull();
	});

	test('finds the slot in the room and the next one to call', () => {
		expect(activeSlot(queue)?.id).toBe('b');
		expect(nextScheduledSlot([...queue].reverse())?.id).toBe('d');
		expect(activeSlot(queue.filter((s) => s.id !== 'b'))).toBeUndefined();
	});
});
