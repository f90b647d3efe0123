/**
 * The audit anchor where people read it: after a publication (from the results hub) the secretariat's
 * dashboard shows the version's anchor next to it, and every page of the printed schedule carries the document's stamp
 * (time and audit head) that `npm run audit:verify -- --anchor` reads. Own server (it publishes).
 */
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { escapeRegExp, t } from './support/messages';

const scene = useIsolatedServer(test, 'audit-anchor');

test('the published version shows its audit anchor, and the printed schedule is stamped with the audit head', async ({ browser }) => {
	const { server } = scene();
	const page = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await expect(page.getByText(t('not_published'))).toBeVisible();
	await expect(page.getByTestId('published-anchor')).toHaveCount(0);

	// Published from the results hub, with its decree; the dashboard then shows the version.
	await page.getByRole('link', { name: t('res_open_hub') }).click();
	await page.getByRole('textbox', { name: t('res_publish_reason') }).fill('Hasil resmi hari pertama');
	await page.getByRole('textbox', { name: t('res_decree_number') }).fill('1/KEP/KIP/XI/2023');
	await page.getByLabel(t('res_decree_date')).fill('2023-11-30');
	await page.getByRole('button', { name: t('res_publish_submit', { version: 1 }) }).click();
	await expect(page.getByRole('status')).toHaveText(t('res_published_done', { version: 1 }));
	await page.goto(`${server.baseURL}/admin`);
	const versionLine = t('res_version_line', {
		version: 1,
		decree: t('res_decree', { number: '1/KEP/KIP/XI/2023', date: '30 November 2023' })
	});
	const anchor = page.getByTestId('published-anchor');
	await expect(anchor).toHaveText(/^\d+:[0-9a-f]{12}$/);
	const shown = (await anchor.textContent())!;
	const full = (await anchor.getAttribute('title'))!.match(/--anchor (\d+:[0-9a-f]{64})$/)![1];
	expect(full.startsWith(shown)).toBe(true);
	// On the published-version line, labelled.
	await expect(anchor.locator('..')).toContainText(versionLine);
	await expect(anchor.locator('..')).toContainText(`${t('audit_anchor')} ${shown}`);

	// The printed schedule: under every room's sheet, the time and the audit head, at or after the publication.
	const setup = (await page.getByRole('link', { name: t('settings_setup_link') }).getAttribute('href'))!;
	await page.goto(`${server.baseURL}${setup.replace(/\/settings$/, '/schedule/print')}`);
	const stamps = page.getByTestId('document-stamp');
	expect(await stamps.count()).toBeGreaterThan(1);
	// On the event's clocks, the zone named: "2 Desember 2026 09.30 WIB".
	const time = `\\d{1,2} \\S+ \\d{4} \\d\\d\\.\\d\\d WIB`;
	const [before, between, after] = t('audit_stamp')
		.split(/\{generatedAt\}|\{anchor\}/)
		.map(escapeRegExp);
	const pattern = new RegExp(`^${before}${time}${between}(\\d+):[0-9a-f]{64}${after}$`);
	for (const stamp of await stamps.all()) await expect(stamp).toHaveText(pattern);
	const printedSeq = Number((await stamps.first().textContent())!.match(pattern)![1]);
	expect(printedSeq).toBeGreaterThanOrEqual(Number(full.split(':')[0]));
});
