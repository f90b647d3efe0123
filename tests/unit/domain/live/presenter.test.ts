/**
 * The presenter page's rules over its own slot: its stage in the room, when it may check in, when
 * an online slot's meeting link shows (15 minutes before the expected start until the slot ends),
 * and that a published line ranked without the body's presentation waits.
 */
import { describe, expect, test } from 'vitest';
import { checkInRefusal, meetingLinkOpen, meetingLinkOpensAt, presenterStage, publishedLineShown } from '$lib/domain/live/presenter';
import type { SlotState } from '$lib/domain/live/slot-machine';
import { eventTimeToEpoch } from '$lib/domain/setup/schedule';

const at = (time: string, day = '2026-11-28') => eventTimeToEpoch(day, time, 'Asia/Jakarta')!;

describe('presenter stage', () => {
	test('waiting, next, on stage while presenting and answering, being scored, done', () => {
		expect(presenterStage('scheduled', 2)).toBe('waiting');
		expect(presenterStage('scheduled', 0)).toBe('next');
		expect(presenterStage('presenting', 0)).toBe('on_stage');
		expect(presenterStage('qa', 0)).toBe('on_stage');
		expect(presenterStage('scoring', 0)).toBe('being_scored');
		expect(presenterStage('closed', 0)).toBe('being_scored');
		expect(presenterStage('certified', 0)).toBe('done');
		expect(presenterStage('no_show', 0)).toBe('done');
	});
});

describe('meeting link', () => {
	const expectedStart = at('09:00');
	test('shown from 15 minutes before the expected start, not a second earlier', () => {
		expect(meetingLinkOpensAt(expectedStart)).toBe(at('08:45'));
		expect(meetingLinkOpen({ state: 'scheduled', expectedStart }, at('08:45') - 1)).toBe(false);
		expect(meetingLinkOpen({ state: 'scheduled', expectedStart }, at('08:45'))).toBe(true);
		expect(meetingLinkOpen({ state: 'scheduled', expectedStart }, at('09:20'))).toBe(true);
	});
	test('a room running late moves it: the expected start, not the plan, decides', () => {
		expect(meetingLinkOpen({ state: 'scheduled', expectedStart: at('09:40') }, at('09:00'))).toBe(false);
	});
	test('shown while the slot runs, whatever its plan said, and gone once it ends', () => {
		for (const state of ['presenting', 'qa', 'scoring', 'closed'] as SlotState[])
			expect(meetingLinkOpen({ state, expectedStart: at('11:00') }, at('08:00'))).toBe(true);
		for (const state of ['certified', 'no_show'] as SlotState[]) expect(meetingLinkOpen({ state, expectedStart }, at('09:10'))).toBe(false);
	});
});

describe('check-in', () => {
	const slot = { state: 'scheduled' as SlotState, plannedStart: at('14:00') };
	test('open on the slot’s event day, early morning included, while the slot waits', () => {
		expect(checkInRefusal(slot, at('00:00'), 'Asia/Jakarta')).toBeNull();
		expect(checkInRefusal(slot, at('16:30'), 'Asia/Jakarta')).toBeNull();
	});
	test('not the day before, nor after, on the event’s clocks', () => {
		expect(checkInRefusal(slot, at('23:59', '2026-11-27'), 'Asia/Jakarta')).toBe('check_in_not_today');
		expect(checkInRefusal(slot, at('00:00', '2026-11-29'), 'Asia/Jakarta')).toBe('check_in_not_today');
		// 23:30 WIB is already the next day in Makassar (WITA): the event's zone decides.
		expect(checkInRefusal({ ...slot, plannedStart: at('10:00', '2026-11-29') }, at('23:30'), 'Asia/Makassar')).toBeNull();
	});
	test('closed once the slot started or ended', () => {
		for (const state of ['presenting', 'qa', 'scoring', 'closed', 'certified', 'no_show'] as SlotState[])
			expect(checkInRefusal({ ...slot, state }, at('13:00'), 'Asia/Jakarta')).toBe('check_in_closed');
	});
});

describe('a published line on the presenter page', () => {
	const presented = { presentation: { score: 80 }, provisional: false };
	const priorOnly = { presentation: null, provisional: false };
	test('shown when it carries the body’s presentation', () => {
		expect(publishedLineShown(presented, 'certified')).toBe(true);
	});
	test('never a rank from the prior stage alone before the body presented', () => {
		for (const state of ['scheduled', 'presenting', 'qa', 'scoring', 'closed', 'certified'] as SlotState[])
			expect(publishedLineShown(priorOnly, state)).toBe(false);
		// Presented, but the panel fell below quorum: scored by the non-presenter rule until it is complete.
		expect(publishedLineShown({ presentation: null, provisional: true }, 'certified')).toBe(false);
	});
	test('a no-show, or a body with no slot, is ranked by the non-presenter rule for good', () => {
		expect(publishedLineShown(priorOnly, 'no_show')).toBe(true);
		expect(publishedLineShown(priorOnly, null)).toBe(true);
	});
});
