/**
 * The schedule as files: CSV (UTF-8 with a byte-order mark, so Excel reads Indonesian names
 * right) and XLSX (one sheet). Times are the event's local time (Asia/Jakarta), as on the pages.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { eventDate, eventTime } from '$lib/domain/setup/schedule';
import { stampCsvLine, stampWorkbook, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { requireAdmin } from '../services/panels';
import { loadBoard } from '../services/schedule';

export interface ScheduleRow {
	day: string;
	start: string;
	end: string;
	room: string;
	panel: string;
	/** 1-based order in the room's queue. */
	position: number;
	category: string;
	body: string;
	state: string;
}

/** Column keys, in file order; the header row names them the same way. */
export const SCHEDULE_COLUMNS = ['day', 'start', 'end', 'room', 'panel', 'position', 'category', 'body', 'state'] as const;

/**
 * Every slot of the evaluation by day, room and start time.
 *
 * @example const rows = await scheduleRows(ctx, admin, evaluationId); // [{ day: '2026-11-28', start: '08:00', … }]
 */
export async function scheduleRows(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<ScheduleRow[]> {
	requireAdmin(actor);
	const board = await loadBoard(ctx.db, evaluationId);
	const panel = new Map(board.panels.map((p) => [p.id, p]));
	const queueNumber = new Map<string, number>();
	for (const p of board.panels) {
		const queue = board.slots.filter((s) => s.panelId === p.id).sort((a, b) => a.position - b.position || a.start - b.start);
		queue.forEach((s, i) => queueNumber.set(s.slotId, i + 1));
	}
	return [...board.slots]
		.sort(
			(a, b) =>
				eventDate(a.start).localeCompare(eventDate(b.start)) ||
				panel.get(a.panelId)!.name.localeCompare(panel.get(b.panelId)!.name) ||
				a.start - b.start
		)
		.map((s) => ({
			day: eventDate(s.start),
			start: eventTime(s.start),
			end: eventTime(s.end),
			room: panel.get(s.panelId)!.room,
			panel: panel.get(s.panelId)!.name,
			position: queueNumber.get(s.slotId)!,
			category: s.categoryName,
			body: s.bodyName,
			state: s.state
		}));
}

/**
 * CSV text with a BOM; a cell that starts like a formula is quoted as text so a spreadsheet never
 * runs it. The last line is the document's stamp, a `#` comment (see `stampCsvLine`).
 */
export function scheduleCsv(rows: readonly ScheduleRow[], stamp: DocumentStamp): string {
	return (
		'\uFEFF' +
		Papa.unparse({ fields: [...SCHEDULE_COLUMNS], data: rows.map((r) => SCHEDULE_COLUMNS.map((c) => r[c])) }, { escapeFormulae: true }) +
		`\r\n${stampCsvLine(stamp)}\r\n`
	);
}

const WIDTHS: Record<(typeof SCHEDULE_COLUMNS)[number], number> = {
	day: 12,
	start: 8,
	end: 8,
	room: 22,
	panel: 14,
	position: 9,
	category: 26,
	body: 44,
	state: 12
};

/** An XLSX workbook: the schedule (a bold, frozen header row and sized columns), then the stamp's sheet. */
export async function scheduleXlsx(rows: readonly ScheduleRow[], stamp: DocumentStamp, sheetName = 'Jadwal'): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = SCHEDULE_COLUMNS.map((key) => ({ header: key, key, width: WIDTHS[key] }));
	sheet.getRow(1).font = { bold: true };
	sheet.addRows(rows.map((r) => ({ ...r })));
	stampWorkbook(workbook, stamp);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
