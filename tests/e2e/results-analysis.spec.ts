/**
 * The results analysis page: after a few slots of each panel are scored (one juror of Panel A
 * harsher than the others every time) and certified, the secretariat opens
 * /admin/e/<id>/results/analysis; every chart has its summary and its table alternative, and the
 * harsh juror is named. Screenshots at 1280×800 and 1024×768 go to test-results/. Then the import
 * preview asks for the mapping of a category the evaluation does not have. Own server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LiveClient, joinSession } from './support/api';
import { expect, loginAdmin, test, type Sheet } from './support/fixtures';
import { t } from './support/messages';
import { useIsolatedServer } from './support/isolated';

const scene = useIsolatedServer(test, 'analysis');

/** A sheet with every criterion at `score`: its total is `score`. */
const flat = (score: number): Sheet => ({ K1: score, K2: score, K3: score, K4: score, K5: score, K6: score });

/** Scores and certifies the first `count` slots of a panel; the last juror scores `harshBy` below the first. */
async function scorePanel(baseURL: string, chairCode: string, jurorCodes: string[], count: number, harshBy: number) {
	const chair = await LiveClient.connect(baseURL, await joinSession(baseURL, chairCode));
	const jurors = await Promise.all(jurorCodes.map(async (code) => LiveClient.connect(baseURL, await joinSession(baseURL, code))));
	const queue = (await chair.panel()).queue.slice(0, count);
	for (const [i, slot] of queue.entries()) {
		await chair.run(slot.id, 'start_presentation', 'open_scoring');
		const base = 70 + ((i * 7) % 25);
		const totals = [base, base + 2, base - harshBy];
		for (const [j, juror] of jurors.entries()) await juror.submit(slot.id, flat(totals[j]));
		await chair.run(slot.id, 'close_scoring', 'certify');
	}
	for (const client of [chair, ...jurors]) client.close();
}

test('each chart of the analysis has its summary and its table alternative', async ({ browser }) => {
	test.setTimeout(120_000);
	const { server, cast } = scene();
	const { baseURL } = server;
	const codes = (panel: 'Panel A' | 'Panel B') => cast.jurors(panel).map((j) => j.code);
	await scorePanel(baseURL, cast.chair('Panel A').code, codes('Panel A'), 5, 8);
	await scorePanel(baseURL, cast.chair('Panel B').code, codes('Panel B'), 3, 0);
	const harsh = cast.jurors('Panel A')[2].name;

	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await loginAdmin(page, baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await page.content())![1];
	await page.goto(`${baseURL}/admin/e/${evaluationId}/results/analysis`);
	await expect(page.getByRole('heading', { level: 1, name: t('analysis_title') })).toBeVisible();

	const figures = page.getByRole('figure');
	// Distribution, stages, one heatmap per panel, weights, tie-break.
	await expect(figures).toHaveCount(6);
	for (const figure of await figures.all()) {
		const name = await figure.getByRole('heading', { level: 2 }).textContent();
		const details = figure.locator('details');
		await expect(details.getByText(t('analysis_show_table')), `${name}: table alternative`).toBeVisible();
		await details.getByText(t('analysis_show_table')).click();
		await expect(details.getByRole('table').first(), `${name}: its table`).toBeVisible();
		expect((await figure.locator('.summary').textContent())?.trim().length, `${name}: summary`).toBeGreaterThan(10);
	}
	// The charts are images named by their title and described by their summary.
	for (const id of ['stages', 'weights']) {
		const chart = page.locator(`figure[data-chart="${id}"] svg[role="img"]`);
		await expect(chart).toHaveAttribute('aria-labelledby', `${id}-title`);
		await expect(chart).toHaveAttribute('aria-describedby', `${id}-summary`);
	}
	await expect(page.locator('figure[data-chart="distribution"] svg[role="img"]')).toHaveCount(1);
	const panelA = page.getByRole('figure', { name: t('analysis_jurors_title', { panel: 'Panel A' }) });
	await expect(panelA.getByText(new RegExp(`^${harsh} `))).toBeVisible();
	await expect(
		panelA
			.getByRole('row', { name: new RegExp(harsh) })
			.getByRole('cell')
			.last()
	).toHaveText(t('analysis_tendency_harsh'));

	// A stage weight to try, typed with a decimal comma; a thousands separator is refused in words.
	const tryWeight = page.getByLabel(t('analysis_try_label', { prior: 'SAQ' }));
	await tryWeight.fill('1.000,5');
	await page.getByRole('button', { name: t('analysis_try_submit') }).click();
	await expect(page.getByText(t('number_thousands_separator'))).toBeVisible();
	await page.getByLabel(t('analysis_try_label', { prior: 'SAQ' })).fill('80,5');
	await page.getByRole('button', { name: t('analysis_try_submit') }).click();
	await expect(page.getByRole('status').filter({ hasText: /SAQ 80,5%/ })).toBeVisible();

	await page.goto(`${baseURL}/admin/e/${evaluationId}/results/analysis`);
	await page.screenshot({ path: test.info().outputPath('analysis-1280x800.png'), fullPage: true });
	await page.setViewportSize({ width: 1024, height: 768 });
	await page.screenshot({ path: test.info().outputPath('analysis-1024x768.png'), fullPage: true });
	// Nothing is wider than the page at either size (a heatmap scrolls inside its own box).
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
	await context.close();
});

test('the import preview asks for the mapping of a category the evaluation does not have', async ({ page }) => {
	const { server } = scene();
	const { baseURL } = server;
	const tmp = mkdtempSync(path.join(tmpdir(), 'juri-import-'));
	try {
		const file = path.join(tmp, 'badan-publik.csv');
		writeFileSync(
			file,
			[
				'category;name;short_name;saq_score_demo',
				'Pemerintah Provinsi;Pemerintah Provinsi Contoh;Contoh;81,10',
				'Komisi Negara;Komisi Contoh;KC;64.10'
			].join('\n')
		);
		await loginAdmin(page, baseURL, server.adminPassword);
		const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await page.content())![1];
		await page.goto(`${baseURL}/admin/e/${evaluationId}/bodies`);
		const importer = page.locator('section').filter({ has: page.getByRole('heading', { name: t('bodies_import_title') }) });
		await importer.getByLabel(t('bodies_import_file')).setInputFiles(file);
		await importer.getByRole('button', { name: t('bodies_import_preview') }).click();
		await importer.getByRole('button', { name: t('bodies_import_check') }).click();

		const mapping = importer.getByRole('form', { name: t('bodies_import_categories_title') });
		const choice = mapping.getByLabel(t('bodies_import_category_from_file', { name: 'Komisi Negara', rows: 1 }));
		await expect(choice).toBeVisible();
		await expect(importer.getByRole('button', { name: t('bodies_import_confirm', { rows: 2 }) })).toHaveCount(0);
		const apply = mapping.getByRole('button', { name: t('bodies_import_categories_apply') });
		await expect(apply).toBeDisabled();
		await choice.selectOption({ label: 'Pemerintah Provinsi' });
		await apply.click();
		await expect(importer.getByText(t('bodies_import_plan', { rows: 2, created: 2, updated: 0, unchanged: 0, invited: 2 }))).toBeVisible();
		// The shared server may already have scores or a published version (other specs run on it): the
		// import is then an amendment and asks for its reason.
		const reason = importer.getByRole('textbox', { name: new RegExp(t('res_import_reason')) });
		if (await reason.isVisible()) await reason.fill('Dua badan publik baru dari verifikasi SAQ');
		await importer.getByRole('button', { name: t('bodies_import_confirm', { rows: 2 }) }).click();
		await expect(importer.getByText(t('bodies_import_done', { created: 2, updated: 0, unchanged: 0, categories: 0 }))).toBeVisible();
		await expect(page.getByRole('row', { name: /^Komisi Contoh KC 64,10/ })).toBeVisible();
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
});
