/**
 * The public verification page (issue 11, item 3), as a reader outside the secretariat uses it:
 * without signing in, they upload the decree annex (XLSX) the secretariat downloaded after
 * publishing version 1 and read that it is genuine, version 1, signed; then the same file with a
 * score edited, and read that it does not match and which row differs; then the annex as PDF, and
 * read that it is genuine too. Own server (it publishes).
 */
import ExcelJS from 'exceljs';
import { adminSession, publishVersion } from './support/api';
import { DEVICES, expect, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'verify');

test('a reader without an account checks a decree annex: the genuine one passes, an edited one fails and names the row', async ({
	browser
}) => {
	const { server } = scene();
	// The secretariat publishes version 1 with its decree and downloads the annex (set up over HTTP).
	const cookie = await adminSession(server.baseURL, server.adminPassword);
	const adminPage = await (await fetch(`${server.baseURL}/admin`, { headers: { cookie } })).text();
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(adminPage)![1];
	await publishVersion(server.baseURL, cookie, evaluationId, 'Hasil resmi', { number: '1/KEP/KIP/XII/2023', date: '2023-12-19' });
	const annex = await fetch(`${server.baseURL}/admin/e/${evaluationId}/results/v/1/annex.xlsx`, { headers: { cookie } });
	expect(annex.status).toBe(200);
	const genuine = Buffer.from(await annex.arrayBuffer());

	// The reader: another browser, never signed in.
	const reader = await (await browser.newContext({ ...DEVICES.desktop })).newPage();
	await reader.goto(`${server.baseURL}/verify`);
	await expect(reader.getByRole('heading', { level: 1, name: t('verify_title') })).toBeVisible();
	const upload = async (buffer: Buffer, name = 'lampiran.xlsx') => {
		await reader.getByLabel(t('verify_file_label')).setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
		await reader.getByRole('button', { name: t('verify_file_submit') }).click();
	};

	await upload(genuine);
	await expect(reader.getByRole('status')).toHaveText(t('verify_verdict_genuine'));
	await expect(reader.getByRole('heading', { level: 2 })).toHaveText(
		t('verify_version_heading', { evaluation: 'Monev KIP 2023 — Presentasi', version: 1 })
	);
	await expect(reader.getByText(/^Tanda tangan sah \(kunci [0-9a-f]{4}( [0-9a-f]{4}){3}\)\./)).toBeVisible();

	// The same file with Aceh's final score raised, as someone would in a spreadsheet program.
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(genuine as unknown as ExcelJS.Buffer);
	workbook.worksheets[0].eachRow((row) => {
		if (row.getCell(3).value === 'Pemerintah Provinsi Aceh') row.getCell(6).value = 99.5;
	});
	await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
	await expect(reader.getByRole('status')).toHaveText(t('verify_verdict_altered'));
	await expect(reader.getByRole('listitem').filter({ hasText: 'Pemerintah Provinsi Aceh' })).toHaveText(
		t('verify_row_changed', { body: 'Pemerintah Provinsi Aceh', field: t('verify_field_final'), document: '99,50', published: '96,50' })
	);

	// The annex as the decree's PDF: read back line by line, every row matches.
	const pdf = await fetch(`${server.baseURL}/admin/e/${evaluationId}/results/v/1/annex.pdf`, { headers: { cookie } });
	expect(pdf.status).toBe(200);
	await upload(Buffer.from(await pdf.arrayBuffer()), 'lampiran.pdf');
	await expect(reader.getByRole('status')).toHaveText(t('verify_verdict_genuine'), { timeout: 30_000 });
	const rowsChecked = new RegExp(`^${t('verify_rows_checked', { count: '#' }).replace('#', '[1-9]\\d*').replace('.', '\\.')}$`);
	await expect(reader.getByText(rowsChecked)).toBeVisible();
	await expect(reader.getByText(t('verify_rows_differ'))).toHaveCount(0);
});
