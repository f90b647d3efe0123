/**
 * The secretariat's audit log page: after a juror's sheet locked the settings and the secretariat
 * unlocked them with a reason, /admin/e/<id>/audit is filtered by action (the unlock, with its
 * reason and its change before and after), by person (the juror's sheet), by body (its slot's
 * commands) and by days; a bad filter is named next to its field. The log of no evaluation
 * (sign-ins, accounts) is linked from the secretariat's accounts. Own server.
 */
import { LiveClient, joinSession } from './support/api';
import { expect, loginAdmin, test } from './support/fixtures';
import { t } from './support/messages';
import { useIsolatedServer } from './support/isolated';

const scene = useIsolatedServer(test, 'audit-log');
const REASON = 'Bobot tahap salah ketik, diperbaiki sesuai SK';
const flat = { K1: 80, K2: 80, K3: 80, K4: 80, K5: 80, K6: 80 };

test('the audit log filters by person, action, body and day, and shows before, after and the unlock’s reason', async ({ page }) => {
	test.setTimeout(90_000);
	const { server, cast } = scene();
	const { baseURL } = server;
	const chair = await LiveClient.connect(baseURL, await joinSession(baseURL, cast.chair('Panel A').code));
	const jurorPerson = cast.jurors('Panel A')[0];
	const juror = await LiveClient.connect(baseURL, await joinSession(baseURL, jurorPerson.code));
	const [slot] = (await chair.panel()).queue;
	await chair.run(slot.id, 'start_presentation', 'open_scoring');
	await juror.submit(slot.id, flat);
	for (const client of [chair, juror]) client.close();

	await loginAdmin(page, baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await page.content())![1];
	await page.goto(`${baseURL}/admin/e/${evaluationId}/settings`);
	await page.getByLabel(t('settings_unlock_reason')).fill(REASON);
	await page.getByRole('button', { name: t('settings_unlock_submit') }).click();
	await expect(page.getByRole('status').filter({ hasText: t('settings_unlocked') })).toBeVisible();

	// Reached from the setup navigation.
	await page
		.getByRole('navigation', { name: t('nav_setup') })
		.getByRole('link', { name: t('audit_log_nav') })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: t('audit_log_title') })).toBeVisible();
	await expect(page.getByText(t('audit_log_intro', { zone: 'WIB' }))).toBeVisible();
	const entries = page.getByTestId('audit-entries').getByRole('listitem');
	const form = page.getByTestId('audit-filters');
	const filter = () => form.getByRole('button', { name: t('audit_log_filter') }).click();

	// By action: the unlock, its reason, and the lock's time before and nothing after.
	await form.getByLabel(t('audit_log_action')).selectOption({ label: t('audit_act_evaluation_settings_unlock') });
	await filter();
	await expect(page).toHaveURL(/action=evaluation.settings_unlock/);
	await expect(entries).toHaveCount(1);
	await expect(entries.first()).toContainText(t('audit_log_reason', { reason: REASON }));
	const locked = entries.first().getByRole('row', { name: /settingsLockedAt/ });
	await expect(locked.locator('td.before')).toHaveText(/^\d{13}$/);
	await expect(locked.locator('td.after')).toHaveText(t('audit_log_none'));

	// By person: the juror's sheet, its scores added field by field.
	await form.getByLabel(t('audit_log_action')).selectOption({ label: t('audit_log_any') });
	await form.getByLabel(t('audit_log_person')).selectOption({ label: jurorPerson.name });
	await filter();
	const sheet = entries.filter({ hasText: t('audit_act_score_submit') });
	await expect(sheet).toHaveCount(1);
	await expect(sheet.getByRole('row', { name: /scores\.K1/ }).locator('td.after')).toHaveText('80');
	await expect(entries.filter({ hasText: t('audit_act_evaluation_settings_unlock') })).toHaveCount(0);

	// By body: its slot's commands and its sheet.
	await form.getByLabel(t('audit_log_person')).selectOption({ label: t('audit_log_any') });
	await form.getByLabel(t('audit_log_body')).selectOption({ label: slot.bodyName });
	await filter();
	await expect(entries.filter({ hasText: t('audit_act_slot_start_presentation') })).toHaveCount(1);
	await expect(entries.filter({ hasText: t('audit_act_score_submit') })).toHaveCount(1);
	await expect(entries.filter({ hasText: t('audit_act_evaluation_settings_unlock') })).toHaveCount(0);

	// By day: a span long past holds nothing; an end before the start is named and lists nothing.
	await form.getByLabel(t('audit_log_body')).selectOption({ label: t('audit_log_any') });
	await form.getByLabel(t('audit_log_from')).fill('2020-01-01');
	await form.getByLabel(t('audit_log_to')).fill('2020-01-31');
	await filter();
	await expect(page.getByText(t('audit_log_empty'))).toBeVisible();
	await form.getByLabel(t('audit_log_to')).fill('2099-12-31');
	await filter();
	await expect(entries.filter({ hasText: t('audit_act_evaluation_settings_unlock') })).toHaveCount(1);
	await form.getByLabel(t('audit_log_from')).fill('2099-12-31');
	await form.getByLabel(t('audit_log_to')).fill('2099-01-01');
	await filter();
	await expect(form.getByText(t('audit_log_range'))).toBeVisible();
	await expect(page.getByText(t('audit_log_empty'))).toBeVisible();

	// A filter value typed into the URL by hand is refused in words; the page stays usable.
	await page.goto(`${baseURL}/admin/e/${evaluationId}/audit?action=DROP%20TABLE`);
	await expect(form.getByText(t('audit_log_invalid'))).toBeVisible();
	await expect(form.getByLabel(t('audit_log_action'))).toBeVisible();

	// The rows of no evaluation (accounts, sign-ins), linked from the secretariat's accounts.
	await page.goto(`${baseURL}/admin/accounts`);
	await page.getByRole('link', { name: t('audit_log_accounts_link') }).click();
	await expect(page.getByText(t('audit_log_accounts_intro', { zone: 'WIB' }))).toBeVisible();
	await form.getByLabel(t('audit_log_action')).selectOption({ label: t('audit_act_auth_sign_in') });
	await filter();
	await expect(entries.first()).toContainText(t('audit_act_auth_sign_in'));
	await expect(entries.filter({ hasText: t('audit_act_evaluation_settings_unlock') })).toHaveCount(0);
});
