/**
 * Repeated wrong passwords slow the sign-in down: after the free failures the page says so, and
 * even the right password is refused until the back-off ends. Own server (the throttle is per
 * address, and every test signs in from 127.0.0.1).
 */
import { expect, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'throttle');

test('repeated wrong passwords lead to a throttling message on the login page', async ({ page, request }) => {
	const { server } = scene();
	await page.goto(`${server.baseURL}/login`);
	const attempt = async (password: string) => {
		await page.getByRole('textbox', { name: t('username') }).fill('admin');
		await page.getByLabel(t('password')).fill(password);
		// Wait for this attempt's answer: the previous attempt's message is still on the page.
		const answered = page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/login');
		await page.getByRole('button', { name: t('login_submit') }).click();
		return (await answered).status();
	};

	// A few free failures say "wrong"; then the back-off starts and the page says so.
	const statuses: number[] = [];
	for (let i = 1; i <= 10 && !statuses.includes(429); i++) {
		const status = await attempt(`wrong-${i}`);
		statuses.push(status);
		await expect(page.getByRole('alert')).toHaveText(status === 429 ? t('login_throttled') : t('login_wrong'));
		await expect(page.getByRole('textbox', { name: t('username') })).toHaveValue('admin');
	}
	expect(statuses.at(-1), 'throttled within ten wrong passwords').toBe(429);
	expect(statuses.slice(0, 3), 'the first wrong passwords are free').toEqual([400, 400, 400]);
	await expect(page).toHaveURL(`${server.baseURL}/login`);

	// While blocked, even the right password is refused (from this address).
	const blocked = await request.post(`${server.baseURL}/login`, {
		form: { username: 'admin', password: server.adminPassword },
		headers: { origin: server.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(blocked.status()).toBe(429);
	expect(blocked.headers()['set-cookie'] ?? '').not.toContain('juri_session');
	expect((await page.context().cookies()).filter((c) => c.name === 'juri_session')).toEqual([]);
});
