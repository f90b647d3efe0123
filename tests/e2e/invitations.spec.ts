/**
 * Invitation letters from the people page (issue 9, item 7): the secretariat downloads every
 * invited body's letter in one zip, reads one back (the body, its day and time in WIB, the room
 * and the join link), and that link, opened on a phone, lands on the presenter's page. Own server
 * (making the letters re-issues the presenters' join codes).
 */
import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { readPdf } from '../support/pdf-text';
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'invitations');

test('the people page gives every invited body its letter in one zip, and a letter’s link opens the presenter’s page', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { server, cast } = scene();
	const page = await (await browser.newContext({ ...DEVICES.desktop, acceptDownloads: true })).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	const setup = (await page.getByRole('link', { name: t('settings_setup_link') }).getAttribute('href'))!;
	await page.goto(`${server.baseURL}${setup.replace(/settings$/, 'people')}`);
	const letters = page.locator('section').filter({ has: page.getByRole('heading', { name: t('people_invitations_title') }) });
	await expect(letters.getByTestId('invitations-count')).toBeVisible();
	await page.screenshot({ path: test.info().outputPath('people-invitations.png') });

	const download = page.waitForEvent('download', { timeout: 60_000 });
	// A form POST answered by a download: nothing navigates, so the click does not wait for a page.
	await letters.getByRole('button', { name: t('people_invitations_all') }).click({ noWaitAfter: true });
	const file = await download;
	expect(file.suggestedFilename()).toBe('undangan-monev-kip-2023-presentasi.zip');
	const zip = await JSZip.loadAsync(await readFile((await file.path())!));
	const first = cast.presenter('Panel A', 1);
	const letter = Object.keys(zip.files).find((name) => name.includes('aceh'))!;
	const { lines } = await readPdf(await zip.files[letter].async('uint8array'));
	expect(lines[0]).toBe('SURAT UNDANGAN');
	expect(lines).toContain(`Pimpinan ${first.name}`);
	expect(lines).toContain('Waktu | 08.00 – 08.25 WIB');
	const link = lines.find((line) => line.startsWith(`${server.baseURL}/join/`))!;

	const phone = await (await browser.newContext(DEVICES.phone)).newPage();
	await phone.goto(link);
	await phone.getByRole('button', { name: t('join_submit') }).click();
	await expect(phone).toHaveURL(/\/presenter$/);
	await expect(phone.getByText(first.name).first()).toBeVisible();
});
