/**
 * Hostile import files (issue 7, item 5): each is refused by the limit it breaks, with a problem
 * code the import panel translates, and imports nothing; and while one is being read the server
 * keeps answering others, since reading happens on a worker thread.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLE_MAPPING } from '$lib/domain/setup/body-import';
import type { SessionUser } from '$lib/server/auth/session';
import { ImportFileError, READ_LIMITS, type FileProblem } from '$lib/server/import/read-table';
import { listBodies } from '$lib/server/services/bodies';
import { importBodies, previewBodyImport, type ImportFile } from '$lib/server/services/body-import';
import type { ServiceContext } from '$lib/server/services/context';
import { cell, gridRows, sharedStringsPart, sheetPart, workbookArchive } from '../../support/xlsx-files';
import { ask, startTestApp, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let evaluationId: string;

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	evaluationId = (await app.fixture()).evaluationId;
});
afterAll(() => app.close());

const HEADER_ROW = `<row r="1">${['category', 'name', 'short_name', 'saq_score_demo'].map((h, i) => cell(`${'ABCD'[i]}1`, h)).join('')}</row>`;
const BODY_ROW = `<row r="2">${cell('A2', 'PTN')}${cell('B2', 'Universitas Bom')}${cell('C2', 'UB')}${cell('D2', 90)}</row>`;

/** 150 KB that unpack to a 150 MB sheet: a valid header and row, then spaces. */
const zipBomb = (): ImportFile => ({
	name: 'bom.xlsx',
	bytes: workbookArchive({ sheet: sheetPart(Buffer.concat([Buffer.from(HEADER_ROW + BODY_ROW), Buffer.alloc(150 * 1024 * 1024, ' ')])) })
});

const counts = async () => {
	const { bodies } = await listBodies(app.db, evaluationId);
	const audit = await app.db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return { bodies: bodies.length, audit: Number(audit.n) };
};

/** Imports the file; expects it refused as a whole with `problem`, and nothing changed. */
async function refusedImport(file: ImportFile, problem: FileProblem, ctx: ServiceContext = app.ctx) {
	const before = await counts();
	const error = await importBodies(ctx, admin, evaluationId, file, SAMPLE_MAPPING).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ImportFileError);
	expect((error as ImportFileError).problem).toBe(problem);
	expect(await counts()).toEqual(before);
	return error as ImportFileError;
}

describe('hostile files are refused whole and import nothing', () => {
	test('a zip bomb: a small XLSX whose sheet unpacks to 150 MB', async () => {
		const file = zipBomb();
		expect(file.bytes.length).toBeLessThan(512 * 1024);
		const error = await refusedImport(file, 'too_big_uncompressed');
		expect(error.params).toEqual({ maxMb: 100 });
	});

	test('a workbook of 600,000 cells (30 columns, 20,000 rows)', async () => {
		const error = await refusedImport(
			{ name: 'lebar.xlsx', bytes: workbookArchive({ sheet: sheetPart(gridRows(30, 20_000)) }) },
			'too_many_cells'
		);
		expect(error.params).toEqual({ max: READ_LIMITS.cells });
	});

	test('a workbook with a shared string of a million characters', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(
				HEADER_ROW + `<row r="2">${cell('A2', 'PTN')}<c r="B2" t="s"><v>0</v></c>${cell('C2', 'UB')}${cell('D2', 90)}</row>`
			),
			sharedStrings: sharedStringsPart([`<t>${'Badan '.repeat(200_000)}</t>`])
		});
		const error = await refusedImport({ name: 'panjang.xlsx', bytes }, 'text_too_long');
		expect(error.params).toEqual({ max: 32_767 });
	});

	test('a workbook still being read when its deadline passes (a 1 ms deadline for a read of seconds)', async () => {
		// Without the size limit the bomb reads for seconds; the deadline ends it long before.
		const ctx = { ...app.ctx, importReading: { limits: { inflatedBytes: Infinity }, deadline: () => AbortSignal.timeout(1) } };
		const error = await refusedImport(zipBomb(), 'took_too_long', ctx);
		expect(error.params).toEqual({ seconds: 20 });
	});

	test('a CSV with a header of 100,000 columns and 20,000 short rows (it exhausted the server’s memory)', async () => {
		const text = 'category,name,short_name,saq_score_demo' + ',x'.repeat(100_000) + '\n' + 'PTN,Universitas Lebar,UL,70\n'.repeat(20_000);
		await refusedImport({ name: 'lebar.csv', bytes: new TextEncoder().encode(text) }, 'too_many_cells');
	});

	test('a CSV of nothing but delimiters (it crashed the reader)', async () => {
		await refusedImport({ name: 'koma.csv', bytes: new TextEncoder().encode(','.repeat(1_000_000) + '\n,,,\n') }, 'empty');
	});
});

describe('the server stays responsive while a hostile file is read', () => {
	/**
	 * Starts reading the file, then has a juror's socket run `acks` commands one after another and
	 * a page load its data; returns the order in which all of them finished.
	 */
	async function finishingOrder(file: ImportFile, acks: number): Promise<string[]> {
		const { token } = await app.signIn('juror');
		const socket = await app.socket(token);
		const finished: string[] = [];
		const reading = previewBodyImport(app.ctx, admin, evaluationId, file).then(
			() => finished.push('hostile read'),
			() => finished.push('hostile read')
		);
		const commands = (async () => {
			for (let i = 0; i < acks; i++) expect(await ask(socket, 'sync', { view: 'juror' })).toMatchObject({ ok: true });
			finished.push('socket acks');
		})();
		const page = listBodies(app.db, evaluationId).then(() => finished.push('bodies listed'));
		await Promise.all([reading, commands, page]);
		socket.disconnect();
		return finished;
	}

	test('a juror’s socket commands and a page’s data load complete before the read of a workbook with a merged area of a million cells does (it held the server for seconds)', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(HEADER_ROW + BODY_ROW, '<mergeCells count="1"><mergeCell ref="A3:CV10002"/></mergeCells>')
		});
		const order = await finishingOrder({ name: 'gabung.xlsx', bytes }, 10);
		expect(order.indexOf('hostile read')).toBe(2);
	});

	test('… and before the read of a zip bomb does', async () => {
		const order = await finishingOrder(zipBomb(), 10);
		expect(order.indexOf('hostile read')).toBe(2);
	});

	test('… and before the read of a CSV of 2,500,000 lines does (it held the server for its whole parse)', async () => {
		const order = await finishingOrder({ name: 'panjang.csv', bytes: new TextEncoder().encode('category\n' + 'x\n'.repeat(2_500_000)) }, 1);
		expect(order.indexOf('hostile read')).toBe(2);
	});
});
