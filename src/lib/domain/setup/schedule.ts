/**
 * The presentation schedule, pure: event-local time, the automatic scheduler (bodies into slots
 * inside the rooms' time windows) and the warnings a manual move raises. The services load the
 * rows and write the result; nothing here touches I/O or the clock. Times of day are read and
 * written on the event's clocks: the evaluation's zone (see event-zone.ts), never the device's.
 */
import { zoneOffsetMs, type EventZone } from './event-zone';
import { FINISHED_STATES, type SlotState } from '../live/slot-machine';

export const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Interval {
	start: number;
	end: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3])[:.]([0-5]\d)$/;

/** A calendar date as midnight UTC; null when the text is not a real YYYY-MM-DD date. */
function calendarDay(date: string): number | null {
	const d = DATE_PATTERN.exec(date.trim());
	if (!d) return null;
	const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
	const utc = Date.UTC(year, month - 1, day);
	// Date.UTC rolls 31 Nov over to 1 Dec; a date that does not round-trip is not a real date.
	const check = new Date(utc);
	return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? utc : null;
}

/** Whether a text is exactly a real date, YYYY-MM-DD. */
export const isEventDate = (date: string): boolean => DATE_PATTERN.test(date) && calendarDay(date) !== null;

/** Whether a text is exactly a time of day, HH:MM or HH.MM (24 h). */
export const isTimeOfDay = (time: string): boolean => TIME_PATTERN.test(time);

/**
 * A date and time of day as read on the event's clocks (its zone) to epoch ms; null when either
 * is not a real date or time. The secretariat types times as the room's clock shows them.
 *
 * @example eventTimeToEpoch('2026-11-28', '08:00', 'Asia/Jakarta') // → Date.UTC(2026, 10, 28, 1, 0)
 * @example eventTimeToEpoch('2026-11-28', '08:00', 'Asia/Makassar') // → Date.UTC(2026, 10, 28, 0, 0)
 */
export function eventTimeToEpoch(date: string, time: string, zone: EventZone): number | null {
	const day = calendarDay(date);
	const t = TIME_PATTERN.exec(time.trim());
	if (day === null || !t) return null;
	return day + (Number(t[1]) * 60 + Number(t[2])) * MINUTE_MS - zoneOffsetMs(zone);
}

const pad = (n: number) => String(n).padStart(2, '0');
const local = (epochMs: number, zone: EventZone) => new Date(epochMs + zoneOffsetMs(zone));

/** The date on the event's clocks, YYYY-MM-DD (the value of a date input, and the day a slot belongs to). */
export function eventDate(epochMs: number, zone: EventZone): string {
	const d = local(epochMs, zone);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The time of day on the event's clocks, HH:MM (24 h, the value of a time input). */
export function eventTime(epochMs: number, zone: EventZone): string {
	const d = local(epochMs, zone);
	return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Items in time order, grouped by the day they fall on at the event (its zone, not the viewer's):
 * the schedule's days, the chair's queue by day.
 *
 * @example byEventDay([{ start: at('2026-11-28', '08:00') }, { start: at('2026-11-29', '08:00') }], 'Asia/Jakarta') // → [{ day: '2026-11-28', items: [...] }, { day: '2026-11-29', items: [...] }]
 */
export function byEventDay<T>(items: readonly T[], start: (item: T) => number, zone: EventZone): { day: string; items: T[] }[] {
	const days: { day: string; items: T[] }[] = [];
	for (const item of [...items].sort((a, b) => start(a) - start(b))) {
		const day = eventDate(start(item), zone);
		if (days.at(-1)?.day !== day) days.push({ day, items: [] });
		days.at(-1)!.items.push(item);
	}
	return days;
}

/**
 * Time ranges of a day as the secretariat types them; null when any part is not "HH:MM–HH:MM"
 * with the end after the start.
 *
 * @example parseTimeRanges('08:00-12:00, 13:00–17:00') // → [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:00' }]
 */
export function parseTimeRanges(text: string): { from: string; to: string }[] | null {
	const parts = text
		.split(/[,;\n]/)
		.map((p) => p.trim())
		.filter(Boolean);
	if (parts.length === 0) return null;
	const ranges: { from: string; to: string }[] = [];
	for (const part of parts) {
		const match = /^(\S+)\s*(?:-|–|—|to|s\/d|sampai)\s*(\S+)$/i.exec(part);
		if (!match || !TIME_PATTERN.test(match[1]) || !TIME_PATTERN.test(match[2])) return null;
		const [from, to] = [match[1].replace('.', ':'), match[2].replace('.', ':')];
		if (to <= from) return null;
		ranges.push({ from, to });
	}
	return ranges;
}

/** The days from `first` to `last` inclusive (YYYY-MM-DD); null when the range is backwards or not dates. */
export function eventDays(first: string, last: string): string[] | null {
	const start = calendarDay(first);
	const end = calendarDay(last);
	if (start === null || end === null || end < start) return null;
	const days: string[] = [];
	for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
	return days;
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** Whether a slot lies entirely inside one window (two touching windows do not make one). */
export const insideOneWindow = (slot: Interval, windows: readonly Interval[]) =>
	windows.some((w) => w.start <= slot.start && slot.end <= w.end);

/** The jurors who may not judge a body: a confirmed recusal or a conflict not yet dismissed. */
export type BlockedPairs = ReadonlySet<string>;
export const blockedKey = (jurorId: string, bodyId: string) => `${jurorId}|${bodyId}`;
export const blockedJurors = (jurorIds: readonly string[], bodyId: string, blocked: BlockedPairs) =>
	jurorIds.filter((j) => blocked.has(blockedKey(j, bodyId)));

export interface ScheduleRoom {
	panelId: string;
	name: string;
	/** Seated jurors, for conflict checks. */
	jurorIds: readonly string[];
	/** The windows open in this room (every-room windows and its own). */
	windows: readonly Interval[];
	/** Time already taken by slots the scheduler must not move (started, certified, no-show). */
	occupied: readonly Interval[];
}

export interface ScheduleBody {
	bodyId: string;
	name: string;
	categoryId: string;
	categorySortOrder: number;
}

export interface ScheduleInput {
	rooms: readonly ScheduleRoom[];
	bodies: readonly ScheduleBody[];
	/** Presentation + Q&A + scoring + changeover: the whole of one slot, which must fit in one window. */
	slotMinutes: number;
	blocked: BlockedPairs;
	/** No slot starts before this (the service passes "now": the past cannot be scheduled). */
	notBefore?: number;
	/** 'as_given' keeps the bodies' order (e.g. the order of an imported list) instead of category, then name. */
	order?: 'category_name' | 'as_given';
}

export interface Placement extends Interval {
	bodyId: string;
	panelId: string;
}

export type UnplacedReason = 'no_rooms' | 'no_windows' | 'no_time';

export interface ScheduleProposal {
	/** Ordered by start, then room. */
	placements: Placement[];
	unplaced: { bodyId: string; reason: UnplacedReason }[];
	/** Placed where a seated juror is blocked, because no other room had time for the body. */
	conflicts: { bodyId: string; panelId: string; jurorIds: string[] }[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The scheduler's body order: category sort order, then name, then id (so equal names still order the same). */
export function scheduleOrder(a: ScheduleBody, b: ScheduleBody): number {
	return (
		a.categorySortOrder - b.categorySortOrder ||
		byText(a.categoryId, b.categoryId) ||
		a.name.localeCompare(b.name, 'id') ||
		byText(a.bodyId, b.bodyId)
	);
}

/** The earliest span of `length` from `from` on that lies inside one window and clear of `busy`. */
function earliestFit(windows: readonly Interval[], busy: readonly Interval[], from: number, length: number): Interval | null {
	for (const window of windows) {
		let start = Math.max(window.start, from);
		while (start + length <= window.end) {
			const candidate = { start, end: start + length };
			const clash = busy.find((b) => overlaps(b, candidate));
			if (!clash) return candidate;
			start = clash.end;
		}
	}
	return null;
}

/**
 * Places bodies into slots. Bodies go in a fixed order (category, then name) and each takes the
 * room where it can start earliest, so rooms fill evenly and finish early, and each room's
 * sequence follows that order: a category's bodies stay together within a room. A room with a
 * seated juror who is blocked for the body is skipped while another room has time; if none has,
 * the body is placed anyway and reported. Deterministic: the same input gives the same schedule.
 *
 * @example proposeSchedule({ rooms, bodies, slotMinutes: 35, blocked: new Set() }).placements
 */
export function proposeSchedule(input: ScheduleInput): ScheduleProposal {
	const length = Math.max(1, Math.round(input.slotMinutes)) * MINUTE_MS;
	const rooms = [...input.rooms]
		.sort((a, b) => a.name.localeCompare(b.name, 'id') || byText(a.panelId, b.panelId))
		.map((room) => ({
			room,
			windows: [...room.windows].filter((w) => w.end > w.start).sort((a, b) => a.start - b.start || a.end - b.end),
			busy: [...room.occupied],
			// Each room moves forward only, so its sequence keeps the body order.
			cursor: input.notBefore ?? Number.NEGATIVE_INFINITY
		}));
	const proposal: ScheduleProposal = { placements: [], unplaced: [], conflicts: [] };
	const noTimeReason: UnplacedReason =
		rooms.length === 0 ? 'no_rooms' : rooms.every((r) => r.windows.length === 0) ? 'no_windows' : 'no_time';

	const ordered = input.order === 'as_given' ? input.bodies : [...input.bodies].sort(scheduleOrder);
	for (const body of ordered) {
		let best: { index: number; fit: Interval; blockedJurors: string[] } | null = null;
		for (const [index, r] of rooms.entries()) {
			const fit = earliestFit(r.windows, r.busy, r.cursor, length);
			if (!fit) continue;
			const blocked = blockedJurors(r.room.jurorIds, body.bodyId, input.blocked);
			const better =
				!best ||
				(blocked.length === 0 && best.blockedJurors.length > 0) ||
				((blocked.length === 0) === (best.blockedJurors.length === 0) && fit.start < best.fit.start);
			if (better) best = { index, fit, blockedJurors: blocked };
		}
		if (!best) {
			proposal.unplaced.push({ bodyId: body.bodyId, reason: noTimeReason });
			continue;
		}
		const chosen = rooms[best.index];
		chosen.busy.push(best.fit);
		chosen.cursor = best.fit.end;
		proposal.placements.push({ bodyId: body.bodyId, panelId: chosen.room.panelId, ...best.fit });
		if (best.blockedJurors.length > 0) {
			proposal.conflicts.push({ bodyId: body.bodyId, panelId: chosen.room.panelId, jurorIds: best.blockedJurors });
		}
	}
	const roomIndex = new Map(rooms.map((r, i) => [r.room.panelId, i]));
	proposal.placements.sort((a, b) => a.start - b.start || roomIndex.get(a.panelId)! - roomIndex.get(b.panelId)!);
	return proposal;
}

/** A slot in a room as the move checks see it. */
export interface RoomSlot extends Interval {
	slotId: string;
	bodyId: string;
	categoryId: string;
	/** Where the slot is in its life; none: a slot still to come (scheduled). */
	state?: SlotState;
}

/**
 * A slot that is over (certified, or a no-show): what happened stays where it happened, so no
 * warning is about it, and none is against it (filling a no-show's time is not an overlap).
 */
export const isFinished = (slot: { state?: SlotState }): boolean => slot.state !== undefined && FINISHED_STATES.includes(slot.state);

export type MoveWarning =
	| { kind: 'conflict'; jurorIds: string[] }
	| { kind: 'outside_windows' }
	| { kind: 'overlap'; slotIds: string[] }
	| { kind: 'category_split'; categoryId: string }
	/** panelIds: other panels where the body would reach the quorum; canSeat: the panel may still take another juror. */
	| { kind: 'below_quorum'; eligible: number; quorum: number; recusedJurorIds: string[]; panelIds: string[]; canSeat: boolean };

/** Whether a category's slots in a room, in time order, form more than one run. */
export function categorySplit(roomSlots: readonly RoomSlot[], categoryId: string): boolean {
	const sequence = [...roomSlots].sort((a, b) => a.start - b.start).map((s) => s.categoryId);
	const first = sequence.indexOf(categoryId);
	const last = sequence.lastIndexOf(categoryId);
	return first !== -1 && sequence.slice(first, last + 1).some((c) => c !== categoryId);
}

/**
 * What to warn about before a slot lands at `slot` in a room whose other slots are `others`: a
 * blocked juror on the panel, time outside the room's windows, an overlap with another slot, or
 * a category that the move splits in that room. Finished slots in the room are left out.
 *
 * @example moveWarnings(slot, { jurorIds, windows, others }, blocked) // → [{ kind: 'overlap', slotIds: ['s2'] }]
 */
export function moveWarnings(
	slot: RoomSlot,
	room: { jurorIds: readonly string[]; windows: readonly Interval[]; others: readonly RoomSlot[] },
	blocked: BlockedPairs
): MoveWarning[] {
	const warnings: MoveWarning[] = [];
	const jurors = blockedJurors(room.jurorIds, slot.bodyId, blocked);
	if (jurors.length > 0) warnings.push({ kind: 'conflict', jurorIds: jurors });
	if (!insideOneWindow(slot, room.windows)) warnings.push({ kind: 'outside_windows' });
	const others = room.others.filter((o) => o.slotId !== slot.slotId && !isFinished(o));
	const clashing = others.filter((o) => overlaps(o, slot)).map((o) => o.slotId);
	if (clashing.length > 0) warnings.push({ kind: 'overlap', slotIds: clashing });
	if (!categorySplit(others, slot.categoryId) && categorySplit([...others, slot], slot.categoryId)) {
		warnings.push({ kind: 'category_split', categoryId: slot.categoryId });
	}
	return warnings;
}

/**
 * What is wrong with a slot where it stands now (the schedule's badges): a finished slot has
 * nothing left to warn about; one that started keeps its warnings but a category split, which
 * only a slot still to come can mend by moving.
 *
 * @example standingWarnings({ ...slot, state: 'certified' }, room, blocked) // → []
 */
export function standingWarnings(
	slot: RoomSlot,
	room: { jurorIds: readonly string[]; windows: readonly Interval[]; others: readonly RoomSlot[] },
	blocked: BlockedPairs
): MoveWarning[] {
	if (isFinished(slot)) return [];
	const scheduled = slot.state === undefined || slot.state === 'scheduled';
	return moveWarnings(slot, room, blocked).filter((w) => w.kind !== 'category_split' || scheduled);
}

/** A panel as the quorum check sees it: who sits on it, and whether its seats are fixed (scoring opened in one of its slots). */
export interface QuorumPanel {
	id: string;
	jurorIds: readonly string[];
	frozen: boolean;
}

/** How many of a panel's jurors may score a body: those seated and not recused from it. */
const eligibleJurors = (panel: QuorumPanel, bodyId: string, recused: BlockedPairs) =>
	panel.jurorIds.length - blockedJurors(panel.jurorIds, bodyId, recused).length;

/**
 * Whether the body's recusals (or too few seats) leave its room's panel below the quorum for its
 * slot, and what would help: another panel where the body reaches the quorum, or seating another
 * juror while the panel's seats are not yet fixed. Said before the day, because on the day
 * reopening scoring cannot help (a recused juror never scores). An empty panel is not set up yet,
 * not a slot's problem.
 *
 * @example quorumShortfall('aceh', 'A', [{ id: 'A', jurorIds: ['j1', 'j2'], frozen: false }], 2, recusedJ2) // { kind: 'below_quorum', eligible: 1, quorum: 2, recusedJurorIds: ['j2'], panelIds: [], canSeat: true }
 */
export function quorumShortfall(
	bodyId: string,
	panelId: string,
	panels: readonly QuorumPanel[],
	quorum: number,
	recused: BlockedPairs
): Extract<MoveWarning, { kind: 'below_quorum' }> | null {
	const panel = panels.find((p) => p.id === panelId);
	if (!panel || panel.jurorIds.length === 0) return null;
	const eligible = eligibleJurors(panel, bodyId, recused);
	if (eligible >= quorum) return null;
	return {
		kind: 'below_quorum',
		eligible,
		quorum,
		recusedJurorIds: blockedJurors(panel.jurorIds, bodyId, recused),
		panelIds: panels.filter((p) => p.id !== panelId && eligibleJurors(p, bodyId, recused) >= quorum).map((p) => p.id),
		canSeat: !panel.frozen
	};
}

/** A warning as a screen shows it: names instead of ids. */
export type DescribedWarning =
	| { kind: 'conflict'; jurors: string[] }
	| { kind: 'outside_windows' }
	| { kind: 'overlap'; bodies: string[] }
	| { kind: 'category_split'; category: string }
	| { kind: 'below_quorum'; eligible: number; quorum: number; jurors: string[]; panels: string[]; canSeat: boolean };
