/**
 * The results hub as the secretariat uses it (issue 8): publish version 1 with its decree, correct
 * one body's prior-stage score with a reason and a decree reference, see what publishing the draft
 * would change while /live keeps showing version 1, publish version 2, then open version 1 again
 * from the history, as it was, and download both decree annexes, each with its own numbers. Bad
 * input (a missing decree number or reason, a score out of range, a presentation score for a body
 * that did not present) is refused next to its field and changes nothing. Each results page is photographed at the tablet and desktop sizes
 * (test-results/results-hub/), and must not scroll sideways. Own server (it publishes).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { readPdf } from '../support/pdf-text';
import { LiveClient, joinSession, slotOf } from './support/api';
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'results-hub');
const flat = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });
/** The evaluation's id in an admin URL (/admin/e/<id>/…). */
const evaluationIdOf = (url: string) => new URL(url).pathname.split('/')[3];
const SIZES = { tablet: DEVICES.tablet.viewport, desktop: DEVICES.desktop.viewport };

/** Photographs the page at both sizes and checks that it does not scroll sideways at either. */
async function photograph(page: Page, name: string) {
	for (const [size, viewport] of Object.entries(SIZES)) {
		await page.setViewportSize(viewport);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: test.info().outputPath(`${name}-${size}.png`), fullPage: true });
	}
	await page.setViewportSize(SIZES.tablet);
}

test('publish v1 with a decree, correct a score, see the draft diff while /live keeps v1, publish v2, reopen v1 from the history, download both annexes', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { server, cast } = scene();
	// Panel B's first body presents and is certified, so the results hold a presentation score.
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel B').code));
	const jurors = await Promise.all(
		cast.jurors('Panel B').map(async (j) => LiveClient.connect(server.baseURL, await joinSession(server.baseURL, j.code)))
	);
	const presenter = cast.presenter('Panel B', 1).name;
	const slot = slotOf(await chair.panel(), presenter).id;
	await chair.run(slot, 'start_presentation', 'open_scoring');
	for (const [i, juror] of jurors.entries()) await juror.submit(slot, flat([88, 81, 93][i]));
	await chair.run(slot, 'close_scoring', 'certify');
	for (const client of [chair, ...jurors]) client.close();

	const page = await (await browser.newContext({ ...DEVICES.tablet, acceptDownloads: true })).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await page.getByRole('link', { name: t('res_open_hub') }).click();
	await expect(page.getByRole('heading', { level: 1, name: t('res_title') })).toBeVisible();
	await expect(page.getByRole('heading', { name: t('res_draft_label') })).toBeVisible();
	await expect(page.getByTestId('method')).toContainText('70% SAQ');
	// 25 of the demo's 26 slots are still to be scored: the secretariat is warned, and may still publish (below).
	await expect(page.getByTestId('slots-to-score')).toHaveText(t('res_publish_slots_to_score', { count: 25 }));
	await photograph(page, 'hub-draft');

	// Version 1: the decree number is required, and says so next to the field.
	const reason = page.getByRole('textbox', { name: t('res_publish_reason') });
	const decreeNumber = page.getByRole('textbox', { name: t('res_decree_number') });
	const decreeDate = page.getByLabel(t('res_decree_date'));
	await reason.fill('Hasil resmi tahap presentasi');
	await decreeDate.fill('2023-12-19');
	await page.getByRole('button', { name: t('res_publish_submit', { version: 1 }) }).click();
	await expect(decreeNumber.locator('..').locator('.field-error')).toHaveText(t('res_err_required'));
	await expect(reason).toHaveValue('Hasil resmi tahap presentasi');
	await decreeNumber.fill('1/KEP/KIP/XII/2023');
	await page.getByRole('button', { name: t('res_publish_submit', { version: 1 }) }).click();
	await expect(page.getByRole('status')).toHaveText(t('res_published_done', { version: 1 }));
	await expect(page.getByTestId('up-to-date')).toHaveText(t('res_up_to_date', { version: 1 }));
	await expect(page.getByTestId('last-published')).toContainText('1/KEP/KIP/XII/2023');

	// A correction of Banten's SAQ score: refused without a reason, then recorded.
	await page.getByRole('link', { name: t('res_link_corrections') }).click();
	await page
		.locator('select[name="bodyId"]')
		.selectOption({ label: 'Pemerintah Provinsi Banten · Pemerintah Provinsi · ' + t('res_did_not_present') });
	await expect(page.getByTestId('now')).toContainText('83,70');
	await page.getByRole('textbox', { name: t('res_new_value') }).fill('95,80');
	await page.getByRole('textbox', { name: t('res_decree_reference') }).fill('BA verifikasi SAQ 5 Desember 2023');
	await page.getByRole('button', { name: t('res_correct_submit') }).click();
	const reasonField = page.getByRole('textbox', { name: t('res_correction_reason') });
	await expect(reasonField.locator('..').locator('.field-error')).toHaveText(t('res_err_required'));
	await expect(page.getByText(t('res_corrections_none'))).toBeVisible();
	await reasonField.fill('Kesalahan perhitungan nilai SAQ');
	await page.getByRole('button', { name: t('res_correct_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(t('res_corrected_done'));
	await expect(page.getByTestId('corrections').locator('tbody tr')).toHaveCount(1);
	await expect(page.getByTestId('corrections')).toContainText('83,70 → 95,80');
	await photograph(page, 'corrections');
	// Bad input is refused next to its field and records nothing: a score out of range…
	const newValue = page.getByRole('textbox', { name: t('res_new_value') });
	await newValue.fill('120');
	await reasonField.fill('Salah ketik');
	await page.getByRole('textbox', { name: t('res_decree_reference') }).fill('BA verifikasi SAQ 5 Desember 2023');
	await page.getByRole('button', { name: t('res_correct_submit') }).click();
	await expect(newValue.locator('..').locator('.field-error')).toHaveText(t('res_err_score_range'));
	// …and a presentation score for a body that did not present.
	await page.getByRole('radio', { name: t('res_kind_presentation_score') }).check();
	await newValue.fill('90');
	await page.getByRole('button', { name: t('res_correct_submit') }).click();
	await expect(page.locator('select[name="bodyId"]').locator('..').locator('.field-error')).toHaveText(t('res_err_not_presented'));
	await expect(page.getByTestId('corrections').locator('tbody tr')).toHaveCount(1);

	// The audience still sees version 1 as it was published: the correction is a draft until the next decree.
	const audience = await (await browser.newContext(DEVICES.bigScreen)).newPage();
	await audience.goto(`${server.baseURL}/live`);
	await expect(audience.getByTestId('public-results')).toHaveAttribute('data-kind', 'published');
	await expect(audience.getByTestId('public-results').getByRole('heading', { level: 2 }).first()).toHaveText(
		t('results_public_published', { version: 1 })
	);
	await expect(audience.getByTestId('leaderboard-row').filter({ hasText: 'Pemerintah Provinsi Banten' })).toContainText('83,70');
	// A juror's sheet is corrected on the sheet that counts now, with the consent of the juror and the chair.
	await page.getByRole('radio', { name: t('res_kind_juror_sheet') }).check();
	await page.locator('select[name="bodyId"]').selectOption({ label: `${presenter} · Pemerintah Provinsi` });
	await page.locator('select[name="jurorId"]').selectOption({ label: cast.jurors('Panel B')[0].name });
	await expect(page.getByRole('textbox', { name: /^K1 / })).toHaveValue('88');
	await expect(page.getByText(t('res_consent_help', { zone: 'WIB' }))).toBeVisible();
	await photograph(page, 'corrections-sheet');

	// The draft and what publishing it would change, in the hub: Banten moves up and into Informatif.
	await page.getByRole('link', { name: t('res_link_hub') }).click();
	await expect(page.getByText(t('res_draft_pending', { version: 2 }))).toBeVisible();
	const banten = page.getByTestId('moves').locator('tr', { hasText: 'Pemerintah Provinsi Banten' });
	await expect(banten).toContainText('83,70');
	await expect(banten).toContainText('95,80');
	await expect(banten).toContainText('+12,10');
	await expect(page.getByTestId('bands')).toContainText(t('res_band_entered', { names: 'Pemerintah Provinsi Banten' }));
	// Ties read as ties: Banten now shares Jawa Tengah's rank, second after Aceh (96,50).
	const draftRows = page.getByTestId('category-table').locator('tr', { hasText: 'Pemerintah Provinsi Banten' });
	await expect(draftRows.first()).toContainText(t('results_rank_shared_mark', { rank: 2 }));
	await expect(page.getByTestId('tie-legend').first()).toHaveText(t('results_tie_legend'));
	await photograph(page, 'hub-pending');

	await reason.fill('Keputusan kedua: koreksi SAQ');
	await decreeNumber.fill('2/KEP/KIP/XII/2023');
	await decreeDate.fill('2023-12-22');
	await page.getByRole('button', { name: t('res_publish_submit', { version: 2 }) }).click();
	await expect(page.getByRole('status')).toHaveText(t('res_published_done', { version: 2 }));

	// The history lists both; version 1 opens as it was published.
	await page.getByRole('link', { name: t('res_link_history') }).click();
	const history = page.getByTestId('history');
	await expect(history.locator('tbody tr')).toHaveCount(2);
	await expect(history.locator('tr[data-version="2"]')).toContainText('2/KEP/KIP/XII/2023');
	await photograph(page, 'history');
	await history
		.locator('tr[data-version="1"]')
		.getByRole('link', { name: t('res_open_version', { version: 1 }) })
		.click();
	await expect(page.getByRole('heading', { level: 2, name: new RegExp('1/KEP/KIP/XII/2023') })).toBeVisible();
	const v1Banten = page.getByTestId('category-table').locator('tr', { hasText: 'Pemerintah Provinsi Banten' });
	await expect(v1Banten).toContainText('83,70');
	await expect(v1Banten).toContainText('Menuju Informatif');
	await photograph(page, 'version-1');

	// The national view and the comparison of the two versions.
	await page
		.getByRole('navigation', { name: t('res_views_nav') })
		.getByRole('link', { name: t('res_view_national') })
		.click();
	await expect(page.getByTestId('national-table')).toBeVisible();
	await photograph(page, 'version-1-national');
	await page.getByRole('link', { name: t('res_link_history') }).click();
	await page
		.locator('tr[data-version="2"]')
		.getByRole('link', { name: t('res_compare_previous') })
		.click();
	await expect(page.getByTestId('moves').locator('tr', { hasText: 'Pemerintah Provinsi Banten' })).toContainText('+12,10');
	await photograph(page, 'compare');

	// Version 2 reaches the audience; both decree annexes download from the documents hub, each with its own numbers.
	await expect(audience.getByTestId('public-results').getByRole('heading', { level: 2 }).first()).toHaveText(
		t('results_public_published', { version: 2 }),
		{ timeout: 15_000 }
	);
	await expect(audience.getByTestId('leaderboard-row').filter({ hasText: 'Pemerintah Provinsi Banten' })).toContainText('95,80');
	await page.goto(`${server.baseURL}/admin/e/${evaluationIdOf(page.url())}/documents`);
	const annexLines = async (version: number) => {
		const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: t('documents_hub_version', { version }) }) });
		const download = page.waitForEvent('download', { timeout: 30_000 });
		await item.getByRole('link', { name: 'PDF' }).first().click();
		const file = await download;
		expect(file.suggestedFilename()).toBe(`lampiran-sk-monev-kip-2023-presentasi-v${version}.pdf`);
		return (await readPdf(new Uint8Array(await readFile((await file.path())!)))).lines;
	};
	const [v1, v2] = [await annexLines(1), await annexLines(2)];
	expect(v1).toContain('NOMOR 1/KEP/KIP/XII/2023');
	expect(v1.find((line) => line.includes('Pemerintah Provinsi Banten'))).toContain('83,70');
	expect(v2).toContain('NOMOR 2/KEP/KIP/XII/2023');
	expect(v2.find((line) => line.includes('Pemerintah Provinsi Banten'))).toContain('95,80');
});
