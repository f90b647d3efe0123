/**
 * Screenshots of every page at tablet, phone and big-screen sizes, into ./screenshots/ (git-ignored).
 *
 *   npm run build && npx tsx scripts/screenshots.ts
 *
 * Starts its own server (production build, temporary database, demo seed), sets a scene (Panel B's
 * first slot certified, Panel A's first slot open for scoring with one sheet in) and photographs
 * /, /login, /join, /admin, /admin/account(s), /panel, /juror (some criteria filled), /presenter and /live; then the
 * juror tablet offline with a queued sheet, the same sheet refused once scoring closed ("not sent"),
 * and the chair's console warning about it (Panel B's second slot).
 * Also prints pages that scroll sideways and touch targets smaller than 44 px on touch sizes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { LiveClient, adminSession, joinSession, slotOf } from '../tests/e2e/support/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/support/browser';
import { castOf } from '../tests/e2e/support/people';
import { ROOT, startJuriServer } from '../tests/e2e/support/server';

const SIZES = [
	{ name: 'tablet-landscape', viewport: { width: 1024, height: 768 }, touch: true },
	{ name: 'tablet-portrait', viewport: { width: 768, height: 1024 }, touch: true },
	{ name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
	{ name: 'big-screen', viewport: { width: 1920, height: 1080 }, touch: false }
];

const OUT = path.join(ROOT, 'screenshots');
const flat = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });

async function main() {
	mkdirSync(OUT, { recursive: true });
	const server = await startJuriServer({ label: 'screenshots' });
	const { baseURL } = server;
	const cast = castOf(server);
	const findings: string[] = [];
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
	const clients: LiveClient[] = [];
	try {
		// Panel B: the first slot, certified with three sheets (the audience's leaderboard).
		const chairBCookie = await joinSession(baseURL, cast.chair('Panel B').code);
		const chairB = await LiveClient.connect(baseURL, chairBCookie);
		const jurorBCookies = await Promise.all(cast.jurors('Panel B').map((j) => joinSession(baseURL, j.code)));
		const jurorsB = await Promise.all(jurorBCookies.map((cookie) => LiveClient.connect(baseURL, cookie)));
		const slotB = slotOf(await chairB.panel(), cast.presenter('Panel B', 1).name).id;
		await chairB.run(slotB, 'start_presentation', 'open_scoring');
		for (const [i, juror] of jurorsB.entries()) await juror.submit(slotB, flat([88, 81, 93][i]));
		await chairB.run(slotB, 'close_scoring', 'certify');
		// Panel B's next slot is presenting, so the audience sees a room on stage.
		await chairB.run(slotOf(await chairB.panel(), cast.presenter('Panel B', 2).name).id, 'start_presentation');

		// Panel A: the first slot open for scoring, one juror's sheet in.
		const chairCookie = await joinSession(baseURL, cast.chair('Panel A').code);
		const chairA = await LiveClient.connect(baseURL, chairCookie);
		const [j1, j2] = cast.jurors('Panel A');
		const juror1 = await LiveClient.connect(baseURL, await joinSession(baseURL, j1.code));
		const slotA = slotOf(await chairA.panel(), cast.presenter('Panel A', 1).name).id;
		await chairA.run(slotA, 'start_presentation', 'start_qa', 'open_scoring');
		await juror1.submit(slotA, { K1: 85, K2: 78, K3: 90, K4: 70, K5: 82, K6: 75 });
		clients.push(chairB, ...jurorsB, chairA, juror1);

		const sessions = {
			anonymous: null,
			admin: await adminSession(baseURL, server.adminPassword),
			chair: chairCookie,
			juror: await joinSession(baseURL, j2.code),
			presenter: await joinSession(baseURL, cast.presenter('Panel A', 2).code)
		};
		const pages: { name: string; path: string; as: keyof typeof sessions; prepare?: (page: Page) => Promise<void> }[] = [
			{ name: 'front', path: '/', as: 'anonymous' },
			{ name: 'login', path: '/login', as: 'anonymous' },
			{ name: 'join', path: '/join', as: 'anonymous' },
			{ name: 'admin', path: '/admin', as: 'admin' },
			{ name: 'account', path: '/admin/account', as: 'admin' },
			{ name: 'accounts', path: '/admin/accounts', as: 'admin' },
			{ name: 'panel-scoring', path: '/panel', as: 'chair', prepare: connected },
			{
				name: 'juror-scoring',
				path: '/juror',
				as: 'juror',
				prepare: async (page) => {
					await connected(page);
					for (const [code, value] of [
						['K1', '80'],
						['K2', '70'],
						['K3', '90']
					]) {
						await page.locator(`[data-testid="criterion"][data-code="${code}"]`).getByRole('button', { name: value, exact: true }).click();
					}
				}
			},
			{ name: 'presenter', path: '/presenter', as: 'presenter', prepare: connected },
			{ name: 'live', path: '/live', as: 'anonymous', prepare: connected }
		];

		for (const size of SIZES) {
			for (const spec of pages) {
				const context: BrowserContext = await browser.newContext({
					viewport: size.viewport,
					hasTouch: size.touch,
					isMobile: size.name === 'phone'
				});
				const cookie = sessions[spec.as];
				if (cookie) {
					const [name, value] = cookie.split('=');
					await context.addCookies([{ name, value, url: baseURL }]);
				}
				const page = await context.newPage();
				await page.goto(`${baseURL}${spec.path}`);
				await spec.prepare?.(page).catch((error: unknown) => {
					throw new Error(`${spec.name} @ ${size.name}: ${String(error)}`);
				});
				const file = path.join(OUT, `${spec.name}-${size.name}.png`);
				await page.screenshot({ path: file, fullPage: true });
				// And what the person sees without scrolling (the README shows these).
				await page.evaluate(() => scrollTo(0, 0));
				await page.screenshot({ path: path.join(OUT, `${spec.name}-${size.name}-screen.png`) });
				findings.push(...(await inspect(page, `${spec.name} @ ${size.name}`, size.touch, size.viewport.width)));
				await context.close();
			}
		}
		await tabletStates(browser, baseURL, chairB, { chair: chairBCookie, juror: jurorBCookies[0] }, findings);
		console.log(`Screenshots in ${path.relative(process.cwd(), OUT) || OUT}/`);
		console.log(findings.length ? findings.join('\n') : 'No sideways scrolling and no small touch targets found.');
	} finally {
		for (const client of clients) client.close();
		await browser.close();
		await server.stop();
	}
}

async function withCookie(browser: Browser, baseURL: string, cookie: string, size: (typeof SIZES)[number]): Promise<Page> {
	const context = await browser.newContext({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.name === 'phone' });
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: baseURL }]);
	return context.newPage();
}

/**
 * The tablet's offline states, on Panel B's second slot: a sheet queued while offline, the same
 * sheet refused once the chair closed scoring, and the chair's console warning about it. One
 * tablet makes the states; every size shows them (resized, so the tablet's storage carries over).
 */
async function tabletStates(
	browser: Browser,
	baseURL: string,
	chair: LiveClient,
	cookies: { chair: string; juror: string },
	findings: string[]
) {
	const touchSizes = SIZES.filter((s) => s.touch);
	const shoot = async (page: Page, name: string) => {
		for (const size of touchSizes) {
			await page.setViewportSize(size.viewport);
			await page.screenshot({ path: path.join(OUT, `${name}-${size.name}.png`), fullPage: true });
			// What the person sees without scrolling (the sticky submit bar included).
			await page.evaluate(() => scrollTo(0, 0));
			await page.screenshot({ path: path.join(OUT, `${name}-${size.name}-screen.png`) });
			findings.push(...(await inspect(page, `${name} @ ${size.name}`, true, size.viewport.width)));
		}
	};
	const view = await chair.panel();
	const slotId = view.activeSlotId!;
	await chair.run(slotId, 'open_scoring');

	const tablet = await withCookie(browser, baseURL, cookies.juror, touchSizes[0]);
	await tablet.goto(`${baseURL}/juror`);
	await connected(tablet);
	await tablet.getByRole('main').and(tablet.locator('[data-offline-ready="true"]')).waitFor();
	for (const code of ['K1', 'K2', 'K3', 'K4', 'K5', 'K6']) {
		await tablet.locator(`[data-testid="criterion"][data-code="${code}"]`).getByRole('button', { name: '80', exact: true }).click();
	}
	await tablet.context().setOffline(true);
	await tablet.getByTestId('connection').and(tablet.locator('[data-offline="true"]')).waitFor();
	await tablet.getByTestId('submit-scores').click();
	await tablet.getByTestId('confirm-submit').click();
	await tablet.locator('[data-testid="save-status"][data-status="pending"]').waitFor();
	await shoot(tablet, 'juror-offline-queued');

	await chair.run(slotId, 'close_scoring');
	await tablet.context().setOffline(false);
	await tablet.getByTestId('not-sent').waitFor();
	await shoot(tablet, 'juror-not-sent');

	const chairPage = await withCookie(browser, baseURL, cookies.chair, touchSizes[0]);
	await chairPage.goto(`${baseURL}/panel`);
	await chairPage.getByTestId('unsent-warning').waitFor();
	await shoot(chairPage, 'panel-unsent');
	await tablet.context().close();
	await chairPage.context().close();
}

async function connected(page: Page) {
	await page.getByTestId('connection').and(page.locator('[data-connected="true"]')).waitFor();
}

/** Sideways scrolling, and buttons, links, inputs and selects under 44 px on touch screens. */
async function inspect(page: Page, label: string, touch: boolean, viewportWidth: number): Promise<string[]> {
	return page.evaluate(
		({ label, touch, viewportWidth }) => {
			const out: string[] = [];
			// Compared with the device's width: a mobile browser widens its layout viewport to fit overflowing content.
			const width = document.documentElement.scrollWidth;
			if (width > viewportWidth) out.push(`${label}: page is ${width}px wide on a ${viewportWidth}px screen`);
			if (!touch) return out;
			for (const el of document.querySelectorAll<HTMLElement>('button, select, input:not([type=hidden]), a.button')) {
				// A checkbox or radio inside its label is tapped through the label: measure that.
				const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') ?? el) : el;
				const box = target.getBoundingClientRect();
				if (box.width === 0 || box.height === 0) continue;
				if (box.height < 44 || box.width < 44) {
					const text = (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 30);
					out.push(`${label}: small touch target "${text}" ${Math.round(box.width)}×${Math.round(box.height)}`);
				}
			}
			return out;
		},
		{ label, touch, viewportWidth }
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
