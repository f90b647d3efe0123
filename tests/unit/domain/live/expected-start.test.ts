/**
 * A presenter's expected start follows the room's real progress: the slot on stage, what was
 * certified, a first slot not started on time; per day and room, so today's delay never moves
 * tomorrow. Slots of 30 minutes (10 + 15 + 5) with 5 minutes of changeover: planned every 35.
 */
import { describe, expect, test } from 'vitest';
import { expectedStarts, type RoomSlotProgress } from '$lib/domain/live/expected-start';
import { eventTimeToEpoch } from '$lib/domain/setup/schedule';

const at = (time: string, day = '2026-11-28') => eventTimeToEpoch(day, time, 'Asia/Jakarta')!;
const MIN = 60_000;
const slot = (id: string, planned: number, extra: Partial<RoomSlotProgress> = {}): RoomSlotProgress => ({
	id,
	plannedStart: planned,
	state: 'scheduled',
	presentationMinutes: 10,
	qaMinutes: 15,
	scoringMinutes: 5,
	presentationStartedAt: null,
	certifiedAt: null,
	...extra
});
const timing = { changeoverMinutes: 5 };
const room = (extra: Record<string, Partial<RoomSlotProgress>> = {}) =>
	['08:00', '08:35', '09:10', '09:45'].map((time, i) => slot(`s${i + 1}`, at(time), extra[`s${i + 1}`]));
const times = (map: Map<string, number>) =>
	Object.fromEntries([...map].map(([id, t]) => [id, new Date(t + 7 * 3_600_000).toISOString().slice(11, 16)]));

describe('expected starts', () => {
	test('before the day starts, every slot is expected at its plan', () => {
		expect(times(expectedStarts(room(), timing, at('07:00'), 'Asia/Jakarta'))).toEqual({
			s1: '08:00',
			s2: '08:35',
			s3: '09:10',
			s4: '09:45'
		});
	});

	test('a first slot that has not started by its time is expected now, and the rest move with it', () => {
		expect(times(expectedStarts(room(), timing, at('08:12'), 'Asia/Jakarta'))).toEqual({
			s1: '08:12',
			s2: '08:47',
			s3: '09:22',
			s4: '09:57'
		});
	});

	test('the slot on stage ends when its phases run out, or now when it overruns', () => {
		const started = room({ s1: { state: 'qa', presentationStartedAt: at('08:12') } });
		// Started 12 minutes late: the next slot at 08.47 (08.12 + 30 + 5), not its planned 08.35.
		expect(times(expectedStarts(started, timing, at('08:20'), 'Asia/Jakarta'))).toEqual({ s2: '08:47', s3: '09:22', s4: '09:57' });
		// Still on stage at 08.50: the next one cannot start before 08.55.
		expect(times(expectedStarts(started, timing, at('08:50'), 'Asia/Jakarta'))).toMatchObject({ s2: '08:55', s3: '09:30' });
	});

	test('a room running early never calls a slot before its planned time', () => {
		const early = room({ s1: { state: 'certified', presentationStartedAt: at('08:00'), certifiedAt: at('08:20') } });
		expect(times(expectedStarts(early, timing, at('08:21'), 'Asia/Jakarta'))).toEqual({ s2: '08:35', s3: '09:10', s4: '09:45' });
	});

	test('a certified slot and a no-show: the room follows the certification, the no-show takes no time', () => {
		const slots = room({
			s1: { state: 'certified', presentationStartedAt: at('08:10'), certifiedAt: at('08:50') },
			s2: { state: 'no_show' }
		});
		expect(times(expectedStarts(slots, timing, at('08:52'), 'Asia/Jakarta'))).toEqual({ s3: '09:10', s4: '09:45' });
		expect(times(expectedStarts(slots, timing, at('09:20'), 'Asia/Jakarta'))).toEqual({ s3: '09:20', s4: '09:55' });
	});

	test("today's delay does not move tomorrow's slots", () => {
		const slots = [
			...room({ s1: { state: 'presenting', presentationStartedAt: at('08:40') } }),
			slot('t1', at('08:00', '2026-11-29')),
			slot('t2', at('08:35', '2026-11-29'))
		];
		const expected = expectedStarts(slots, timing, at('08:45'), 'Asia/Jakarta');
		expect(expected.get('t1')).toBe(at('08:00', '2026-11-29'));
		expect(expected.get('t2')).toBe(at('08:35', '2026-11-29'));
		expect(expected.get('s2')).toBe(at('08:40') + 35 * MIN);
	});
});
