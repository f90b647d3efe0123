/**
 * A juror's tablet loses its link: the sheet is kept on the tablet (localStorage outbox), shown as
 * queued, and saved exactly once when the link returns, also across a reload and a lost
 * acknowledgement. Own server: Panel A's first slot is opened for scoring by its chair.
 */
import type { Browser, Page } from '@playwright/test';
import { LiveClient, joinSession, slotOf } from './support/api';
import {
	DEVICES,
	expect,
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

const scene = useIsolatedServer(test, 'offline');
const SHEET: Sheet = { K1: 70, K2: 80, K3: 60, K4: 90, K5: 100, K6: 30 };
const TOTAL = score(sheetTotal(SHEET));

test.beforeAll(async () => {
	const { server, cast } = scene();
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel A').code));
	const view = await chair.panel();
	await chair.run(slotOf(view, cast.presenter('Panel A', 1).name).id, 'start_presentation', 'open_scoring');
	chair.close();
});

/** The secretariat's view of Panel A's console, to see what the server holds. */
async function consoleOfPanelA(browser: Browser): Promise<Page> {
	const { server } = scene();
	const page = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	await page
		.getByRole('article')
		.filter({ hasText: 'Panel A' })
		.getByRole('link', { name: t('open_console') })
		.click();
	await expect(page).toHaveURL(/\/panel\?panel=/);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	return page;
}

const outboxItems = (page: Page) =>
	page.evaluate(() =>
		Object.keys(localStorage)
			.filter((key) => key.startsWith('juri.outbox.'))
			.flatMap((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[])
	);

test('a sheet submitted offline is queued on the tablet and saved once when the link returns', async ({ browser }) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[0];
	const chairView = await consoleOfPanelA(browser);
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

test('the queued sheet survives a reload while offline and is sent once the tablet is back', async ({ browser }) => {
	const { server, cast } = scene();
	const juror = cast.jurors('Panel A')[1];
	const chairView = await consoleOfPanelA(browser);
	const row = chairView.getByTestId('juror-row').filter({ hasText: juror.name });

	const { context, page } = await personPage(browser, juror);
	await quickPickSheet(page, SHEET);
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'false');
	await submitSheet(page, TOTAL);
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));

	// The tablet is reloaded while the network is down: the browser cannot even load the page.
	await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
	await expect(row).toContainText(t('waiting'));

	await context.setOffline(false);
	await page.goto(`${server.baseURL}/juror`);
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
	await expect(row).toContainText(t('submitted'));
	await expect(row.locator('td').last()).toHaveText(TOTAL);
	expect(await outboxItems(page)).toHaveLength(0);
	// The sheet on screen is the one that was sent.
	for (const [code, value] of Object.entries(SHEET)) {
		await expect(page.locator(`[data-testid="criterion"][data-code="${code}"]`).getByRole('textbox')).toHaveValue(String(value));
	}
});

test('an acknowledgement lost with the link is retried and the sheet is stored once', async ({ browser }) => {
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[2];
	const chairView = await consoleOfPanelA(browser);
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
