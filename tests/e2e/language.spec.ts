/**
 * The language switch: Indonesian by default, English on request, kept across reloads in that
 * browser only (a cookie), while another person's device stays Indonesian. Shared server.
 */
import { DEVICES, expect, personPage, test } from './support/fixtures';
import { t } from './support/messages';
import { mainCast, mainServer } from './support/shared';

test('switching to English changes the UI, survives a reload and affects only that user', async ({ browser }) => {
	const { baseURL } = mainServer();
	const cast = mainCast();
	const { context, page } = await personPage(browser, cast.presenter('Panel B', 3), DEVICES.phone);
	const { context: otherContext, page: other } = await personPage(browser, cast.presenter('Panel B', 4), DEVICES.phone);

	for (const p of [page, other]) {
		await expect(p.locator('html')).toHaveAttribute('lang', 'id');
		await expect(p.getByRole('heading', { name: t('your_slot') })).toBeVisible();
	}

	await page.getByRole('combobox', { name: t('language') }).selectOption('en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: t('your_slot', {}, 'en') })).toBeVisible();
	await expect(page.getByRole('heading', { name: t('your_result', {}, 'en') })).toBeVisible();
	await expect(page.getByTestId('slots-before')).toHaveText(t('slots_before', { count: 2 }, 'en'));
	await expect(page.getByRole('button', { name: t('logout', {}, 'en') })).toBeVisible();
	await expect(page.getByTestId('connection')).toHaveText(t('connected', {}, 'en'));

	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: t('your_slot', {}, 'en') })).toBeVisible();
	await expect(page.getByRole('combobox', { name: t('language', {}, 'en') })).toHaveValue('en');
	// The rest of the app follows for this user too.
	await page.goto(`${baseURL}/live`);
	await expect(page.getByRole('heading', { name: t('results_public_provisional', {}, 'en') })).toBeVisible();

	// Another person's device is untouched, also after a reload.
	await other.reload();
	await expect(other.locator('html')).toHaveAttribute('lang', 'id');
	await expect(other.getByRole('heading', { name: t('your_slot') })).toBeVisible();
	await expect(other.getByTestId('slots-before')).toHaveText(t('slots_before', { count: 3 }));
	await expect(other.getByRole('combobox', { name: t('language') })).toHaveValue('id');
	const localeCookies = async (c: typeof context) => (await c.cookies()).filter((k) => k.name.toLowerCase().includes('locale'));
	expect((await localeCookies(context)).map((k) => k.value)).toEqual(['en']);
	expect((await localeCookies(otherContext)).filter((k) => k.value !== 'id')).toEqual([]);

	// And back to Indonesian.
	await page.getByRole('combobox', { name: t('language', {}, 'en') }).selectOption('id');
	await expect(page.locator('html')).toHaveAttribute('lang', 'id');
	await expect(page.getByRole('heading', { name: t('results_public_provisional') })).toBeVisible();
});
