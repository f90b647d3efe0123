/**
 * The secretariat's own accounts in the browser: changing one's password signs out every other
 * device of the account; a new member's account works with the password shown once; re-issuing a
 * juror's join code with "also sign out" ends the tablet's session. A server of its own (passwords
 * and sessions change).
 */
import { DEVICES, expect, loginAdmin, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'accounts');
test.describe.configure({ mode: 'serial' });

test('a new password signs out the account’s other devices; only the new one works after', async ({ browser }) => {
	const { server } = scene();
	const laptop = await (await browser.newContext(DEVICES.desktop)).newPage();
	const phone = await (await browser.newContext(DEVICES.phone)).newPage();
	await loginAdmin(laptop, server.baseURL, server.adminPassword);
	await loginAdmin(phone, server.baseURL, server.adminPassword);

	await laptop.getByRole('link', { name: new RegExp(t('role_admin')) }).click();
	await expect(laptop.getByRole('heading', { name: new RegExp(t('account_title')) })).toBeVisible();
	const next = 'a new secretariat passphrase';
	await laptop.getByLabel(t('account_current_password'), { exact: true }).fill('not the password');
	await laptop.getByLabel(t('account_new_password'), { exact: true }).fill(next);
	await laptop.getByLabel(t('account_confirm_password')).fill(next);
	await laptop.getByRole('button', { name: t('account_save_password') }).click();
	await expect(laptop.getByRole('alert')).toHaveText(t('account_refused_wrong_current_password'));

	await laptop.getByLabel(t('account_current_password'), { exact: true }).fill(server.adminPassword);
	await laptop.getByLabel(t('account_new_password'), { exact: true }).fill(next);
	await laptop.getByLabel(t('account_confirm_password')).fill(next);
	await laptop.getByRole('button', { name: t('account_save_password') }).click();
	await expect(laptop.getByRole('status')).toHaveText(t('account_password_changed', { count: 1 }));
	// The typed passwords are not kept in the form.
	await expect(laptop.getByLabel(t('account_new_password'), { exact: true })).toHaveValue('');

	// The laptop stays signed in; the phone is out.
	await laptop.goto(`${server.baseURL}/admin`);
	await expect(laptop).toHaveURL(/\/admin$/);
	await phone.goto(`${server.baseURL}/admin`);
	await expect(phone).toHaveURL(/\/login/);
	await phone.getByRole('textbox', { name: t('username') }).fill('admin');
	await phone.getByLabel(t('password')).fill(server.adminPassword);
	await phone.getByRole('button', { name: t('login_submit') }).click();
	await expect(phone.getByRole('alert')).toHaveText(t('login_wrong'));
	await phone.getByLabel(t('password')).fill(next);
	await phone.getByRole('button', { name: t('login_submit') }).click();
	await expect(phone).toHaveURL(/\/admin$/);
	server.adminPassword = next;
});

test('a new secretariat member signs in with the password shown once', async ({ browser }) => {
	const { server } = scene();
	const page = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await page.goto(`${server.baseURL}/admin/accounts`);
	await page.getByLabel(t('accounts_name'), { exact: true }).fill('Rina Kusuma');
	await page.getByLabel(t('accounts_username'), { exact: true }).fill('rina');
	await page.getByRole('button', { name: t('accounts_add_submit') }).click();
	const shown = page.locator('.created .password code');
	await expect(shown).toHaveText(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
	const password = await shown.innerText();
	await expect(page.getByRole('row', { name: /Rina Kusuma/ })).toContainText(t('accounts_active'));

	// The same username again is refused, with what was typed kept.
	await page.getByLabel(t('accounts_name'), { exact: true }).fill('Someone Else');
	await page.getByLabel(t('accounts_username'), { exact: true }).fill('RINA');
	await page.getByRole('button', { name: t('accounts_add_submit') }).click();
	await expect(page.getByRole('alert')).toHaveText(t('account_refused_username_taken'));
	await expect(page.getByLabel(t('accounts_name'), { exact: true })).toHaveValue('Someone Else');

	const rina = await (await browser.newContext(DEVICES.desktop)).newPage();
	await rina.goto(`${server.baseURL}/login`);
	await rina.getByRole('textbox', { name: t('username') }).fill('rina');
	await rina.getByLabel(t('password')).fill(password);
	await rina.getByRole('button', { name: t('login_submit') }).click();
	await expect(rina).toHaveURL(/\/admin$/);

	// Deactivated, the account is out at once.
	page.once('dialog', (dialog) => dialog.accept());
	await page
		.getByRole('row', { name: /Rina Kusuma/ })
		.getByRole('button', { name: t('accounts_deactivate') })
		.click();
	await expect(page.getByRole('row', { name: /Rina Kusuma/ })).toContainText(t('accounts_inactive'));
	await rina.goto(`${server.baseURL}/admin`);
	await expect(rina).toHaveURL(/\/login/);
});

test('re-issuing a juror’s code with “also sign out” ends the tablet’s session', async ({ browser }) => {
	const { server, cast } = scene();
	const juror = cast.jurors('Panel B')[2];
	const { page: tablet } = await personPage(browser, juror);
	const page = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	const row = page.getByRole('row').filter({ hasText: juror.name });
	await row.getByLabel(t('reissue_sign_out')).check();
	await row.getByRole('button', { name: t('issue_join_link') }).click();
	await expect(page.getByRole('status')).toContainText(t('reissue_signed_out', { count: 1 }));
	// The tablet's live connection is cut, and its session no longer opens the page.
	await expect(tablet.getByTestId('connection')).toHaveAttribute('data-connected', 'false');
	await tablet.reload();
	await expect(tablet).toHaveURL(/\/join/);
});
