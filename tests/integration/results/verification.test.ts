/**
 * The public verification (issue 11): a pasted hash names its published version and checks its
 * signature; an uploaded decree annex (PDF or XLSX) as Juri exported it is genuine; the same file
 * with a number edited is altered, and the row and field that differ are named; a version signed by
 * another key or altered in the database fails its signature; a file that is neither a workbook nor
 * a PDF is refused; an address that checks too many documents is told to wait.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decideArea } from '$lib/server/auth/guard';
import { annexFile, annexPdfDocument, loadAnnex } from '$lib/server/documents/annex';
import { renderPdf } from '$lib/server/documents/pdf';
import { publishResults } from '$lib/server/services/results/publish';
import { verifyDocument, verifyHash } from '$lib/server/services/verification';
import { newSigningKeyPem, signingKeyFrom } from '$lib/server/signing-key';
import { resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
let visitors = 0;
/** A fresh address per check, so that only the test of the limit meets it. */
const visitor = () => ({ address: `203.0.113.${++visitors}` });
let hash: string;
let genuine: Uint8Array;
const key = signingKeyFrom(newSigningKeyPem(), 'test');

beforeAll(async () => {
	s = await resultsSession();
	s.app.ctx.signingKey = key;
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
	({ hash } = await publishResults(s.app.ctx, s.admin, {
		evaluationId: s.fx.evaluationId,
		reason: 'Hasil resmi tahap presentasi',
		decreeNumber: '1/KEP/KIP/XII/2023',
		decreeDate: '2023-12-19'
	}));
	genuine = (await annexFile(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '1' }, 'xlsx')).bytes;
});
afterAll(() => s.close());

/** The annex with one cell of Aceh's row replaced, as someone editing it in a spreadsheet would. */
async function edited(column: number, value: string | number): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(genuine as unknown as ExcelJS.Buffer);
	const sheet = workbook.worksheets[0];
	sheet.eachRow((row) => {
		if (row.getCell(3).value === 'Pemerintah Provinsi Aceh') row.getCell(column).value = value;
	});
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

test('the verification page is public: no sign-in, any role', () => {
	expect(decideArea('/verify', null)).toEqual({ allow: true });
	expect(decideArea('/.well-known/juri-signing-key', null)).toEqual({ allow: true });
});

describe('a pasted hash', () => {
	test('names its published version, and the signature checks', async () => {
		const result = await verifyHash(s.app.ctx, null, { hash: hash.toUpperCase() });
		expect(result).toMatchObject({
			verdict: 'genuine',
			signature: 'valid',
			version: { version: 1, decreeNumber: '1/KEP/KIP/XII/2023', keyFingerprint: key.fingerprint, superseded: false }
		});
	});

	test('that no version has is unknown; one that is no hash is refused', async () => {
		expect(await verifyHash(s.app.ctx, null, { hash: 'a'.repeat(64) })).toMatchObject({ verdict: 'unknown', version: null });
		await expect(verifyHash(s.app.ctx, null, { hash: 'abc' })).rejects.toMatchObject({ code: 'invalid_input' });
	});

	test('fails its signature with another server key, or once the stored version was altered', async () => {
		const other = { ...s.app.ctx, signingKey: signingKeyFrom(newSigningKeyPem(), 'other') };
		expect(await verifyHash(other, null, { hash })).toMatchObject({ verdict: 'unverified', signature: 'other_key' });
		const row = await s.app.db.selectFrom('result_versions').select(['id', 'result_set']).executeTakeFirstOrThrow();
		const altered = row.result_set.replace(/"finalScore":93\.05/, '"finalScore":99.05');
		expect(altered).not.toBe(row.result_set);
		await s.app.db.updateTable('result_versions').set({ result_set: altered }).where('id', '=', row.id).execute();
		try {
			expect(await verifyHash(s.app.ctx, null, { hash })).toMatchObject({ verdict: 'altered', signature: 'invalid' });
		} finally {
			await s.app.db.updateTable('result_versions').set({ result_set: row.result_set }).where('id', '=', row.id).execute();
		}
	});
});

describe('an uploaded decree annex (XLSX)', () => {
	test('as exported is genuine: every row matches version 1', async () => {
		const result = await verifyDocument(s.app.ctx, null, genuine, visitor());
		expect(result).toMatchObject({ verdict: 'genuine', hash, signature: 'valid', version: { version: 1 } });
		expect(result.rows!.checked).toBeGreaterThan(30);
		expect(result.rows!.differences).toEqual([]);
	});

	test('with a final score edited is altered, naming the body, the field and both values', async () => {
		const result = await verifyDocument(s.app.ctx, null, await edited(6, 99.05), visitor());
		expect(result.verdict).toBe('altered');
		expect(result.rows!.differences).toEqual([
			{ kind: 'changed', body: 'Pemerintah Provinsi Aceh', field: 'final', inDocument: '99,05', published: '93,05' }
		]);
	});

	test('with a rank edited, or a body renamed, names that too', async () => {
		expect((await verifyDocument(s.app.ctx, null, await edited(2, '1'), visitor())).rows!.differences).toEqual([
			{ kind: 'changed', body: 'Pemerintah Provinsi Aceh', field: 'rank', inDocument: '1', published: '8' }
		]);
		expect((await verifyDocument(s.app.ctx, null, await edited(3, 'Pemerintah Provinsi Acehh'), visitor())).rows!.differences).toEqual([
			{ kind: 'missing', body: 'Pemerintah Provinsi Aceh' },
			{ kind: 'extra', body: 'Pemerintah Provinsi Acehh' }
		]);
	});

	test('a file that is no workbook is refused; a workbook without a hash is unknown', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0xff]);
		await expect(verifyDocument(s.app.ctx, null, png, visitor())).rejects.toMatchObject({ problem: 'unknown_type' });
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('x').addRow(['Nama', 'Nilai']).commit();
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(await verifyDocument(s.app.ctx, null, bytes, visitor())).toMatchObject({ verdict: 'unknown', hash: null });
	});
});

describe('an uploaded decree annex (PDF)', () => {
	/** The annex PDF as a person who edited its numbers would print it: the version line and QR code unchanged. */
	async function pdfWith(edit: (row: { body: string; final: number; rank: string }) => void = () => {}): Promise<Uint8Array> {
		const annex = await loadAnnex(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '1' });
		annex.categories.forEach((c) => c.rows.forEach(edit));
		return renderPdf(annexPdfDocument(annex));
	}

	test('as exported is genuine: every row matches version 1, long names wrapped over two lines included', async () => {
		const pdf = (await annexFile(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '1' }, 'pdf')).bytes;
		const result = await verifyDocument(s.app.ctx, null, pdf, visitor());
		expect(result).toMatchObject({ verdict: 'genuine', hash, signature: 'valid', version: { version: 1 } });
		expect(result.rows!.checked).toBeGreaterThan(30);
		expect(result.rows!.differences).toEqual([]);
	});

	test('with a final score and a rank edited is altered, naming the bodies, the fields and both values', async () => {
		const altered = await pdfWith((row) => {
			if (row.body === 'Pemerintah Provinsi Aceh') row.final = 99.05;
			if (row.body === 'Pemerintah Provinsi Kepulauan Bangka Belitung') row.rank = '1';
		});
		const result = await verifyDocument(s.app.ctx, null, altered, visitor());
		expect(result.verdict).toBe('altered');
		expect(result.rows!.differences).toEqual([
			{ kind: 'changed', body: 'Pemerintah Provinsi Aceh', field: 'final', inDocument: '99,05', published: '93,05' },
			{ kind: 'changed', body: 'Pemerintah Provinsi Kepulauan Bangka Belitung', field: 'rank', inDocument: '1', published: '14' }
		]);
	});

	test('a file that claims to be a PDF but is none is refused as unreadable', async () => {
		await expect(verifyDocument(s.app.ctx, null, new TextEncoder().encode('%PDF-1.7 nothing'), visitor())).rejects.toMatchObject({
			problem: 'unreadable_pdf'
		});
	});
});

describe('checks per address', () => {
	test('twenty documents in ten minutes, then a wait that the refusal states; other addresses go on', async () => {
		let now = Date.parse('2026-12-02T09:00:00Z');
		const ctx = { ...s.app.ctx, clock: () => now };
		const address = { address: '198.51.100.7' };
		// An empty file is refused before any reading: it still counts.
		for (let i = 0; i < 20; i++)
			await expect(verifyDocument(ctx, null, new Uint8Array(0), address)).rejects.toMatchObject({ problem: 'empty' });
		await expect(verifyDocument(ctx, null, genuine, address)).rejects.toMatchObject({
			code: 'rate_limited',
			refusal: { reason: 'too_many_checks', params: { seconds: 60 } }
		});
		expect((await verifyDocument(ctx, null, genuine, { address: '198.51.100.8' })).verdict).toBe('genuine');
		now += 60_000;
		expect((await verifyDocument(ctx, null, genuine, address)).verdict).toBe('genuine');
		// A pasted hash costs one query: it is never limited.
		expect((await verifyHash(ctx, null, { hash })).verdict).toBe('genuine');
	});
});
