/**
 * The documents of a published results version (issue 8, item 6a, 6b), read back: the decree
 * annex as PDF (its text extracted with pdf.js), XLSX (exceljs) and CSV (papaparse), and the
 * national summary; built from the version as stored, with the decree when there is one and "—"
 * before; refused for a version that is not a number or does not exist, and to anyone but the
 * secretariat.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatAnchor } from '$lib/domain/audit';
import { auditHead } from '$lib/server/audit';
import { annexFile } from '$lib/server/documents/annex';
import { summaryFile } from '$lib/server/documents/summary';
import { publishResults } from '$lib/server/services/results/publish';
import { GET as annexPdfEndpoint } from '../../../src/routes/admin/e/[evaluationId]/results/v/[version]/annex.pdf/+server';
import { readPdf } from '../../support/pdf-text';
import { startTestApp, type TestApp } from '../harness';
import { ANNEX_HEADER, DECREE, nonSecretariat, publishedScenario, refusal, type PublishedScenario } from './support';

let app: TestApp;
let s: PublishedScenario;
const HOSTILE = '=HYPERLINK("http://evil.example","klik")';

beforeAll(async () => {
	app = await startTestApp();
	s = await publishedScenario(app);
});
afterAll(() => app.close());

const v1 = () => ({ evaluationId: s.fx.evaluationId, version: '1' });

describe('decree annex', () => {
	test('PDF: the title block with the decree, a table per category in category order, ranks with the tie mark, scores with a decimal comma, qualifications', async () => {
		const pdf = await readPdf((await annexFile(s.ctx, s.admin, v1(), 'pdf')).bytes);
		const { lines } = pdf;
		expect(lines.slice(0, 6)).toEqual([
			'LAMPIRAN',
			'KEPUTUSAN KOMISI INFORMASI PUSAT REPUBLIK INDONESIA',
			`NOMOR ${DECREE.number}`,
			`TANGGAL ${DECREE.inWords}`,
			'TENTANG',
			'HASIL MONEV KIP 2023 — PRESENTASI'
		]);
		const provinces = lines.indexOf('A. PEMERINTAH PROVINSI');
		const ministries = lines.indexOf('B. KEMENTERIAN');
		expect(provinces).toBeGreaterThan(0);
		expect(ministries).toBeGreaterThan(provinces);
		expect(lines).toContain('Peringkat | Badan publik | Nilai SAQ | Nilai presentasi | Nilai akhir | Kualifikasi');
		// Equal published scores share the rank, marked "1=", and the next rank is 3.
		for (const name of s.tied) expect(lines).toContain(`1= | ${name} | 99,10 | — | 99,10 | Informatif`);
		// Inside the shared rank, by name, as the method says.
		expect(lines.indexOf(`1= | ${s.tied[0]} | 99,10 | — | 99,10 | Informatif`)).toBe(provinces + 2);
		// 70 % × 96,50 + 30 % × 80 = 91,55: after ten provinces whose SAQ alone is higher.
		expect(lines).toContain(`12 | ${s.aceh} | 96,50 | 80,00 | 91,55 | Informatif`);
		expect(lines).toContain('Keterangan: = peringkat bersama: nilai akhir yang sama mendapat peringkat yang sama.');
		// The ministries' own table: their own ranks from 1.
		const ministryRows = lines.slice(ministries + 2, ministries + 4);
		expect(ministryRows).toEqual([
			`1 | ${s.ministries[1]} | 85,00 | — | 85,00 | Menuju Informatif`,
			`2 | ${s.ministries[0]} | 70,00 | — | 70,00 | Cukup Informatif`
		]);
		// The method, the version's identity and the chair's signature close the annex.
		const flat = pdf.text.replace(/\n/g, ' ');
		expect(lines).toContain('1. | Nilai akhir = 70% SAQ + 30% nilai presentasi.');
		expect(flat).toMatch(/Hasil versi 1, diterbitkan \d+ \w+ \d{4} \d\d\.\d\d WIB; hash [0-9a-f]{64}; jangkar audit \d+:[0-9a-f]{64}\./);
		expect(flat).toContain(`Ditetapkan tanggal ${DECREE.inWords}`);
		expect(flat).toContain('KETUA KOMISI INFORMASI PUSAT REPUBLIK INDONESIA, (……………………………………)');
		expect(pdf.info.Title).toBe('Lampiran keputusan: hasil versi 1');
	});

	test('PDF: every page is A4 and footed with the evaluation, the version, the time in WIB, the audit head and page x of y', async () => {
		const head = await auditHead(app.db);
		const { pages } = await readPdf((await annexFile(s.ctx, s.admin, v1(), 'pdf')).bytes);
		expect(pages.length).toBeGreaterThan(1);
		pages.forEach((page, i) => {
			expect(page.slice(-2).map((line) => line.join(' | '))).toEqual([
				`Monev KIP 2023 — Presentasi · Versi hasil 1 · Dibuat 2 Desember 2026 09.30 WIB | Halaman ${i + 1} dari ${pages.length}`,
				`Kepala audit ${formatAnchor(head!)}`
			]);
		});
		// A table that runs onto the next page repeats its header row there.
		expect(pages[1]).toContainEqual(['Peringkat', 'Badan publik', 'Nilai SAQ', 'Nilai presentasi', 'Nilai akhir', 'Kualifikasi']);
	});

	test('a version published before decrees were required prints "—"; numbers come from the stored version, not from today\'s data', async () => {
		const version1 = app.db.updateTable('result_versions').where('evaluation_id', '=', s.fx.evaluationId).where('version', '=', 1);
		await version1.set({ decree_number: null, decree_date: null }).execute();
		const aceh = s.fx.panelA.slots[0].bodyId;
		await app.db.updateTable('bodies').set({ prior_score: 50 }).where('id', '=', aceh).execute();
		try {
			const { lines, text } = await readPdf((await annexFile(s.ctx, s.admin, v1(), 'pdf')).bytes);
			expect(lines.slice(2, 4)).toEqual(['NOMOR —', 'TANGGAL —']);
			expect(text).toContain('Ditetapkan tanggal —');
			expect(lines).toContain(`12 | ${s.aceh} | 96,50 | 80,00 | 91,55 | Informatif`);
		} finally {
			await app.db.updateTable('bodies').set({ prior_score: 96.5 }).where('id', '=', aceh).execute();
			await version1.set({ decree_number: DECREE.number, decree_date: DECREE.date }).execute();
		}
	});

	test('XLSX: the title block, one row per body with numbers as numbers, every text cell neutralised, the stamp with the version', async () => {
		await app.db.updateTable('bodies').set({ name: HOSTILE }).where('name', '=', s.ministries[0]).execute();
		try {
			const file = await annexFile(s.ctx, s.admin, v1(), 'xlsx');
			expect(file.name).toBe('lampiran-sk-monev-kip-2023-presentasi-v1.xlsx');
			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.load(file.bytes as unknown as ExcelJS.Buffer);
			const [sheet, info] = workbook.worksheets;
			expect(sheet.name).toBe('Lampiran');
			expect(info.name).toBe('Info');
			const rows = sheet.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][];
			const cells = workbook.worksheets.flatMap((w) => (w.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][]).flat());
			expect(cells.filter((c) => typeof c === 'string' && /^(\s*[=+\-@]|[\t\r])/.test(c))).toEqual([]);
			expect(rows[0][1]).toBe('LAMPIRAN');
			const header = rows.findIndex((r) => r[2] === 'Peringkat');
			expect(rows[header].slice(1)).toEqual(ANNEX_HEADER);
			const body = rows.slice(header + 1).filter((r) => typeof r[4] === 'number');
			expect(body).toHaveLength(34);
			expect(body).toContainEqual([undefined, 'Pemerintah Provinsi', '12', s.aceh, 96.5, 80, 91.55, 'Informatif']);
			expect(body).toContainEqual([undefined, 'Kementerian', '2', `'${HOSTILE}`, 70, '', 70, 'Cukup Informatif']);
			for (const name of s.tied) expect(body).toContainEqual([undefined, 'Pemerintah Provinsi', '1=', name, 99.1, '', 99.1, 'Informatif']);
			expect(cells).toContain('Nilai akhir = 70% SAQ + 30% nilai presentasi.');
			// Scores show two decimals, as published, and stay numbers.
			let headerRow = 0;
			sheet.eachRow((row, n) => (headerRow ||= row.getCell(2).value === 'Peringkat' ? n : 0));
			expect(sheet.getCell(headerRow + 1, 6).numFmt).toBe('0.00');
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
			const stamp = Object.fromEntries((info.getSheetValues().filter(Boolean) as ExcelJS.CellValue[][]).map((r) => [r[1], r[2]]));
			expect(stamp.version).toBe('1');
			expect(stamp.audit_head).toMatch(/^\d+:[0-9a-f]{64}$/);
		} finally {
			await app.db.updateTable('bodies').set({ name: s.ministries[0] }).where('name', '=', HOSTILE).execute();
		}
	});

	test('CSV: the header first, one row per body, formulas neutralised, the stamp with the version as the last line', async () => {
		await app.db.updateTable('bodies').set({ name: HOSTILE }).where('name', '=', s.ministries[0]).execute();
		try {
			const csv = new TextDecoder().decode((await annexFile(s.ctx, s.admin, v1(), 'csv')).bytes);
			const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true, comments: '#' });
			expect(parsed.errors).toEqual([]);
			expect(parsed.data[0]).toEqual(ANNEX_HEADER);
			expect(parsed.data).toHaveLength(35);
			expect(parsed.data).toContainEqual(['Pemerintah Provinsi', '12', s.aceh, '96.5', '80', '91.55', 'Informatif']);
			expect(parsed.data).toContainEqual(['Kementerian', '2', `'${HOSTILE}`, '70', '', '70', 'Cukup Informatif']);
			expect(parsed.data.flat().filter((c) => /^(\s*[=+\-@]|[\t\r])/.test(c))).toEqual([]);
			expect(csv.trimEnd().split('\r\n').at(-1)).toMatch(
				new RegExp(
					`^# juri-stamp evaluation=${s.fx.evaluationId} version=1 generated_at=2026-12-02T02:30:00.000Z audit_head=\\d+:[0-9a-f]{64}$`
				)
			);
		} finally {
			await app.db.updateTable('bodies').set({ name: s.ministries[0] }).where('name', '=', HOSTILE).execute();
		}
	});
});

describe('a tie split by the tie-break chain', () => {
	test('the annex ranks the split bodies apart and says under the table where and how the tie was split', async () => {
		const evaluationId = s.fx.evaluationId;
		// Version 2: the presentation score breaks ties, and a province that did not present reaches Aceh's 91,55.
		const other = s.fx.panelB.slots[0];
		await app.db
			.updateTable('evaluations')
			.set({ tie_break: JSON.stringify([{ kind: 'presentation' }]) })
			.where('id', '=', evaluationId)
			.execute();
		await app.db.updateTable('bodies').set({ prior_score: 91.55 }).where('id', '=', other.bodyId).execute();
		await publishResults(s.ctx, s.admin, {
			evaluationId,
			reason: 'Pemecah seri: nilai presentasi',
			decreeNumber: '8/KEP/KIP/XII/2023',
			decreeDate: '2023-12-28'
		});
		const { lines, text } = await readPdf((await annexFile(s.ctx, s.admin, { evaluationId, version: '2' }, 'pdf')).bytes);
		expect(lines).toContain(`12 | ${s.aceh} | 96,50 | 80,00 | 91,55 | Informatif`);
		expect(lines).toContain(`13 | ${other.bodyName} | 91,55 | — | 91,55 | Informatif`);
		const notes = text.replace(/\n/g, ' ');
		expect(notes).toContain(`${s.aceh}: Peringkat 12 bersama pada nilai 91,55; ditempatkan ke-12 berdasarkan nilai presentasi 80,00.`);
		expect(notes).toContain(
			`${other.bodyName}: Peringkat 12 bersama pada nilai 91,55; ditempatkan ke-13 karena tidak memiliki nilai presentasi.`
		);
		expect(notes).toContain('Nilai akhir yang sama dipisahkan berturut-turut oleh: nilai presentasi; yang tetap sama berbagi peringkat.');
		// Version 1 is still printed as it was published.
		const v1Text = (await readPdf((await annexFile(s.ctx, s.admin, { evaluationId, version: '1' }, 'pdf')).bytes)).text;
		expect(v1Text).not.toContain('ditempatkan ke-');
	});
});

describe('national summary', () => {
	test('PDF and XLSX: bodies per qualification per category, with totals', async () => {
		const stored = await app.db.selectFrom('result_versions').select('result_set').where('version', '=', 1).executeTakeFirstOrThrow();
		const entries: { band: string; categoryId: string }[] = JSON.parse(stored.result_set).entries;
		const bands = ['Informatif', 'Menuju Informatif', 'Cukup Informatif', 'Kurang Informatif', 'Tidak Informatif'];
		const ministryIds = new Set(
			(await app.db.selectFrom('bodies').select('category_id').where('name', 'in', s.ministries).execute()).map((b) => b.category_id)
		);
		const count = (inMinistries: boolean | null, band: string) =>
			entries.filter((e) => e.band === band && (inMinistries === null || ministryIds.has(e.categoryId) === inMinistries)).length;
		const provinces = bands.map((b) => count(false, b));
		expect(provinces.reduce((a, b) => a + b)).toBe(32);

		const { lines } = await readPdf((await summaryFile(s.ctx, s.admin, v1(), 'pdf')).bytes);
		expect(lines).toContain('REKAPITULASI NASIONAL HASIL MONEV KIP 2023 — PRESENTASI');
		expect(lines).toContain(`Kategori | ${bands.join(' | ')} | Jumlah`);
		expect(lines).toContain(`Pemerintah Provinsi | ${provinces.join(' | ')} | 32`);
		expect(lines).toContain('Kementerian | 0 | 1 | 1 | 0 | 0 | 2');
		expect(lines).toContain(`Jumlah | ${bands.map((b) => count(null, b)).join(' | ')} | 34`);

		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await summaryFile(s.ctx, s.admin, v1(), 'xlsx')).bytes as unknown as ExcelJS.Buffer);
		const rows = (workbook.worksheets[0].getSheetValues().filter(Boolean) as ExcelJS.CellValue[][]).map((r) => r.slice(1));
		expect(rows).toContainEqual(['Kementerian', 0, 1, 1, 0, 0, 2]);
		expect(rows).toContainEqual(['Jumlah', ...bands.map((b) => count(null, b)), 34]);
	});
});

describe('refusals', () => {
	test.each([
		['0', 'invalid_input'],
		['01', 'invalid_input'],
		['1.5', 'invalid_input'],
		['abc', 'invalid_input'],
		['-1', 'invalid_input'],
		['99', 'not_found']
	])('version %s: %s, and nothing is written', async (version, code) => {
		const before = await auditHead(app.db);
		expect(await refusal(annexFile(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, version }, 'pdf'))).toBe(code);
		expect(await refusal(summaryFile(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, version }, 'xlsx'))).toBe(code);
		expect(await auditHead(app.db)).toEqual(before);
	});

	test('an evaluation that does not exist is not found', async () => {
		expect(await refusal(annexFile(s.ctx, s.admin, { evaluationId: 'no-such-evaluation', version: '1' }, 'csv'))).toBe('not_found');
	});

	test('a chair, a juror and a presenter are refused by the service itself', async () => {
		for (const user of await nonSecretariat(app)) {
			expect(await refusal(annexFile(s.ctx, user, v1(), 'pdf'))).toBe('forbidden');
			expect(await refusal(summaryFile(s.ctx, user, v1(), 'pdf'))).toBe('forbidden');
		}
	});

	test('the endpoint answers 400 for a malformed version, 404 for a missing one, and the PDF itself otherwise', async () => {
		const call = (version: string) =>
			Promise.resolve(
				annexPdfEndpoint({
					locals: { user: s.admin, session: null, ctx: s.ctx },
					params: { evaluationId: s.fx.evaluationId, version }
				} as never)
			).then(
				(res) => ({ status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') }),
				(e: { status?: number }) => ({ status: e.status, type: null, disposition: null })
			);
		expect((await call('x1')).status).toBe(400);
		expect((await call('7')).status).toBe(404);
		expect(await call('1')).toEqual({
			status: 200,
			type: 'application/pdf',
			disposition: 'attachment; filename="lampiran-sk-monev-kip-2023-presentasi-v1.pdf"'
		});
	});
});
