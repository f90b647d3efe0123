/**
 * The big screen (issue 9, item 3): /live?screen=1 on a 1920×1080 and a 3840×2160 projector fills
 * the screen without scrolling and shows the room's body on stage with its countdown, who is next,
 * the clock, the QR code of the phone view and the leaderboard, whose pages take turns by the clock
 * (the page's clock is driven, never waited for). During a staged reveal it shows only what the
 * reveal console revealed. The phone view finds a body and follows one category. Screenshots go to
 * test-results/screenshots/, or with README_SCREENSHOTS=1 to docs/screenshots/ for the README (a
 * plain test run leaves the tracked images alone). Own server: it starts a presentation and publishes.
 */
import type { Page } from '@playwright/test';
import { SCREEN_PAGE_MS } from '../../src/lib/shared/screen-pages';
import { LiveClient, adminSession, formPost, joinSession, publishVersion } from './support/api';
import { expect, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';

const scene = useIsolatedServer(test, 'screen');
const shot = (name: string) => `${process.env.README_SCREENSHOTS ? 'docs' : 'test-results'}/screenshots/${name}.png`;
test.describe.configure({ mode: 'serial' });

const SIZES = [
	{ name: '1080p', width: 1920, height: 1080 },
	{ name: '4k', width: 3840, height: 2160 }
] as const;

let evaluationId = '';
let adminCookie = '';

/** Nothing scrolls, and each element lies wholly inside the viewport. */
async function expectFitsScreen(page: Page, testIds: string[]) {
	const size = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		scrollHeight: document.documentElement.scrollHeight,
		width: window.innerWidth,
		height: window.innerHeight
	}));
	expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
	expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
	for (const id of testIds) {
		const element = page.getByTestId(id).first();
		await expect(element, id).toBeVisible();
		const box = (await element.boundingBox())!;
		expect(
			box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5,
			`${id} on screen`
		).toBe(true);
	}
}

test.beforeAll(async () => {
	const { server, cast } = scene();
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel A').code));
	await chair.run((await chair.panel()).queue[0].id, 'start_presentation');
	chair.close();
	adminCookie = await adminSession(server.baseURL, server.adminPassword);
	const dashboard = await (await fetch(new URL('/admin', server.baseURL), { headers: { cookie: adminCookie } })).text();
	evaluationId = /\/live\?evaluation=([\w-]+)/.exec(dashboard)![1];
	// Version 1: every province on the board, more than one page of it.
	await publishVersion(server.baseURL, adminCookie, evaluationId, 'Results of the presentation stage');
});

for (const size of SIZES) {
	test(`at ${size.width}×${size.height} the big screen fits without scrolling, and its pages take turns`, async ({ browser }) => {
		const { server } = scene();
		const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: 1 });
		const page = await context.newPage();
		await page.clock.install();
		await page.goto(`${server.baseURL}/live?screen=1`);
		await expect(page.getByTestId('big-screen')).toHaveAttribute('data-connected', 'true');
		await expect(page.getByTestId('screen-on-stage')).toHaveText('Pemerintah Provinsi Aceh');
		// Which page shows follows the server's clock (every screen agrees), so a run may land on a
		// category's short last page. Wait, in real time, for a full page well inside its turn, then
		// hold the page's clock there: from here its time moves only when the test moves it, and by one
		// turn at most. (socket.io drops a link that hears no ping for 18 s of the page's time; the
		// reconnection's snapshot would set the screen back to the server's time, and its page.)
		test.setTimeout(120_000);
		await expect
			.poll(
				async () => {
					const [shown, of] = (await page.getByTestId('screen-page').textContent())!.trim().split('/').map(Number);
					const intoTurn = Date.now() % SCREEN_PAGE_MS;
					return shown < of && intoTurn > 1_000 && intoTurn < SCREEN_PAGE_MS - 4_000;
				},
				{ timeout: 5 * SCREEN_PAGE_MS, intervals: [250] }
			)
			.toBe(true);
		await page.clock.pauseAt(Date.now() + 100);
		await expect(page.getByTestId('screen-row')).toHaveCount(16);
		await expectFitsScreen(page, [
			'screen-clock',
			'screen-room',
			'screen-on-stage',
			'countdown',
			'screen-next',
			'screen-qr',
			'screen-board',
			'screen-page',
			'band-badge'
		]);
		// Every row of the page is on screen (none cut off at the bottom).
		for (const row of await page.getByTestId('screen-row').all()) expect((await row.boundingBox())!.y + 1).toBeLessThan(size.height);
		await expect(page.getByTestId('screen-clock')).toHaveText(/^\d{2}\.\d{2} WIB$/);
		// The QR code opens the phone view.
		await expect(page.getByTestId('big-screen')).toContainText(`${new URL(server.baseURL).host}/live`);
		await page.screenshot({ path: shot(`big-screen-${size.name}`) });

		const first = await page.getByTestId('screen-page').textContent();
		await page.clock.runFor(SCREEN_PAGE_MS);
		await expect(page.getByTestId('screen-page')).not.toHaveText(first!);
		await expectFitsScreen(page, ['screen-board', 'screen-row']);
		await context.close();
	});
}

test('the phone view finds a body by name and follows one category', async ({ browser }) => {
	const { server } = scene();
	const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await page.goto(`${server.baseURL}/live`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await expect(page.getByTestId('leaderboard-row')).toHaveCount(34);
	await page.getByTestId('live-search').fill('sulawesi');
	await expect(page.getByTestId('leaderboard-row')).toHaveCount(5);
	await page.getByTestId('live-search').fill('');
	await page.getByTestId('live-category').selectOption({ label: 'Pemerintah Provinsi' });
	await expect(page.getByTestId('leaderboard-row')).toHaveCount(34);
	await context.close();
});

test('during a staged reveal the screen shows only what the console revealed', async ({ browser }) => {
	const { server } = scene();
	const policy = await formPost(server.baseURL, `/admin/e/${evaluationId}/settings?/publicResults`, { policy: 'staged' }, adminCookie);
	expect(policy.status).toBe(200);
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 });
	const page = await context.newPage();
	await page.goto(`${server.baseURL}/live?screen=1`);
	await expect(page.getByTestId('big-screen')).toHaveAttribute('data-connected', 'true');
	await expect(page.getByTestId('screen-row')).toHaveCount(0);
	await expect(page.getByTestId('screen-still-hidden')).toContainText('34');

	// The secretariat's console: two band steps up from the bottom.
	const admin = await browser.newContext();
	const [name, value] = adminCookie.split('=');
	await admin.addCookies([{ name, value, url: server.baseURL }]);
	const console_ = await admin.newPage();
	await console_.goto(`${server.baseURL}/admin/e/${evaluationId}/results/reveal`);
	for (let i = 0; i < 2; i++) {
		const count = await console_.getByTestId('reveal-count').textContent();
		await console_.getByRole('button', { name: /Tampilkan kualifikasi/ }).click();
		await expect(console_.getByTestId('reveal-count')).not.toHaveText(count!);
	}
	const revealed = await console_.locator('[data-testid="reveal-line"][data-revealed="true"]').count();
	expect(revealed).toBeGreaterThan(1);
	await expect(page.getByTestId('screen-row')).toHaveCount(revealed);
	await expect(page.getByTestId('screen-still-hidden')).toContainText(String(34 - revealed));
	await expectFitsScreen(page, ['screen-board', 'screen-row', 'screen-still-hidden']);
	await page.screenshot({ path: shot('big-screen-reveal') });
	await admin.close();
	await context.close();
});
