/**
 * The schedule as files: CSV (UTF-8 with a byte-order mark, so Excel reads Indonesian names
 * right) and XLSX (one sheet), in the reader's language (headers and states). Times are on the
 * event's clocks (the evaluation's zone), as on the pages, and the files name the zone (WIB, WITA
 * or WIT) in the time headers and on each row; the XLSX holds days and times as real dates.
 */
import { SLOT_STATE_LABELS } from '$lib/components/slot-state-label';
import type { SlotState } from '$lib/domain/live/slot-machine';
import { zoneLabel, type EventZone } from '$lib/domain/setup/event-zone';
import { eventDate, eventTime } from '$lib/domain/setup/schedule';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { zoneWords } from '$lib/shared/event-time';
import type { DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { requireAdmin } from '../services/panels';
import { loadBoard } from '../services/schedule';
import { csvFile, xlsxFile, type ExportColumn } from './spreadsheet';

export interface ScheduleRow {
	day: string;
	start: string;
	end: string;
	/** The zone of the day and times: 'WIB', 'WITA' or 'WIT'. */
	time_zone: string;
	room: string;
	panel: string;
	/** 1-based order in the room's queue. */
	position: number;
	category: string;
	body: string;
	state: SlotState;
}

/** Column keys, in file order; the header row names them the same way. */
export const SCHEDULE_COLUMNS = ['day', 'start', 'end', 'time_zone', 'room', 'panel', 'position', 'category', 'body', 'state'] as const;

/**
 * Every slot of the evaluation by day, room and start time.
 *
 * @example const rows = await scheduleRows(ctx, admin, evaluationId); // [{ day: '2026-11-28', start: '08:00', … }]
 */
export async function scheduleRows(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<ScheduleRow[]> {
	requireAdmin(actor);
	const board = await loadBoard(ctx.db, evaluationId);
	const zone = board.timeZone;
	const panel = new Map(board.panels.map((p) => [p.id, p]));
	const queueNumber = new Map<string, number>();
	for (const p of board.panels) {
		const queue = board.slots.filter((s) => s.panelId === p.id).sort((a, b) => a.position - b.position || a.start - b.start);
		queue.forEach((s, i) => queueNumber.set(s.slotId, i + 1));
	}
	return [...board.slots]
		.sort(
			(a, b) =>
				eventDate(a.start, zone).localeCompare(eventDate(b.start, zone)) ||
				panel.get(a.panelId)!.name.localeCompare(panel.get(b.panelId)!.name) ||
				a.start - b.start
		)
		.map((s) => ({
			day: eventDate(s.start, zone),
			start: eventTime(s.start, zone),
			end: eventTime(s.end, zone),
			time_zone: zoneLabel(zone),
			room: panel.get(s.panelId)!.room,
			panel: panel.get(s.panelId)!.name,
			position: queueNumber.get(s.slotId)!,
			category: s.categoryName,
			body: s.bodyName,
			state: s.state
		}));
}

/** A schedule row as the files hold it: the day and times as clock readings, the state in words. */
type ScheduleCells = Omit<ScheduleRow, 'day' | 'start' | 'end' | 'state'> & { day: Date; start: Date; end: Date; state: string };

const WIDTHS: Record<(typeof SCHEDULE_COLUMNS)[number], number> = {
	day: 12,
	start: 12,
	end: 12,
	time_zone: 11,
	room: 22,
	panel: 14,
	position: 9,
	category: 26,
	body: 44,
	state: 14
};

type Words = (inputs: { zone: string }, options: { locale: Locale }) => string;
const HEADERS: Record<(typeof SCHEDULE_COLUMNS)[number], Words> = {
	day: m.schedule_col_day,
	start: m.schedule_col_start,
	end: m.schedule_col_end,
	time_zone: m.schedule_col_time_zone,
	room: m.schedule_col_room,
	panel: m.schedule_col_panel,
	position: m.schedule_col_position,
	category: m.schedule_col_category,
	body: m.schedule_col_body,
	state: m.schedule_col_state
};
const CLOCKS: Partial<Record<(typeof SCHEDULE_COLUMNS)[number], 'date' | 'time'>> = { day: 'date', start: 'time', end: 'time' };

/** The columns in the reader's language; the start and end headers name the zone ("Mulai (WIB)"). */
const columnsIn = (zone: EventZone, locale: Locale): ExportColumn<ScheduleCells>[] =>
	SCHEDULE_COLUMNS.map((key) => ({
		key,
		header: HEADERS[key]({ zone: zoneLabel(zone) }, { locale }),
		width: WIDTHS[key],
		...(CLOCKS[key] ? { clock: CLOCKS[key] } : {})
	}));

/** A day and time of day on the event's clocks as a clock reading (see ExportValue). */
function clockReading(day: string, time = '00:00'): Date {
	const [year, month, date] = day.split('-').map(Number);
	const [hours, minutes] = time.split(':').map(Number);
	return new Date(Date.UTC(year, month - 1, date, hours, minutes));
}

const cellsOf = (rows: readonly ScheduleRow[], locale: Locale): ScheduleCells[] =>
	rows.map((row) => ({
		...row,
		day: clockReading(row.day),
		start: clockReading(row.day, row.start),
		end: clockReading(row.day, row.end),
		state: SLOT_STATE_LABELS[row.state]({}, { locale })
	}));

/**
 * The schedule as CSV text in the reader's language (with a BOM; names that start like a formula
 * are neutralised; the stamp last). Dates and times are ISO text on the event's clocks, the zone
 * named in the start and end headers and in its own column.
 *
 * @example return new Response(scheduleCsv(rows, await documentStamp(ctx.db, evaluationId), getLocale()));
 */
export function scheduleCsv(rows: readonly ScheduleRow[], stamp: DocumentStamp, locale: Locale): string {
	return csvFile(columnsIn(stamp.timeZone, locale), cellsOf(rows, locale), stamp);
}

/**
 * The schedule as an XLSX workbook in the reader's language: its sheet (days and times as real
 * spreadsheet dates on the event's clocks, the zone named in the headers, its column and a note
 * under the table), then the stamp's.
 *
 * @example const bytes = await scheduleXlsx(rows, await documentStamp(ctx.db, evaluationId), 'en');
 */
export function scheduleXlsx(rows: readonly ScheduleRow[], stamp: DocumentStamp, locale: Locale): Promise<Uint8Array> {
	const sheet = {
		name: m.schedule_export_sheet({}, { locale }),
		columns: columnsIn(stamp.timeZone, locale),
		rows: cellsOf(rows, locale),
		notes: [m.schedule_export_zone_note(zoneWords(stamp.timeZone), { locale })]
	};
	return xlsxFile([sheet], stamp);
}
