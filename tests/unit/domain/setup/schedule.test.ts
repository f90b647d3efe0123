import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	MINUTE_MS,
	blockedKey,
	categorySplit,
	byEventDay,
	eventDate,
	eventDays,
	isEventDate,
	isTimeOfDay,
	eventTime,
	eventTimeToEpoch,
	insideOneWindow,
	isFinished,
	moveWarnings,
	quorumShortfall,
	overlaps,
	parseTimeRanges,
	proposeSchedule,
	standingWarnings,
	type Interval,
	type ScheduleBody,
	type ScheduleInput,
	type ScheduleRoom
} from '$lib/domain/setup/schedule';

const at = (day: string, time: string) => eventTimeToEpoch(day, time, 'Asia/Jakarta')!;
/** 28 Nov, 08:00–12:00 and 13:00–17:00 (lunch is the gap). */
const DAY_WINDOWS: Interval[] = [
	{ start: at('2026-11-28', '08:00'), end: at('2026-11-28', '12:00') },
	{ start: at('2026-11-28', '13:00'), end: at('2026-11-28', '17:00') }
];
const room = (panelId: string, windows = DAY_WINDOWS, extra: Partial<ScheduleRoom> = {}): ScheduleRoom => ({
	panelId,
	name: panelId,
	jurorIds: [],
	windows,
	occupied: [],
	...extra
});
const body = (bodyId: string, categoryId = 'prov', categorySortOrder = 0, name = bodyId): ScheduleBody => ({
	bodyId,
	name,
	categoryId,
	categorySortOrder
});
const input = (rooms: ScheduleRoom[], bodies: ScheduleBody[], extra: Partial<ScheduleInput> = {}): ScheduleInput => ({
	rooms,
	bodies,
	slotMinutes: 60,
	blocked: new Set(),
	...extra
});

describe("event-local time (the evaluation's zone: WIB, WITA or WIT)", () => {
	test('entry and display round-trip; 08:00 in Jakarta is 01:00 UTC', () => {
		const t = at('2026-11-28', '08:00');
		expect(new Date(t).toISOString()).toBe('2026-11-28T01:00:00.000Z');
		expect([eventDate(t, 'Asia/Jakarta'), eventTime(t, 'Asia/Jakarta')]).toEqual(['2026-11-28', '08:00']);
		// 06:30 Jakarta is still the previous day in UTC.
		expect(eventDate(at('2026-11-29', '06:30'), 'Asia/Jakarta')).toBe('2026-11-29');
	});
	test('the same typed time is a different moment in WITA and WIT, and reads back the same on their clocks', () => {
		const wita = eventTimeToEpoch('2026-11-28', '08:00', 'Asia/Makassar')!;
		const wit = eventTimeToEpoch('2026-11-28', '08:00', 'Asia/Jayapura')!;
		expect(new Date(wita).toISOString()).toBe('2026-11-28T00:00:00.000Z');
		expect(new Date(wit).toISOString()).toBe('2026-11-27T23:00:00.000Z');
		expect([eventDate(wit, 'Asia/Jayapura'), eventTime(wit, 'Asia/Jayapura')]).toEqual(['2026-11-28', '08:00']);
		// 08:00 WIT is 06:00 in Jakarta, the same day; 07:00 WIT is still 27 November in UTC.
		expect(eventTime(wit, 'Asia/Jakarta')).toBe('06:00');
	});
	test('items group by the day they fall on at the event, in time order', () => {
		const late = eventTimeToEpoch('2026-11-28', '23:30', 'Asia/Jakarta')!;
		const early = eventTimeToEpoch('2026-11-28', '08:00', 'Asia/Jakarta')!;
		const items = [{ start: late }, { start: early }];
		expect(byEventDay(items, (i) => i.start, 'Asia/Jakarta').map((d) => [d.day, d.items.length])).toEqual([['2026-11-28', 2]]);
		// 23.30 WIB is 00.30 WITA: the next day there.
		expect(byEventDay(items, (i) => i.start, 'Asia/Makassar').map((d) => [d.day, d.items.map((i) => i.start)])).toEqual([
			['2026-11-28', [early]],
			['2026-11-29', [late]]
		]);
	});
	test('dates and times as typed: exact YYYY-MM-DD and HH:MM', () => {
		expect([isEventDate('2026-11-28'), isEventDate('2026-11-31'), isEventDate(' 2026-11-28'), isEventDate('28/11/2026')]).toEqual([
			true,
			false,
			false,
			false
		]);
		expect([isTimeOfDay('08:00'), isTimeOfDay('08.00'), isTimeOfDay('24:00'), isTimeOfDay('8:00')]).toEqual([true, true, false, false]);
	});
	test('impossible dates and times are refused', () => {
		expect(eventTimeToEpoch('2026-11-31', '08:00', 'Asia/Jakarta')).toBeNull();
		expect(eventTimeToEpoch('2026-11-28', '24:00', 'Asia/Jakarta')).toBeNull();
		expect(eventTimeToEpoch('28/11/2026', '08:00', 'Asia/Jakarta')).toBeNull();
	});
	test('time ranges as typed, and day ranges', () => {
		expect(parseTimeRanges('08:00-12:00, 13.00–17.00')).toEqual([
			{ from: '08:00', to: '12:00' },
			{ from: '13:00', to: '17:00' }
		]);
		expect(parseTimeRanges('12:00-08:00')).toBeNull();
		expect(parseTimeRanges('morning')).toBeNull();
		expect(eventDays('2026-11-28', '2026-11-30')).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
		expect(eventDays('2026-11-30', '2026-11-28')).toBeNull();
	});
});

describe('proposeSchedule, by hand', () => {
	test('fills the morning window, skips lunch, continues after it', () => {
		const bodies = ['a', 'b', 'c', 'd', 'e', 'f'].map((b) => body(b));
		const { placements, unplaced } = proposeSchedule(input([room('A')], bodies));
		expect(unplaced).toEqual([]);
		expect(placements.map((p) => eventTime(p.start, 'Asia/Jakarta'))).toEqual(['08:00', '09:00', '10:00', '11:00', '13:00', '14:00']);
	});

	test('a slot fits in one window only: 90 minutes leave the last half hour before lunch empty', () => {
		const bodies = ['a', 'b', 'c'].map((b) => body(b));
		const { placements } = proposeSchedule(input([room('A')], bodies, { slotMinutes: 90 }));
		expect(placements.map((p) => `${eventTime(p.start, 'Asia/Jakarta')}-${eventTime(p.end, 'Asia/Jakarta')}`)).toEqual([
			'08:00-09:30',
			'09:30-11:00',
			'13:00-14:30'
		]);
	});

	test('touching windows are not one window', () => {
		const windows = [
			{ start: at('2026-11-28', '08:00'), end: at('2026-11-28', '08:30') },
			{ start: at('2026-11-28', '08:30'), end: at('2026-11-28', '09:00') }
		];
		const { placements, unplaced } = proposeSchedule(input([room('A', windows)], [body('a')]));
		expect(placements).toEqual([]);
		expect(unplaced).toEqual([{ bodyId: 'a', reason: 'no_time' }]);
	});

	test('spreads across rooms to finish earliest', () => {
		const bodies = ['a', 'b', 'c', 'd'].map((b) => body(b));
		const { placements } = proposeSchedule(input([room('A'), room('B')], bodies));
		expect(placements.map((p) => [p.bodyId, p.panelId, eventTime(p.start, 'Asia/Jakarta')])).toEqual([
			['a', 'A', '08:00'],
			['b', 'B', '08:00'],
			['c', 'A', '09:00'],
			['d', 'B', '09:00']
		]);
	});

	test('groups by category order, then name; each category consecutive in each room', () => {
		const bodies = [
			body('z1', 'ptn', 1, 'Universitas Z'),
			body('p2', 'prov', 0, 'Provinsi Bali'),
			body('z2', 'ptn', 1, 'Universitas A'),
			body('p1', 'prov', 0, 'Provinsi Aceh'),
			body('p3', 'prov', 0, 'Provinsi Jambi')
		];
		const { placements } = proposeSchedule(input([room('A'), room('B')], bodies));
		expect(placements.map((p) => p.bodyId)).toEqual(['p1', 'p2', 'p3', 'z2', 'z1']);
		for (const panelId of ['A', 'B']) {
			const sequence = placements.filter((p) => p.panelId === panelId).map((p) => (p.bodyId.startsWith('p') ? 'prov' : 'ptn'));
			expect(sequence.join(',')).toMatch(/^(prov,)*(prov|ptn)?(,ptn)*$/);
		}
	});

	test('avoids a room where a seated juror is blocked, when another room can take the body', () => {
		const blocked = new Set([blockedKey('j1', 'a')]);
		const rooms = [room('A', DAY_WINDOWS, { jurorIds: ['j1', 'j2'] }), room('B', DAY_WINDOWS, { jurorIds: ['j3'] })];
		const result = proposeSchedule(input(rooms, [body('a')], { blocked }));
		expect(result.placements.map((p) => p.panelId)).toEqual(['B']);
		expect(result.conflicts).toEqual([]);
	});

	test('prefers a later start in a clean room over an earlier one with a conflict', () => {
		const blocked = new Set([blockedKey('j1', 'c')]);
		const rooms = [room('A', DAY_WINDOWS, { jurorIds: ['j1'] }), room('B')];
		const { placements } = proposeSchedule(input(rooms, [body('a'), body('b'), body('c')], { blocked }));
		expect(placements.find((p) => p.bodyId === 'c')).toMatchObject({ panelId: 'B', start: at('2026-11-28', '09:00') });
	});

	test('an unavoidable conflict is placed and reported', () => {
		const blocked = new Set([blockedKey('j1', 'a')]);
		const result = proposeSchedule(input([room('A', DAY_WINDOWS, { jurorIds: ['j1', 'j2'] })], [body('a')], { blocked }));
		expect(result.placements).toHaveLength(1);
		expect(result.conflicts).toEqual([{ bodyId: 'a', panelId: 'A', jurorIds: ['j1'] }]);
	});

	test('bodies without time are reported unplaced, with the reason', () => {
		const bodies = Array.from({ length: 10 }, (_, i) => body(`b${i}`));
		const { placements, unplaced } = proposeSchedule(input([room('A')], bodies, { slotMinutes: 120 }));
		expect(placements).toHaveLength(4);
		expect(unplaced.map((u) => u.reason)).toEqual(Array(6).fill('no_time'));
		expect(proposeSchedule(input([room('A', [])], [body('a')])).unplaced).toEqual([{ bodyId: 'a', reason: 'no_windows' }]);
		expect(proposeSchedule(input([], [body('a')])).unplaced).toEqual([{ bodyId: 'a', reason: 'no_rooms' }]);
	});

	test('keeps clear of occupied time and of the past', () => {
		const occupied = [{ start: at('2026-11-28', '08:00'), end: at('2026-11-28', '09:30') }];
		const { placements } = proposeSchedule(
			input([room('A', DAY_WINDOWS, { occupied })], [body('a'), body('b')], { notBefore: at('2026-11-28', '08:15') })
		);
		expect(placements.map((p) => eventTime(p.start, 'Asia/Jakarta'))).toEqual(['09:30', '10:30']);
	});

	test('deterministic: shuffled input gives the same schedule', () => {
		const bodies = Array.from({ length: 12 }, (_, i) => body(`b${i}`, i % 3 === 0 ? 'x' : 'y', i % 3 === 0 ? 0 : 1, `Body ${i % 5}`));
		const rooms = [room('A'), room('B'), room('C')];
		const first = proposeSchedule(input(rooms, bodies));
		const again = proposeSchedule(input([...rooms].reverse(), [...bodies].reverse()));
		expect(again).toEqual(first);
	});
});

describe('move warnings', () => {
	const slot = (slotId: string, start: string, categoryId = 'prov', bodyId = slotId) => ({
		slotId,
		bodyId,
		categoryId,
		start: at('2026-11-28', start),
		end: at('2026-11-28', start) + 60 * MINUTE_MS
	});
	const others = [slot('s1', '08:00'), slot('s2', '09:00'), slot('s3', '10:00', 'ptn')];

	test('a clean move warns of nothing', () => {
		expect(moveWarnings(slot('m', '11:00', 'ptn'), { jurorIds: ['j'], windows: DAY_WINDOWS, others }, new Set())).toEqual([]);
	});
	test('each warning', () => {
		const blocked = new Set([blockedKey('j', 'm')]);
		expect(moveWarnings(slot('m', '09:30'), { jurorIds: ['j', 'k'], windows: DAY_WINDOWS, others }, blocked)).toEqual([
			{ kind: 'conflict', jurorIds: ['j'] },
			{ kind: 'overlap', slotIds: ['s2', 's3'] }
		]);
		expect(moveWarnings(slot('m', '11:30', 'ptn'), { jurorIds: [], windows: DAY_WINDOWS, others }, new Set())).toEqual([
			{ kind: 'outside_windows' }
		]);
		expect(moveWarnings(slot('m', '11:00'), { jurorIds: [], windows: DAY_WINDOWS, others }, new Set())).toEqual([
			{ kind: 'category_split', categoryId: 'prov' }
		]);
	});
	test('a category already split is not blamed on the move', () => {
		const split = [slot('s1', '08:00'), slot('s2', '09:00', 'ptn'), slot('s3', '10:00')];
		expect(categorySplit(split, 'prov')).toBe(true);
		expect(moveWarnings(slot('m', '11:00'), { jurorIds: [], windows: DAY_WINDOWS, others: split }, new Set())).toEqual([]);
	});
	test('finished slots (certified, no-show) are over: only they are left out of the checks', () => {
		expect(
			['scheduled', 'presenting', 'qa', 'scoring', 'closed', 'certified', 'no_show'].filter((state) =>
				isFinished({ state: state as never })
			)
		).toEqual(['certified', 'no_show']);
		expect(isFinished({})).toBe(false);
		// Filling a no-show's time is no overlap; a certified slot of another category splits nothing.
		const past = [
			{ ...slot('s1', '08:00'), state: 'certified' as const },
			{ ...slot('s2', '09:00', 'ptn'), state: 'no_show' as const },
			{ ...slot('s3', '10:00', 'ptn'), state: 'certified' as const }
		];
		expect(moveWarnings(slot('m', '09:00'), { jurorIds: [], windows: DAY_WINDOWS, others: past }, new Set())).toEqual([]);
		expect(moveWarnings(slot('m', '11:00'), { jurorIds: [], windows: DAY_WINDOWS, others: past }, new Set())).toEqual([]);
		// A slot under way still counts: moving onto it is an overlap.
		const underWay = [{ ...slot('s2', '09:00', 'ptn'), state: 'scoring' as const }];
		expect(moveWarnings(slot('m', '09:30', 'ptn'), { jurorIds: [], windows: DAY_WINDOWS, others: underWay }, new Set())).toEqual([
			{ kind: 'overlap', slotIds: ['s2'] }
		]);
	});
	test('where it stands: a finished slot warns of nothing, one under way of all but a category split', () => {
		const blocked = new Set([blockedKey('j', 'm')]);
		const others = [slot('s1', '08:00'), slot('s2', '09:00', 'ptn'), slot('s3', '10:00')];
		const room = { jurorIds: ['j'], windows: DAY_WINDOWS, others };
		const outside = { ...slot('m', '11:30'), state: 'scheduled' as const };
		const all = [{ kind: 'conflict', jurorIds: ['j'] }, { kind: 'outside_windows' }];
		expect(standingWarnings(outside, room, blocked)).toEqual(all);
		expect(standingWarnings({ ...slot('m', '11:30'), state: 'closed' }, room, blocked)).toEqual(all);
		expect(standingWarnings({ ...slot('m', '11:30'), state: 'certified' }, room, blocked)).toEqual([]);
		expect(standingWarnings({ ...slot('m', '09:00'), state: 'no_show' }, room, blocked)).toEqual([]);
		// The category split counts only for a slot still to come.
		const splitting = { ...slot('m', '11:00', 'ptn'), state: 'scheduled' as const };
		const cleanRoom = { jurorIds: [], windows: DAY_WINDOWS, others: [slot('s1', '08:00', 'ptn'), slot('s2', '09:00')] };
		expect(standingWarnings(splitting, cleanRoom, new Set())).toEqual([{ kind: 'category_split', categoryId: 'ptn' }]);
		expect(standingWarnings({ ...splitting, state: 'presenting' }, cleanRoom, new Set())).toEqual([]);
	});
});

describe('proposeSchedule, properties', () => {
	const base = at('2026-11-28', '00:00');
	const arbWindows = fc
		.array(fc.tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: 0, max: 8 * 60 })), { maxLength: 5 })
		.map((ws) => ws.map(([s, len]) => ({ start: base + s * MINUTE_MS, end: base + (s + len) * MINUTE_MS })));
	const arbInput = fc.record({
		rooms: fc.uniqueArray(
			fc.record({
				panelId: fc.constantFrom('A', 'B', 'C', 'D'),
				name: fc.string({ maxLength: 3 }),
				jurorIds: fc.subarray(['j1', 'j2', 'j3', 'j4']),
				windows: arbWindows,
				occupied: arbWindows
			}),
			{ selector: (r) => r.panelId, maxLength: 4 }
		),
		bodies: fc.uniqueArray(
			fc.record({
				bodyId: fc.string({ minLength: 1, maxLength: 4 }),
				name: fc.string({ maxLength: 4 }),
				categoryId: fc.constantFrom('c1', 'c2', 'c3'),
				categorySortOrder: fc.integer({ min: -2, max: 2 })
			}),
			{ selector: (b) => b.bodyId, maxLength: 40 }
		),
		slotMinutes: fc.integer({ min: 1, max: 240 }),
		blocked: fc
			.array(fc.tuple(fc.constantFrom('j1', 'j2', 'j3', 'j4'), fc.string({ minLength: 1, maxLength: 4 })))
			.map((pairs) => new Set(pairs.map(([j, b]) => blockedKey(j, b)))),
		notBefore: fc.option(fc.integer({ min: base, max: base + 2 * 24 * 60 * MINUTE_MS }), { nil: undefined })
	});

	test('never throws; no two slots overlap in a room, nor occupied time; every slot inside one window; each body at most once', () => {
		fc.assert(
			fc.property(arbInput, (inp) => {
				const result = proposeSchedule(inp);
				const ids = result.placements.map((p) => p.bodyId);
				expect(new Set(ids).size).toBe(ids.length);
				expect(ids.length + result.unplaced.length).toBe(inp.bodies.length);
				for (const p of result.placements) {
					const r = inp.rooms.find((x) => x.panelId === p.panelId)!;
					expect(insideOneWindow(p, r.windows)).toBe(true);
					expect(p.end - p.start).toBe(inp.slotMinutes * MINUTE_MS);
					expect(r.occupied.some((o) => overlaps(o, p))).toBe(false);
					if (inp.notBefore !== undefined) expect(p.start).toBeGreaterThanOrEqual(inp.notBefore);
					const clash = result.placements.some((q) => q !== p && q.panelId === p.panelId && overlaps(q, p));
					expect(clash).toBe(false);
				}
			})
		);
	});

	test('a conflict is reported exactly when the chosen room has a blocked juror', () => {
		fc.assert(
			fc.property(arbInput, (inp) => {
				const result = proposeSchedule(inp);
				for (const p of result.placements) {
					const r = inp.rooms.find((x) => x.panelId === p.panelId)!;
					const blocked = r.jurorIds.filter((j) => inp.blocked.has(blockedKey(j, p.bodyId)));
					const reported = result.conflicts.find((c) => c.bodyId === p.bodyId);
					expect(reported?.jurorIds ?? []).toEqual(blocked);
				}
			})
		);
	});

	test('deterministic under shuffling', () => {
		fc.assert(
			fc.property(arbInput, (inp) => {
				const shuffled = { ...inp, rooms: [...inp.rooms].reverse(), bodies: [...inp.bodies].reverse() };
				expect(proposeSchedule(shuffled)).toEqual(proposeSchedule(inp));
			})
		);
	});
});

describe('a slot below quorum', () => {
	const recused = new Set([blockedKey('a2', 'aceh'), blockedKey('a3', 'aceh'), blockedKey('b1', 'aceh')]);
	const panels = [
		{ id: 'A', jurorIds: ['a1', 'a2', 'a3'], frozen: false },
		{ id: 'B', jurorIds: ['b1', 'b2', 'b3'], frozen: false },
		{ id: 'C', jurorIds: ['c1'], frozen: false }
	];
	test('when recusals leave fewer eligible jurors than the quorum, naming them and the panels that would reach it', () => {
		expect(quorumShortfall('aceh', 'A', panels, 2, recused)).toEqual({
			kind: 'below_quorum',
			eligible: 1,
			quorum: 2,
			recusedJurorIds: ['a2', 'a3'],
			panelIds: ['B'],
			canSeat: true
		});
	});
	test('not while enough jurors remain, and not for an empty panel (not set up yet)', () => {
		expect(quorumShortfall('aceh', 'B', panels, 2, recused)).toBeNull();
		expect(quorumShortfall('sumut', 'A', panels, 3, recused)).toBeNull();
		expect(quorumShortfall('aceh', 'E', [...panels, { id: 'E', jurorIds: [], frozen: false }], 2, recused)).toBeNull();
	});
	test('too few seats count too; a panel whose scoring opened can no longer seat anyone', () => {
		expect(quorumShortfall('sumut', 'C', [...panels.slice(0, 2), { id: 'C', jurorIds: ['c1'], frozen: true }], 2, recused)).toEqual({
			kind: 'below_quorum',
			eligible: 1,
			quorum: 2,
			recusedJurorIds: [],
			panelIds: ['A', 'B'],
			canSeat: false
		});
	});
});
