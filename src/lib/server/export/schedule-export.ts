/**
 * The schedule as files: CSV (UTF-8 with a byte-order mark, so Excel reads Indonesian names
 * right) and XLSX (one sheet). Times are on the event's clocks (the evaluation's zone), as on the
 * pages, and each row names the zone (WIB, WITA or WIT).
 */
import { zoneLabel } from '$lib/domain/setup/event-zone';
import { eventDate, eventTime } from '$lib/domain/setup/schedule';
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
	state: string;
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

const WIDTHS: Record<(typeof SCHEDULE_COLUMNS)[number], number> = {
	day: 12,
	start: 8,
	end: 8,
	time_zone: 9,
	room: 22,
	panel: 14,
	position: 9,
	category: 26,
	body: 44,
	state: 12
};

const COLUMNS: ExportColumn<ScheduleRow>[] = SCHEDULE_COLUMNS.map((key) => ({ key, width: WIDTHS[key] }));

/**
 * The schedule as CSV text (with a BOM; names that start like a formula are neutralised; the stamp last).
 *
 * @example return new Response(scheduleCsv(await scheduleRows(ctx, admin, evaluationId), await documentStamp(ctx.db, evaluationId)));
 */
export function scheduleCsv(rows: readonly ScheduleRow[], stamp: DocumentStamp): string {
	return csvFile(COLUMNS, rows, stamp);
}

/**
 * The schedule as an XLSX workbook: its sheet, then the stamp's.
 *
 * @example const bytes = await scheduleXlsx(rows, await documentStamp(ctx.db, evaluationId));
 */
export function scheduleXlsx(rows: readonly ScheduleRow[], stamp: DocumentStamp, sheetName = 'Jadwal'): Promise<Uint8Array> {
	return xlsxFile([{ name: sheetName, columns: COLUMNS, rows }], stamp);
}
