/**
 * Screenshots of every page at tablet, phone and big-screen sizes, into ./screenshots/ (git-ignored).
 *
 *   npm run build && npx tsx scripts/screenshots.ts
 *
 * Starts its own server (production build, temporary database, demo seed), sets a scene (Panel B's
 * first slot certified, Panel A's first slot open for scoring with one sheet in) and photographs
 * /, /login, /join, /admin, /admin/account(s), /panel, /juror (some criteria filled), /presenter and /live.
 * Also prints pages that scroll sideways and touch targets smaller than 44 px on touch sizes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
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
		const chairB = await LiveClient.connect(baseURL, await joinSession(baseURL, cast.chair('Panel B').code));
		const jurorsB = await Promise.all(
			cast.jurors('Panel B').map(async (j) => LiveClient.connect(baseURL, await joinSession(baseURL, j.code)))
		);
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
				findings.push(...(await inspect(page, `${spec.name} @ ${size.name}`, size.touch, size.viewport.width)));
				await context.close();
			}
		}
		console.log(`Screenshots in ${path.relative(process.cwd(), OUT) || OUT}/`);
		console.log(findings.length ? findings.join('\n') : 'No sideways scrolling and no small touch targets found.');
	} finally {
		for (const client of clients) client.close();
		await browser.close();
		await server.stop();
	}
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
