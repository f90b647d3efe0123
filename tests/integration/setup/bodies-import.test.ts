import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NEW_CATEGORY, SAMPLE_MAPPING, type BodyColumnMapping } from '$lib/domain/setup/body-import';
import type { SessionUser } from '$lib/server/auth/session';
import { ImportFileError, type FileProblem } from '$lib/server/import/read-table';
import { listBodies } from '$lib/server/services/bodies';
import { checkBodyImport, importBodies, previewBodyImport, type ImportFile } from '$lib/server/services/body-import';
import { startTestApp, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let evaluationId: string;

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	evaluationId = (await app.fixture()).evaluationId;
});
afterAll(() => app.close());

const utf8 = (text: string, name = 'bodies.csv'): ImportFile => ({ name, bytes: new TextEncoder().encode(text) });
const HEADER = 'category,name,short_name,saq_score_demo';
const sampleCsv = () => ({ name: 'monev-kip-2023-sample.csv', bytes: new Uint8Array(readFileSync('db/seed/monev-kip-2023-sample.csv')) });

/** Windows-1252 bytes for text made of Latin-1 letters plus the en dash (0x96). */
function windows1252(text: string): Uint8Array {
	return Uint8Array.from([...text].map((c) => (c === '–' ? 0x96 : c.charCodeAt(0))));
}

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<ImportFile> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Badan publik');
	for (const row of rows) sheet.addRow(row);
	workbook.addWorksheet('Other').addRow(['ignored']);
	return { name: 'bodies.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}

const counts = async () => {
	const n = async (table: 'bodies' | 'categories' | 'audit_log') =>
		Number(
			(
				await app.db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return { bodies: await n('bodies'), categories: await n('categories'), audit: await n('audit_log') };
};

/** The mapping with every category the file names and the evaluation lacks created, as the secretariat chooses in the preview. */
async function creatingCategories(file: ImportFile, mapping: Partial<BodyColumnMapping> = SAMPLE_MAPPING) {
	const check = await checkBodyImport(app.ctx, admin, evaluationId, file, mapping);
	if (!check.ok) throw new Error('expected a valid file');
	return { ...mapping, categories: Object.fromEntries(check.unmatchedCategories.map((u) => [u.key, NEW_CATEGORY])) };
}

async function fileProblem(file: ImportFile): Promise<FileProblem> {
	const error = await previewBodyImport(app.ctx, admin, evaluationId, file).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ImportFileError);
	return (error as ImportFileError).problem;
}

describe('reading files', () => {
	test('the sample file: preview shows its columns and pre-selects the sample layout', async () => {
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, sampleCsv());
		expect(preview).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', rowCount: 54, suggested: SAMPLE_MAPPING });
		expect(preview.headers.slice(0, 4)).toEqual(['category', 'name', 'short_name', 'saq_score_demo']);
		expect(preview.sample[0]).toEqual({
			line: 2,
			cells: ['Pemerintah Provinsi', 'Pemerintah Provinsi Aceh', 'Aceh', '96.50', '98.37', 'Informatif', 'rank 1']
		});
	});

	test('UTF-8 with a BOM: the first header is not polluted by the BOM', async () => {
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, utf8(`\uFEFF${HEADER}\nPTN,Universitas Indonesia,UI,88`));
		expect(preview.headers[0]).toBe('category');
		expect(preview.suggested).toEqual(SAMPLE_MAPPING);
	});

	test('Windows-1252 text (en dash, é) is detected and decoded', async () => {
		const name = 'Pemerintah Provinsi Daerah Istimewa Yogyakarta – Biro Umum';
		const file = {
			name: 'excel.csv',
			bytes: windows1252(`${HEADER}\nPemerintah Provinsi,${name},DIY – Biro Umum,91\nLembaga Non Struktural,Badan Café Nasional,BCN,70`)
		};
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, file);
		expect(preview.encoding).toBe('windows-1252');
		expect(preview.sample.map((r) => r.cells[1])).toEqual([name, 'Badan Café Nasional']);
	});

	test('semicolon-separated CSV with decimal commas (Indonesian Excel)', async () => {
		const file = utf8(`category;name;short_name;saq_score_demo\nPemerintah Provinsi;Pemerintah Provinsi Aceh;Aceh;96,50`);
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, file);
		expect(preview).toMatchObject({ delimiter: ';', headers: ['category', 'name', 'short_name', 'saq_score_demo'] });
		const check = await checkBodyImport(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		expect(check).toMatchObject({ ok: true, rowCount: 1, created: 0, updated: 0, unchanged: 1 });
	});

	test('refused whole: empty, header only, no header, a binary file, an old .xls, a renamed PDF, too large, too many rows', async () => {
		expect(await fileProblem(utf8(''))).toBe('empty');
		expect(await fileProblem(utf8('\n \r\n'))).toBe('empty');
		expect(await fileProblem(utf8(`${HEADER}\n\n`))).toBe('no_rows');
		expect(await fileProblem(utf8('Pemerintah Provinsi,Pemerintah Provinsi Aceh,Aceh,96.50'))).toBe('no_header');
		const png = Uint8Array.from([
			0x89,
			0x50,
			0x4e,
			0x47,
			0x0d,
			0x0a,
			0x1a,
			0x0a,
			0,
			0,
			0,
			0x0d,
			0x49,
			0x48,
			0x44,
			0x52,
			...new Array(64).fill(7)
		]);
		expect(await fileProblem({ name: 'bodies.csv', bytes: png })).toBe('unknown_type');
		expect(await fileProblem({ name: 'bodies.xls', bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) })).toBe(
			'legacy_xls'
		);
		const pdf = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
		expect(await fileProblem({ name: 'bodies.csv', bytes: Uint8Array.from([...pdf, 0, 1, 2, 3]) })).toBe('unknown_type');
		const zipNotXlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]);
		expect(await fileProblem({ name: 'bodies.xlsx', bytes: zipNotXlsx })).toBe('unreadable_xlsx');
		expect(await fileProblem(utf8(`${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}`))).toBe('too_large');
		const many = [HEADER, ...Array.from({ length: 20_001 }, (_, i) => `K,B${i},b,1`)].join('\n');
		expect(await fileProblem(utf8(many))).toBe('too_many_rows');
		expect(await fileProblem(utf8(`${HEADER}\nK,"unclosed,b,1\nK,c,c,2`))).toBe('malformed_csv');
	});

	test('XLSX: first sheet, numbers as numbers, formulas by their cached result, dates and formula errors reported', async () => {
		const file = await xlsx([
			['category', 'name', 'short_name', 'saq_score_demo'],
			['Pemerintah Provinsi', 'Pemerintah Provinsi Aceh', 'Aceh', 96.5],
			[
				'Pemerintah Provinsi',
				{ formula: 'CONCATENATE("Pemerintah Provinsi ","Bali")', result: 'Pemerintah Provinsi Bali' },
				'Bali',
				{ formula: 'B1*1', result: 88.25 }
			],
			['Pemerintah Provinsi', { formula: 'Sheet9!A1', result: { error: '#REF!' } }, 'Riau', 81.3],
			['Pemerintah Provinsi', 'Pemerintah Provinsi Jambi', new Date(Date.UTC(2023, 10, 28)), new Date(Date.UTC(2023, 10, 28))]
		]);
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, file);
		expect(preview).toMatchObject({ format: 'xlsx', rowCount: 4, suggested: SAMPLE_MAPPING });
		expect(preview.sample[1].cells).toEqual(['Pemerintah Provinsi', 'Pemerintah Provinsi Bali', 'Bali', '88.25']);
		const check = await checkBodyImport(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.issues.map((i) => [i.line, i.column, i.code])).toEqual([
			[4, 'name', 'formula_error'],
			[5, 'saq_score_demo', 'not_a_number']
		]);
		expect(check.issues[0].params.value).toBe('#REF!');
		expect(check.issues[1].params.value).toBe('2023-11-28T00:00:00.000Z');
	});
});

describe('validating and importing', () => {
	test('the sample file imports cleanly: 20 new bodies and 6 new categories (once mapped to be created), the 34 provinces unchanged', async () => {
		const asked = await checkBodyImport(app.ctx, admin, evaluationId, sampleCsv(), SAMPLE_MAPPING);
		expect(asked).toMatchObject({ ok: true, rowCount: 54, created: 0, unchanged: 34, newCategories: [] });
		if (!asked.ok) return;
		expect(asked.unmatchedCategories).toHaveLength(6);
		const mapping = await creatingCategories(sampleCsv());
		const check = await checkBodyImport(app.ctx, admin, evaluationId, sampleCsv(), mapping);
		expect(check).toMatchObject({ ok: true, rowCount: 54, created: 20, updated: 0, unchanged: 34, unmatchedCategories: [] });
		if (!check.ok) return;
		expect(check.newCategories).toHaveLength(6);
		const before = await counts();
		const summary = await importBodies(app.ctx, admin, evaluationId, sampleCsv(), mapping, check.fingerprint);
		expect(summary).toEqual({ created: 20, updated: 0, unchanged: 34, categoriesCreated: 6, invited: check.invited, amendments: 0 });
		expect(await counts()).toEqual({ bodies: before.bodies + 20, categories: before.categories + 6, audit: before.audit + 1 });
		const audit = await app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'body.import', actor_id: admin.id, evaluation_id: evaluationId });
		expect(JSON.parse(audit.after!)).toMatchObject({ file: 'monev-kip-2023-sample.csv', rows: 54, created: 20, updated: 0, unchanged: 34 });
		const { bodies } = await listBodies(app.db, evaluationId);
		expect(bodies.filter((b) => b.invited).every((b) => b.priorScore >= 60)).toBe(true);
		expect(bodies.filter((b) => !b.invited).every((b) => b.priorScore < 60)).toBe(true);
	});

	test('re-import updates by key without duplicates; a body’s invitation follows its new score', async () => {
		const file = utf8(
			`${HEADER}\nPemerintah Provinsi,Pemerintah Provinsi Aceh,Aceh,50\nPemerintah Provinsi,PEMERINTAH PROVINSI  BALI,Bali Baru,90`
		);
		const before = await counts();
		const summary = await importBodies(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		expect(summary).toMatchObject({ created: 0, updated: 2, unchanged: 0, categoriesCreated: 0 });
		expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
		const aceh = await app.db.selectFrom('bodies').selectAll().where('key', '=', 'pemerintah provinsi aceh').executeTakeFirstOrThrow();
		expect(aceh).toMatchObject({ prior_score: 50, invited: 0 });
		const audit = await app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
		expect(JSON.parse(audit.before!).changes).toContainEqual({ key: 'pemerintah provinsi aceh', priorScore: 96.5 });
		// Importing the same file again changes no body.
		expect(await importBodies(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
	});

	test('another layout through a mapping, with a key column and extra columns ignored; a category made as mapped', async () => {
		const file = utf8(
			'Kode;Kategori;Nama Badan Publik;Nilai SAQ;Catatan\nUI-01;Perguruan Tinggi Negeri;Universitas Indonesia;88,1;x\nLP-9;Lembaga Penyiaran;LPP RRI;61;y'
		);
		const preview = await previewBodyImport(app.ctx, admin, evaluationId, file);
		expect(preview.suggested).toEqual({ key: 'Kode', category: 'Kategori', name: 'Nama Badan Publik', priorScore: 'Nilai SAQ' });
		const mapping = await creatingCategories(file, { ...preview.suggested, shortName: '' });
		expect(mapping.categories).toEqual({ 'lembaga penyiaran': NEW_CATEGORY });
		const summary = await importBodies(app.ctx, admin, evaluationId, file, mapping);
		expect(summary).toMatchObject({ created: 2, categoriesCreated: 1 });
		const ui = await app.db.selectFrom('bodies').selectAll().where('key', '=', 'ui-01').executeTakeFirstOrThrow();
		expect(ui).toMatchObject({ name: 'Universitas Indonesia', short_name: 'Universitas Indonesia', prior_score: 88.1, invited: 1 });
		// Renamed in the file, same key: updated, not duplicated.
		const renamed = utf8('Kode;Kategori;Nama Badan Publik;Nilai SAQ\nUI-01;Perguruan Tinggi Negeri;Universitas Indonesia (UI);88,1');
		expect(await importBodies(app.ctx, admin, evaluationId, renamed, mapping)).toMatchObject({ created: 0, updated: 1 });
	});

	test('missing columns, duplicate rows and bad values: every row error reported, nothing imported', async () => {
		const before = await counts();
		const missing = await checkBodyImport(app.ctx, admin, evaluationId, utf8('category,name\nPTN,Universitas Riau'), SAMPLE_MAPPING);
		expect(missing).toMatchObject({ ok: false });
		if (!missing.ok)
			expect(missing.issues.map((i) => [i.line, i.column, i.code])).toEqual([
				[1, 'saq_score_demo', 'missing_column'],
				[1, 'short_name', 'missing_column']
			]);
		const file = utf8(
			`${HEADER},extra\nPTN,Universitas Riau,UNRI,70,x\nPTN,universitas  riau,UNRI,71,\nPTN,,X,70,\nPTN,Universitas Jambi,UNJA,tinggi,`
		);
		const check = await checkBodyImport(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		expect(check).toMatchObject({ ok: false, rowCount: 4, issueCount: 3 });
		if (!check.ok) {
			expect(check.issues.map((i) => [i.line, i.column, i.code])).toEqual([
				[3, 'name', 'duplicate'],
				[4, 'name', 'missing_value'],
				[5, 'saq_score_demo', 'not_a_number']
			]);
		}
		await expect(importBodies(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING)).rejects.toMatchObject({ code: 'invalid_input' });
		expect(await counts()).toEqual(before);
	});

	test('a mapping without a required column, or a file other than the checked one, is refused', async () => {
		const file = utf8(`${HEADER}\nPTN,Universitas Andalas,UNAND,75`);
		await expect(checkBodyImport(app.ctx, admin, evaluationId, file, { ...SAMPLE_MAPPING, name: '' })).rejects.toMatchObject({
			code: 'invalid_input',
			issues: [{ path: 'name', message: 'required' }]
		});
		const check = await checkBodyImport(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		if (!check.ok) throw new Error('expected a valid file');
		const other = utf8(`${HEADER}\nPTN,Universitas Andalas,UNAND,15`);
		const before = await counts();
		await expect(importBodies(app.ctx, admin, evaluationId, other, SAMPLE_MAPPING, check.fingerprint)).rejects.toMatchObject({
			code: 'conflict'
		});
		expect(await counts()).toEqual(before);
	});

	test('5,000 rows validate and import in one go, then re-import without duplicates', async () => {
		const lines = Array.from({ length: 5000 }, (_, i) => `Kategori Besar ${i % 7},Badan Publik Nomor ${i},BP${i},${(i % 1000) / 10}`);
		const file = utf8([HEADER, ...lines].join('\r\n'));
		const mapping = await creatingCategories(file);
		const check = await checkBodyImport(app.ctx, admin, evaluationId, file, mapping);
		expect(check).toMatchObject({ ok: true, rowCount: 5000, created: 5000 });
		const before = await counts();
		const summary = await importBodies(app.ctx, admin, evaluationId, file, mapping);
		expect(summary).toMatchObject({ created: 5000, categoriesCreated: 7 });
		expect(await counts()).toMatchObject({ bodies: before.bodies + 5000, categories: before.categories + 7, audit: before.audit + 1 });
		const again = await importBodies(app.ctx, admin, evaluationId, file, SAMPLE_MAPPING);
		expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5000 });
		expect((await counts()).bodies).toBe(before.bodies + 5000);
	});

	test('a juror can neither preview, check nor import, and nothing changes', async () => {
		const juror = (await app.signIn('juror')).user;
		const before = await counts();
		const file = utf8(`${HEADER}\nPTN,Universitas Curang,UC,99`);
		await expect(previewBodyImport(app.ctx, juror, evaluationId, file)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(checkBodyImport(app.ctx, juror, evaluationId, file, SAMPLE_MAPPING)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(importBodies(app.ctx, juror, evaluationId, file, SAMPLE_MAPPING)).rejects.toMatchObject({ code: 'forbidden' });
		expect(await counts()).toEqual(before);
	});
});
