/**
 * A rule change after the unlock, once a slot is certified (issue 9, item 10g): saving the
 * settings with another aggregation shows how the certified results would move and saves nothing;
 * "Confirm and save" makes the change. Own server.
 */
import { LiveClient, joinSession } from './support/api';
import { expect, loginAdmin, test } from './support/fixtures';
import { t } from './support/messages';
import { useIsolatedServer } from './support/isolated';

const scene = useIsolatedServer(test, 'rule-preview');
const flat = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });

test('changing the aggregation after certification previews the moves and needs a confirmation', async ({ page }) => {
	test.setTimeout(90_000);
	const { server, cast } = scene();
	const { baseURL } = server;
	const chair = await LiveClient.connect(baseURL, await joinSession(baseURL, cast.chair('Panel A').code));
	const jurors = await Promise.all(
		cast.jurors('Panel A').map(async (j) => LiveClient.connect(baseURL, await joinSession(baseURL, j.code)))
	);
	const [slot] = (await chair.panel()).queue;
	await chair.run(slot.id, 'start_presentation', 'open_scoring');
	// One generous juror: the mean counts them, the median does not.
	for (const [i, juror] of jurors.entries()) await juror.submit(slot.id, flat([70, 72, 98][i]));
	await chair.run(slot.id, 'close_scoring', 'certify');
	for (const client of [chair, ...jurors]) client.close();

	await loginAdmin(page, baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await page.content())![1];
	await page.goto(`${baseURL}/admin/e/${evaluationId}/settings`);
	// The page's scripts loaded: text typed before it hydrates is reset by it (README, known limitation).
	await page.waitForLoadState('networkidle');
	await page.getByLabel(t('settings_unlock_reason')).fill('Agregasi median sesuai keputusan panitia');
	await page.getByRole('button', { name: t('settings_unlock_submit') }).click();
	await expect(page.getByRole('status').filter({ hasText: t('settings_unlocked') })).toBeVisible();

	const method = page.getByLabel(t('settings_method'));
	await method.selectOption({ label: t('settings_method_median') });
	await page.getByRole('button', { name: t('settings_save') }).click();
	const preview = page.getByTestId('rule-preview');
	await expect(preview.getByRole('heading', { name: t('settings_rule_preview_title') })).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: t('refusal_rules_change_unconfirmed', { moved: 1, bodies: 1 }) })).toBeVisible();
	const row = preview.getByRole('row', { name: new RegExp(slot.bodyName) });
	await expect(row.locator('td.now')).toContainText(t('settings_rule_preview_standing', { score: '', band: '', rank: 1 }).split(' · ')[2]);
	const [now, then] = [await row.locator('td.now').textContent(), await row.locator('td.then').textContent()];
	expect(now).not.toBe(then);
	// Nothing saved yet: a reload shows the mean, as stored.
	await page.goto(`${baseURL}/admin/e/${evaluationId}/settings`);
	await expect(method).toHaveValue('mean');

	await method.selectOption({ label: t('settings_method_median') });
	await page.getByRole('button', { name: t('settings_save') }).click();
	await preview.getByRole('button', { name: t('settings_rule_preview_confirm') }).click();
	await expect(page.getByRole('status').filter({ hasText: t('settings_saved') })).toBeVisible();
	await page.goto(`${baseURL}/admin/e/${evaluationId}/settings`);
	await expect(method).toHaveValue('median');
});
