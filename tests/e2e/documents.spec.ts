/**
 * The documents hub as the secretariat uses it (issue 8, item 6): after publishing version 1 with its
 * decree from the results hub, "Dokumen" in the navigation lists the version's documents; pressing the annex's
 * PDF shows that it is being prepared, then the browser saves the PDF, whose text (read back with
 * pdf.js) is the decree annex with the published numbers. Own server (it publishes).
 */
import { readFile } from 'node:fs/promises';
import { readPdf } from '../support/pdf-text';
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'documents');

test('the secretariat downloads the decree annex of version 1 from the documents hub and it reads as the annex', async ({ browser }) => {
	const { server } = scene();
	const page = await (await browser.newContext({ ...DEVICES.desktop, acceptDownloads: true })).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await page.getByRole('link', { name: t('res_open_hub') }).click();
	await page.getByRole('textbox', { name: t('res_publish_reason') }).fill('Hasil resmi');
	await page.getByRole('textbox', { name: t('res_decree_number') }).fill('1/KEP/KIP/XII/2023');
	await page.getByLabel(t('res_decree_date')).fill('2023-12-19');
	await page.getByRole('button', { name: t('res_publish_submit', { version: 1 }) }).click();
	await expect(page.getByRole('status')).toHaveText(t('res_published_done', { version: 1 }));
	await page.goto(`${server.baseURL}/admin`);

	const setup = (await page.getByRole('link', { name: t('settings_setup_link') }).getAttribute('href'))!;
	await page.goto(`${server.baseURL}${setup}`);
	await page
		.getByRole('navigation')
		.getByRole('link', { name: t('documents_nav') })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: t('documents_hub_title') })).toBeVisible();
	// Slot times are the event's (WIB), whatever the browser's zone: Panel A starts at 08.00.
	const firstDay = page.locator('details').first();
	await firstDay.locator('summary').click();
	await expect(firstDay.getByRole('listitem').first()).toContainText('08.00');
	const version = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { name: t('documents_hub_version', { version: 1 }) }) });
	await expect(version).toContainText(t('documents_hub_decree', { number: '1/KEP/KIP/XII/2023', date: '19 Desember 2023' }));

	// Hold the document's response until the page has said it is being prepared.
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/results/v/1/annex.pdf', async (route) => {
		await held;
		await route.continue();
	});
	const annexLink = version.getByRole('link', { name: 'PDF' }).first();
	await expect(annexLink).toHaveAttribute('href', /\/results\/v\/1\/annex\.pdf$/);
	// The annex is laid out on a worker (with its signature and QR seal): a budget for a busy 2-core machine.
	const download = page.waitForEvent('download', { timeout: 30_000 });
	await annexLink.click();
	await expect(version.getByRole('status')).toHaveText(t('documents_preparing'));
	await expect(annexLink).toHaveAttribute('aria-busy', 'true');
	release();
	const file = await download;
	expect(file.suggestedFilename()).toBe('lampiran-sk-monev-kip-2023-presentasi-v1.pdf');
	await expect(annexLink).toHaveAttribute('aria-busy', 'false');

	const { lines, pages } = await readPdf(new Uint8Array(await readFile((await file.path())!)));
	expect(lines.slice(0, 4)).toEqual([
		'LAMPIRAN',
		'KEPUTUSAN KOMISI INFORMASI PUSAT REPUBLIK INDONESIA',
		'NOMOR 1/KEP/KIP/XII/2023',
		'TANGGAL 19 Desember 2023'
	]);
	expect(lines).toContain('A. PEMERINTAH PROVINSI');
	// Nobody presented yet: every final score is the SAQ score, Aceh's 96,50 the highest.
	expect(lines).toContain('1 | Pemerintah Provinsi Aceh | 96,50 | — | 96,50 | Informatif');
	expect(lines).toContain('1. | Nilai akhir = 70% SAQ + 30% nilai presentasi.');
	expect(pages[0].at(-2)!.join(' | ')).toMatch(/^Monev KIP 2023 — Presentasi · Versi hasil 1 · Dibuat .* WIB \| Halaman 1 dari \d+$/);
});
