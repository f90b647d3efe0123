/**
 * Imports on the production build (issue 7, item 5): the reading worker's task is a chunk of
 * build/server that `node server.js` loads by URL. Through the bodies page, an XLSX is previewed and
 * a zip bomb is refused with its translated message. Preview stores nothing, so the shared server
 * is left as it was.
 */
import ExcelJS from 'exceljs';
import { cell, sheetPart, workbookArchive } from '../support/xlsx-files';
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { t } from './support/messages';
import { mainServer } from './support/shared';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function bodiesWorkbook(): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Badan publik');
	sheet.addRow(['category', 'name', 'short_name', 'saq_score_demo']);
	sheet.addRow(['Perguruan Tinggi Negeri', 'Universitas Riau', 'UNRI', 81.5]);
	sheet.addRow(['Perguruan Tinggi Negeri', 'Universitas Jambi', 'UNJA', { formula: '80+1', result: 81 }]);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

test('the bodies page previews an XLSX and refuses a zip bomb, on the production server', async ({ browser }) => {
	const server = mainServer();
	const context = await browser.newContext(DEVICES.desktop);
	const page = await context.newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	const settings = await page.getByRole('link', { name: t('settings_setup_link') }).getAttribute('href');
	await page.goto(`${server.baseURL}${settings!.replace(/settings$/, 'bodies')}`);
	const importer = page.locator('section').filter({ has: page.getByRole('heading', { name: t('bodies_import_title') }) });
	const fileInput = importer.getByLabel(t('bodies_import_file'));
	const preview = importer.getByRole('button', { name: t('bodies_import_preview') });

	await fileInput.setInputFiles({ name: 'badan-publik.xlsx', mimeType: XLSX_TYPE, buffer: await bodiesWorkbook() });
	await preview.click();
	await expect(importer.getByText(t('bodies_import_file_info', { file: 'badan-publik.xlsx', rows: 2 }))).toBeVisible();
	await expect(importer.getByRole('cell', { name: 'Universitas Jambi', exact: true })).toBeVisible();
	await expect(importer.getByRole('cell', { name: '81', exact: true })).toBeVisible();

	const header = `<row r="1">${cell('A1', 'category')}${cell('B1', 'name')}</row>`;
	const bomb = workbookArchive({ sheet: sheetPart(Buffer.concat([Buffer.from(header), Buffer.alloc(150 * 1024 * 1024, ' ')])) });
	await fileInput.setInputFiles({ name: 'bom.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(bomb) });
	await preview.click();
	await expect(importer.getByText(t('bodies_file_too_big_uncompressed', { maxMb: 100 }))).toBeVisible();
	await expect(fileInput).toHaveAttribute('aria-invalid', 'true');
	await context.close();
});
