/**
 * Live screens follow role changes: when the secretariat takes the chair of a panel away while the
 * chair's console is open, that console says so (and stops showing the room) instead of going
 * quietly stale, and the secretariat's own console of the panel keeps updating. A server of its own.
 */
import { DEVICES, expect, loginAdmin, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'role-change');

test('a chair removed while the console is open is told; the secretariat’s console keeps updating', async ({ browser }) => {
	const { server, cast } = scene();
	const { page: chair } = await personPage(browser, cast.chair('Panel A'), DEVICES.desktop);
	const admin = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(admin, server.baseURL, server.adminPassword);
	const consoleLink = admin.getByRole('link', { name: t('open_console') }).first();
	const href = await consoleLink.getAttribute('href');
	const secretariatConsole = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(secretariatConsole, server.baseURL, server.adminPassword);
	await secretariatConsole.goto(`${server.baseURL}${href}`);
	await expect(secretariatConsole.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await expect(chair.getByTestId('view-revoked')).toHaveCount(0);

	// The secretariat clears Panel A's chair on the panels page.
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(await admin.content())![1];
	await admin.goto(`${server.baseURL}/admin/e/${evaluationId}/schedule/panels`);
	const chairForm = admin.locator('form[action="?/chair"]').first();
	await chairForm.getByRole('combobox').selectOption('');
	await chairForm.getByRole('button', { name: t('schedule_set_chair') }).click();

	await expect(chair.getByTestId('view-revoked')).toContainText(t('view_revoked_title'));
	// The secretariat's console of the same panel still gets pushes: a juror's tablet coming online shows up.
	await expect(secretariatConsole.getByTestId('view-revoked')).toHaveCount(0);
	const juror = cast.jurors('Panel A')[0];
	const row = secretariatConsole.getByTestId('juror-row').filter({ hasText: juror.name });
	await expect(row).toContainText(t('offline'));
	await personPage(browser, juror);
	await expect(row).toContainText(t('online'));
});
