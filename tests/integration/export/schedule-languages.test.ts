/**
 * The schedule exports speak the reader's language and keep time properly (issue 9, item 10e):
 * read back with Juri's own XLSX reader, the headers and states are Indonesian or English as
 * asked, days and times are real spreadsheet dates (a date or time number format, read back as
 * dates showing the event's clock), and the zone is stated (in the headers, on each row, under the
 * table). The CSV writes the same in ISO text. In WITA, so the zone is not the default's.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventDate, eventTime } from '$lib/domain/setup/schedule';
import type { SessionUser } from '$lib/server/auth/session';
import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleCsv, scheduleRows, scheduleXlsx } from '$lib/server/export/schedule-export';
import { readXlsxGrid } from '$lib/server/import/xlsx';
import { READ_LIMITS } from '$lib/server/import/table';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
const ZONE = 'Asia/Makassar';

const HEADERS = {
	id: ['Tanggal', 'Mulai (WITA)', 'Selesai (WITA)', 'Zona waktu', 'Ruang', 'Panel', 'Urutan', 'Kategori', 'Badan publik', 'Status'],
	en: ['Date', 'Start (WITA)', 'End (WITA)', 'Time zone', 'Room', 'Panel', 'Order', 'Category', 'Public body', 'State']
} as const;
const NOTE = {
	id: 'Semua tanggal dan waktu menurut jam acara: WITA (Asia/Makassar, UTC+8).',
	en: "All dates and times are on the event's clocks: WITA (Asia/Makassar, UTC+8)."
} as const;
const STATES = { id: { scheduled: 'Terjadwal', certified: 'Disahkan' }, en: { scheduled: 'Scheduled', certified: 'Certified' } } as const;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	// Straight into the table: the zone service keeps clock times, this test wants a certified slot too.
	await app.db.updateTable('evaluations').set({ time_zone: ZONE }).where('id', '=', fx.evaluationId).execute();
	await app.db.updateTable('slots').set({ state: 'certified' }).where('id', '=', fx.panelA.slots[0].id).execute();
});
afterAll(() => app.close());

/** The first slot's planned start as the event's clock reads it. */
async function acehStart() {
	const slot = await app.db.selectFrom('slots').select('planned_start').where('id', '=', fx.panelA.slots[0].id).executeTakeFirstOrThrow();
	return { day: eventDate(slot.planned_start, ZONE), time: eventTime(slot.planned_start, ZONE) };
}

describe.each(['id', 'en'] as const)('the schedule in %s', (locale) => {
	test('XLSX: headers and states in the language, days and times as dates on the event’s clocks, the zone stated', async () => {
		const rows = await scheduleRows(app.ctx, admin, fx.evaluationId);
		const bytes = await scheduleXlsx(rows, await documentStamp(app.db, fx.evaluationId), locale);
		const grid = await readXlsxGrid(bytes, READ_LIMITS);
		expect(grid[0].values).toEqual(HEADERS[locale]);
		const aceh = grid.find((row) => row.values[8] === fx.panelA.slots[0].bodyName)!.values;
		const { day, time } = await acehStart();
		// The reader gives a Date only for a cell whose number format shows a date or a time.
		const [date, start, end] = aceh;
		expect(date).toBeInstanceOf(Date);
		expect(start).toBeInstanceOf(Date);
		expect(end).toBeInstanceOf(Date);
		// Spreadsheets have no zones: the cell holds what the event's clock showed (its UTC fields).
		expect((date as Date).toISOString()).toBe(`${day}T00:00:00.000Z`);
		expect((start as Date).toISOString()).toBe(`${day}T${time}:00.000Z`);
		expect((end as Date).getTime()).toBeGreaterThan((start as Date).getTime());
		expect(aceh[3]).toBe('WITA');
		expect(aceh[9]).toBe(STATES[locale].certified);
		const states = new Set(grid.slice(1, rows.length + 1).map((row) => row.values[9]));
		expect(states).toEqual(new Set([STATES[locale].certified, STATES[locale].scheduled]));
		expect(grid.at(-1)!.values[0]).toBe(NOTE[locale]);
		expect(grid).toHaveLength(rows.length + 2);
	});

	test('XLSX: the day and time columns carry date and time number formats', async () => {
		const workbook = new ExcelJS.Workbook();
		const rows = await scheduleRows(app.ctx, admin, fx.evaluationId);
		await workbook.xlsx.load((await scheduleXlsx(rows, await documentStamp(app.db, fx.evaluationId), locale)) as unknown as ExcelJS.Buffer);
		const first = workbook.worksheets[0].getRow(2);
		expect([1, 2, 3].map((column) => first.getCell(column).numFmt)).toEqual(['yyyy-mm-dd', 'hh:mm', 'hh:mm']);
		expect(workbook.worksheets[0].name).toBe(locale === 'id' ? 'Jadwal' : 'Schedule');
	});

	test('CSV: the same headers and states, dates and times as ISO text on the event’s clocks', async () => {
		const rows = await scheduleRows(app.ctx, admin, fx.evaluationId);
		const csv = scheduleCsv(rows, await documentStamp(app.db, fx.evaluationId), locale);
		const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true, comments: '#' });
		expect(parsed.data[0]).toEqual(HEADERS[locale]);
		const aceh = parsed.data.find((row) => row[8] === fx.panelA.slots[0].bodyName)!;
		const { day, time } = await acehStart();
		expect(aceh.slice(0, 2)).toEqual([day, time]);
		expect(aceh[2]).toMatch(/^\d\d:\d\d$/);
		expect(aceh[3]).toBe('WITA');
		expect(aceh[9]).toBe(STATES[locale].certified);
	});
});
