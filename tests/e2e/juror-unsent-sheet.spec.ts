/**
 * Scoring closes while a juror's revised sheet waits in the tablet's outbox: the server refuses it
 * when the link returns. The tablet never drops it and never shows "saved" beside numbers the
 * server does not hold; it says "not sent: scoring was closed", keeps the sheet editable and tells
 * the chair's console, which warns about the unsent sheet until the chair reopens scoring and the
 * juror resends it. A sheet whose slot has left the stage stays listed until the juror discards
 * it. A sheet refused for another reason (a recusal while offline) says why. Own server (it
 * closes, reopens and certifies); the tests run in order on it.
 */
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
import { clearHttpCache, expectSheetOnScreen, offlineReady, outboxItems } from './support/tablet';

const scene = useIsolatedServer(test, 'unsent');
const FIRST: Sheet = { K1: 70, K2: 70, K3: 70, K4: 70, K5: 70, K6: 70 };
const REVISED: Sheet = { K1: 90, K2: 80, K3: 80, K4: 70, K5: 60, K6: 50 };
/** What the juror changes while waiting for the chair to reopen scoring. */
const EDITED: Sheet = { ...REVISED, K6: 100 };

test('a sheet refused because scoring closed while the tablet was offline is kept, shown as not sent, flagged to the chair and sent after a reopen', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { cast } = scene();
	const juror = cast.jurors('Panel A')[0];

	const { page: chair } = await personPage(browser, cast.chair('Panel A'));
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	const slotState = chair.getByTestId('slot-state').first();
	await expect(slotState).toHaveAttribute('data-state', 'scoring');
	const row = chair.getByTestId('juror-row').filter({ hasText: juror.name });

	// The juror sends a first sheet, then goes offline and sends a revised one: it is queued.
	const { context, page } = await personPage(browser, juror);
	await quickPickSheet(page, FIRST);
	await submitSheet(page, score(sheetTotal(FIRST)));
	await expect(page.getByTestId('save-status')).toContainText('revisi 1');
	await context.setOffline(true);
	await quickPickSheet(page, REVISED);
	await submitSheet(page, score(sheetTotal(REVISED)));
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));

	// Meanwhile the chair closes scoring.
	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();
	await expect(slotState).toHaveAttribute('data-state', 'closed');
	await expect(row.locator('td').last()).toHaveText(score(sheetTotal(FIRST)));

	// The link returns; the server refuses the revised sheet.
	await context.setOffline(false);
	const notSent = page.getByTestId('not-sent');
	await expect(notSent).toContainText(t('tablet_not_sent_closed'));
	await expect(notSent).toContainText(t('tablet_hint_closed'));
	// What the server holds is said in words, next to the numbers on screen that differ from it.
	await expect(page.getByTestId('stored-sheet')).toHaveText(t('tablet_on_server', { revision: 1, total: score(sheetTotal(FIRST)) }));
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'refused');
	await expect(page.getByTestId('save-status')).toHaveText(t('tablet_not_sent_closed'));
	await expect(page.getByText(/Tersimpan di server/)).toHaveCount(0);
	await expectSheetOnScreen(page, REVISED);
	expect(await outboxItems(page)).toHaveLength(1);

	// The chair's console names the juror holding an unsent sheet.
	const warning = chair.getByTestId('unsent-warning');
	await expect(warning).toHaveText(t('panel_unsent_warning', { names: juror.name }));
	await expect(row.getByTestId('unsent-sheet')).toHaveText(t('panel_unsent_sheet'));

	// Still refused after a reload: kept on the tablet, not retried by itself.
	await page.reload();
	await expect(page.getByTestId('not-sent')).toContainText(t('tablet_not_sent_closed'));
	await expectSheetOnScreen(page, REVISED);
	await expect(warning).toBeVisible();

	// While waiting, the juror corrects one score: the refused sheet stays editable.
	await quickPickSheet(page, EDITED);
	await expectSheetOnScreen(page, EDITED);
	await expect(page.getByTestId('submit-scores')).toBeDisabled();

	// The chair reopens scoring; the tablet says so, and the juror resends what is on screen.
	await chair.getByRole('button', { name: t('cmd_reopen_scoring') }).click();
	await expect(slotState).toHaveAttribute('data-state', 'scoring');
	await expect(warning).toHaveText(t('panel_unsent_warning_open', { names: juror.name }));
	await expect(page.getByTestId('not-sent')).toContainText(t('tablet_hint_reopened'));
	await expect(page.getByTestId('submit-scores')).toHaveText(t('resubmit'));
	await submitSheet(page, score(sheetTotal(EDITED)));
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('save-status')).toContainText('revisi 2');
	await expect(page.getByTestId('not-sent')).toHaveCount(0);
	expect(await outboxItems(page)).toHaveLength(0);

	// The warning clears; the console shows the sheet the server now holds.
	await expect(warning).toHaveCount(0);
	await expect(row.getByTestId('unsent-sheet')).toHaveCount(0);
	await expect(row.locator('td').last()).toHaveText(score(sheetTotal(EDITED)));
});

test('a reload while offline shows the latest view the tablet had; a refused sheet for a slot that left the stage stays listed until discarded', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { server, cast } = scene();
	const juror = cast.jurors('Panel B')[0];
	const [first, second] = [cast.presenter('Panel B', 1).name, cast.presenter('Panel B', 2).name];
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel B').code));

	// The tablet opens (and the offline shell keeps its page) while the room is still idle.
	const { context, page } = await personPage(browser, juror);
	await offlineReady(page);
	await clearHttpCache(page);
	await expect(page.getByTestId('no-slot')).toBeVisible();

	// Scoring opens over the socket; the kept page still shows the idle room, the tablet knows better.
	const firstSlot = slotOf(await chair.panel(), first).id;
	await chair.run(firstSlot, 'start_presentation', 'open_scoring');
	await expect(page.getByTestId('stage-body')).toHaveText(first);
	await quickPickSheet(page, FIRST);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('connection')).toHaveAttribute('data-offline', 'true');
	await expect(page.getByTestId('stage-body')).toHaveText(first);
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scoring');
	await expectSheetOnScreen(page, FIRST);
	await submitSheet(page, score(sheetTotal(FIRST)));
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));

	// The two other jurors send theirs; the chair closes, certifies without this sheet and starts the next body.
	for (const other of cast.jurors('Panel B').slice(1)) {
		const client = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, other.code));
		await client.submit(firstSlot, REVISED);
		client.close();
	}
	await chair.run(firstSlot, 'close_scoring', 'certify');
	await chair.run(slotOf(await chair.panel(), second).id, 'start_presentation');
	chair.close();

	// Back online: the next body is on stage, and the refused sheet for the first one is listed, not dropped.
	await context.setOffline(false);
	await expect(page.getByTestId('stage-body')).toHaveText(second);
	const held = page.getByTestId('held-elsewhere');
	await expect(held).toContainText(t('tablet_held_elsewhere', { body: first }));
	await expect(held).toContainText(t('tablet_not_sent_closed'));
	expect(await outboxItems(page)).toHaveLength(1);

	// Only the juror's explicit choice removes it.
	page.once('dialog', (dialog) => void dialog.accept());
	await held.getByRole('button', { name: t('tablet_discard') }).click();
	await expect(held).toHaveCount(0);
	expect(await outboxItems(page)).toHaveLength(0);
});

test('a sheet refused for another reason (the juror was recused while offline) is kept and says why', async ({ browser }) => {
	const { server, cast } = scene();
	const juror = cast.jurors('Panel A')[1];
	const body = cast.presenter('Panel A', 1).name; // on stage, scoring open since the first test

	const { context, page } = await personPage(browser, juror);
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scoring');
	await quickPickSheet(page, FIRST);
	await context.setOffline(true);
	await submitSheet(page, score(sheetTotal(FIRST)));
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));

	// Meanwhile the secretariat records a conflict of interest: the juror is recused from this body.
	const admin = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(admin, server.baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await admin.content())![1];
	await admin.goto(`${server.baseURL}/admin/e/${evaluationId}/people`);
	await admin.getByText(t('people_declare'), { exact: true }).first().click();
	const form = admin.locator('form.declare-form');
	const jurorOption = form.locator('select[name="jurorId"] option').filter({ hasText: juror.name });
	await form.locator('select[name="jurorId"]').selectOption(await jurorOption.getAttribute('value'));
	await form.locator('select[name="bodyId"]').selectOption({ label: body });
	await form.locator('input[name="reason"]').fill('Pernah bekerja di badan publik ini');
	await form.getByRole('button', { name: t('people_declare') }).click();
	await expect(admin.getByRole('status')).toHaveText(t('people_done_declared'));

	// Back online: refused, kept, and the reason is on screen.
	await context.setOffline(false);
	const notSent = page.getByTestId('not-sent');
	await expect(notSent).toContainText(t('tablet_not_sent_other', { reason: t('refusal_recused') }));
	await expect(notSent).toContainText(t('tablet_hint_other'));
	await expect(page.getByText(t('you_are_recused'))).toBeVisible();
	expect(await outboxItems(page)).toHaveLength(1);
});
