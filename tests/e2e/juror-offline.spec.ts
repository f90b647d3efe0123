/**
 * A juror's tablet loses its link: the sheet is kept on the tablet (localStorage outbox), shown as
 * queued, and saved exactly once when the link returns, also across a reload while offline (served
 * by the offline shell, the service worker), a closed tab, a lost acknowledgement, a link that hangs
 * and a minute offline. Own server: the first slots of Panel A and Panel B are open for scoring.
 */
import type { Browser, Page } from '@playwright/test';
import { LiveClient, joinSession, slotOf } from './support/api';
import {
	DEVICES,
	expect,
	joinAs,
	loginAdmin,
	personPage,
	quickPickSheet,
	score,
	sheetTotal,
	submitSheet,
	test,
	type Sheet
} from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';
import type { Person } from './support/server';
import { clearHttpCache, expectSheetOnScreen, offlineReady, outboxItems } from './support/tablet';
import { stallableLink } from './support/websocket';

const scene = useIsolatedServer(test, 'offline');
const SHEET: Sheet = { K1: 70, K2: 80, K3: 60, K4: 90, K5: 100, K6: 30 };
const TOTAL = score(sheetTotal(SHEET));

test.beforeAll(async () => {
	const { server, cast } = scene();
	for (const panel of ['Panel A', 'Panel B'] as const) {
		const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair(panel).code));
		const view = await chair.panel();
		await chair.run(slotOf(view, cast.presenter(panel, 1).name).id, 'start_presentation', 'open_scoring');
		chair.close();
	}
});

/** The secretariat's view of a panel's console, to see what the server holds. */
async function consoleOf(browser: Browser, panel: 'Panel A' | 'Panel B' = 'Panel A'): Promise<Page> {
	const { server } = scene();
	const page = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await page
		.getByRole('article')
		.filter({ hasText: panel })
		.getByRole('link', { name: t('open_console') })
		.click();
	await expect(page).toHaveURL(/\/panel\?panel=/);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	return page;
}

test('a sheet submitted offline is queued on the tablet and saved once when the link returns', async ({ browser }) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[0];
	const chairView = await consoleOf(browser);
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });

	const { context, page } = await personPage(browser, juror);
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scoring');
	await quickPickSheet(page, SHEET);
	await expect(row).toContainText(t('online'));

	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'false');
	await submitSheet(page, TOTAL);
	const status = page.getByTestId('save-status');
	await expect(status).toHaveAttribute('data-status', 'pending');
	await expect(status).toHaveText(t('queued_offline'));
	expect(await outboxItems(page)).toHaveLength(1);
	await expect(row).toContainText(t('offline'));
	await expect(row).toContainText(t('waiting'));

	await context.setOffline(false);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await expect(status).toHaveAttribute('data-status', 'saved');
	await expect(status).toContainText('revisi 1');
	await expect(status).toContainText(`total ${TOTAL}`);
	expect(await outboxItems(page)).toHaveLength(0);
	await expect(row).toContainText(t('submitted'));
	await expect(row.locator('td').last()).toHaveText(TOTAL);

	// Exactly once: after a fresh load the server still holds revision 1 of this sheet.
	await page.reload();
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
});

/**
 * A juror's tablet, its offline shell installed and the browser's HTTP cache emptied (so what is
 * shown offline comes from the shell), with SHEET submitted while offline: queued, not sent.
 */
async function tabletWithSheetQueuedOffline(browser: Browser, juror: Person) {
	const { context, page } = await personPage(browser, juror);
	await offlineReady(page);
	await clearHttpCache(page);
	await quickPickSheet(page, SHEET);
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'false');
	await submitSheet(page, TOTAL);
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));
	return { context, page };
}

test('a reload while offline shows the rubric, the draft and the queued sheet, which is sent once the tablet is back', async ({
	browser
}) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[1];
	const chairView = await consoleOf(browser);
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });

	const { context, page } = await tabletWithSheetQueuedOffline(browser, juror);
	// After queuing, the juror keeps typing: the draft now differs from the queued sheet.
	const draft = { ...SHEET, K6: 50 };
	await quickPickSheet(page, draft);
	await expectSheetOnScreen(page, draft);

	// The tablet is reloaded while the network is down: the offline shell serves the juror page.
	await page.reload();
	await expect(page.getByTestId('connection')).toHaveAttribute('data-offline', 'true');
	await expect(page.getByTestId('connection')).toHaveText(t('tablet_offline'));
	await expect(page.getByTestId('offline-note')).toBeVisible();
	await expect(page.getByTestId('stage-body')).toHaveText(cast.presenter('Panel A', 1).name);
	await expect(page.getByTestId('criterion')).toHaveCount(Object.keys(SHEET).length);
	await expectSheetOnScreen(page, draft);
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'pending');
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));
	expect(await outboxItems(page)).toHaveLength(1);
	await expect(row).toContainText(t('waiting'));

	// The link returns: the page syncs by itself and sends the queued sheet once.
	await context.setOffline(false);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
	await expect(page.getByTestId('save-status')).toContainText(`total ${TOTAL}`);
	await expect(row).toContainText(t('submitted'));
	await expect(row.locator('td').last()).toHaveText(TOTAL);
	expect(await outboxItems(page)).toHaveLength(0);
	// The draft typed after queuing is still on screen, and the tablet says it was not sent.
	await expectSheetOnScreen(page, draft);
	await expect(page.getByTestId('changes-not-sent')).toHaveText(t('tablet_changes_not_sent'));
	await page.reload();
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
});

test('a sheet queued in a tab that is closed is still queued when the tablet opens the page again, and is sent once', async ({
	browser
}) => {
	const { server, cast } = scene();
	const juror = cast.jurors('Panel B')[0];
	const chairView = await consoleOf(browser, 'Panel B');
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });

	const { context, page } = await tabletWithSheetQueuedOffline(browser, juror);
	await page.close();

	// Still offline, the juror opens the tablet page in a new tab.
	const again = await context.newPage();
	await again.goto(`${server.baseURL}/juror`);
	await expect(again.getByTestId('save-status')).toHaveText(t('queued_offline'));
	await expectSheetOnScreen(again, SHEET);
	expect(await outboxItems(again)).toHaveLength(1);
	await expect(row).toContainText(t('waiting'));

	await context.setOffline(false);
	await expect(again.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(again.getByTestId('save-status')).toContainText('revisi 1');
	await expect(row).toContainText(t('submitted'));
	expect(await outboxItems(again)).toHaveLength(0);
	await again.reload();
	await expect(again.getByTestId('save-status')).toContainText('revisi 1');
});

/** A tablet page on Playwright's fake clock (installed before any script runs), joined as `juror`. */
async function tabletOnFakeClock(browser: Browser, juror: Person) {
	const context = await browser.newContext(DEVICES.tablet);
	const page = await context.newPage();
	await page.clock.install();
	return { context, page, join: () => joinAs(page, juror) };
}

test('a link that hangs without closing shows as offline within 3 s of the tablet clock, and as connected once it answers again', async ({
	browser
}) => {
	const { cast } = scene();
	const { page, join } = await tabletOnFakeClock(browser, cast.jurors('Panel B')[1]);
	const link = await stallableLink(page);
	await join();
	const badge = page.getByTestId('connection');

	// From here the tablet's time moves only when the test moves it; fastForward jumps (firing each
	// due timer once), so no answer lands halfway through a jump. The answer awaited here is taken
	// in while the clock stands at most a second after the pause: the tablet's last answer.
	await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
	const answered = link.heartbeatAnswered();
	await page.clock.fastForward(1000);
	await answered;
	await expect(badge).toHaveAttribute('data-connected', 'true');

	// The link hangs. socket.io's own ping timeout (18 s) is far off: only the missing heartbeat
	// answers can tell, 2.5 s after the last one.
	link.stall();
	await page.clock.fastForward(1000);
	await expect(badge).toHaveAttribute('data-connected', 'true');
	await page.clock.fastForward(2000);
	await expect(badge).toHaveAttribute('data-connected', 'false');
	await expect(badge).toHaveText(t('tablet_offline'));

	// The held beat gets through and is answered: connected again, with no time passing.
	link.resume();
	await expect(badge).toHaveAttribute('data-connected', 'true');
});

test('a minute offline: the tablet shows it within 3 s of its clock, queues the sheet and stores it once when the link returns', async ({
	browser
}) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel B')[2];
	const chairView = await consoleOf(browser, 'Panel B');
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });
	const { context, page, join } = await tabletOnFakeClock(browser, juror);
	await join();
	await quickPickSheet(page, SHEET);
	await expect(row).toContainText(t('online'));
	const badge = page.getByTestId('connection');

	await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
	await context.setOffline(true);
	await page.clock.runFor(3000);
	await expect(badge).toHaveAttribute('data-connected', 'false');
	await submitSheet(page, TOTAL);
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));

	// A minute passes on the tablet (its reconnection attempts, ping timeouts and retries all run);
	// the server, on its own clock, notices the tablet is gone.
	await page.clock.runFor(60_000);
	await expect(row).toContainText(t('offline'), { timeout: 30_000 });
	await expect(badge).toHaveAttribute('data-connected', 'false');
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));
	expect(await outboxItems(page)).toHaveLength(1);

	// The link returns. With the tablet's clock standing still, no back-off timer of socket.io can
	// fire: the tablet reconnects at once because the browser said it is online again.
	await context.setOffline(false);
	await expect(badge).toHaveAttribute('data-connected', 'true');
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await page.clock.resume();
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
	await expect(row).toContainText(t('submitted'));
	await expect(row.locator('td').last()).toHaveText(TOTAL);
	expect(await outboxItems(page)).toHaveLength(0);
	await page.reload();
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
});

test('an acknowledgement lost with the link is retried and the sheet is stored once', async ({ browser }) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[2];
	const chairView = await consoleOf(browser);
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });

	const context = await browser.newContext(DEVICES.tablet);
	const page = await context.newPage();
	// The server stores the first delivery, but the link drops before its acknowledgement arrives.
	let submits = 0;
	let dropped = false;
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		let submitAck: RegExp | null = null;
		ws.onMessage((message) => {
			const id = typeof message === 'string' ? /^42(\d+)\["score\.submit"/.exec(message)?.[1] : undefined;
			if (id) {
				submits++;
				if (!dropped) submitAck = new RegExp(`^43${id}\\[`);
			}
			server.send(message);
		});
		server.onMessage((message) => {
			if (!dropped && submitAck && typeof message === 'string' && submitAck.test(message)) {
				dropped = true;
				void ws.close();
				return;
			}
			ws.send(message);
		});
	});
	await page.goto(juror.link);
	await page.getByRole('button', { name: t('join_submit') }).click();
	await expect(page).toHaveURL(/\/juror$/);
	// Hydrated and connected (a tap before that is lost), as joinAs waits.
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await quickPickSheet(page, SHEET);
	await submitSheet(page, TOTAL);

	await expect(row).toContainText(t('submitted'));
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 20_000 });
	expect(dropped).toBe(true);
	expect(submits).toBe(2);
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
	await page.reload();
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
});
