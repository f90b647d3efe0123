/**
 * The practice (calibration) slot in the browser: the chair runs it before the room's first real
 * slot, every screen of the room marks it "Latihan / Practice", the jurors score it like any slot,
 * the chair certifies it; the audience never sees it and the room goes on with its first real slot.
 * Own server (it scores and certifies).
 */
import { LiveClient, joinSession } from './support/api';
import { expect, personPage, quickPickSheet, score, sheetTotal, submitSheet, test, type Sheet } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'practice');
const SHEET: Sheet = { K1: 80, K2: 70, K3: 70, K4: 60, K5: 90, K6: 50 };

test('a practice slot is run, scored and certified before the first real slot, marked on every screen and counted nowhere', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { cast, server } = scene();
	const [juror, ...others] = cast.jurors('Panel A');

	const audienceContext = await browser.newContext();
	const audience = await audienceContext.newPage();
	await audience.goto(`${server.baseURL}/live`);

	const { page: chair } = await personPage(browser, cast.chair('Panel A'));
	const { page: tablet } = await personPage(browser, juror);
	const firstBody = (await chair.getByTestId('next-in-room').locator('strong').textContent())!.trim();

	await chair.getByRole('button', { name: t('practice_start') }).click();
	await expect(chair.getByTestId('practice-badge')).toHaveText(t('practice_banner'));
	await expect(chair.getByTestId('active-body')).toHaveText(t('practice_label'));
	await expect(tablet.getByTestId('practice-badge')).toHaveText(t('practice_banner'));
	await expect(tablet.getByTestId('stage-body')).toHaveText(t('practice_label'));
	// A practice sheet keeps no notes and declares no conflict.
	await expect(tablet.getByRole('button', { name: t('conflict_declare') })).toHaveCount(0);
	await expect(tablet.getByRole('textbox', { name: t('note_overall_label') })).toHaveCount(0);

	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	await quickPickSheet(tablet, SHEET);
	await submitSheet(tablet, score(sheetTotal(SHEET)));
	await expect(tablet.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	for (const other of others) {
		const client = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, other.code));
		const slotId = (await client.sync({ view: 'juror' })).data.slot!.id;
		await client.submit(slotId, SHEET);
		client.close();
	}
	await expect(chair.getByTestId('juror-row').filter({ hasText: juror.name }).locator('td').last()).toHaveText(score(sheetTotal(SHEET)));

	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	const dialog = chair.getByTestId('certify-dialog');
	await expect(dialog.getByRole('heading')).toHaveText(t('certify_dialog_title', { body: t('practice_label') }));
	await expect(dialog.getByTestId('certify-panel-score')).toHaveText(score(sheetTotal(SHEET)));
	// Nothing to re-score in a practice.
	await expect(dialog.getByRole('button', { name: t('rescore_ask') })).toHaveCount(0);
	await dialog.getByRole('button', { name: t('certify_dialog_confirm') }).click();

	// The room waits for its first real slot again; the tablet with it.
	await expect(chair.getByTestId('next-in-room')).toContainText(firstBody);
	await expect(chair.getByTestId('practice-badge')).toHaveCount(0);
	await expect(tablet.getByTestId('practice-badge')).toHaveCount(0);
	await expect(tablet.getByTestId('no-slot')).toBeVisible();
	// The queue never listed it, and nothing in it is certified.
	await expect(chair.getByTestId('queue-row').getByTestId('slot-state').and(chair.locator('[data-state="certified"]'))).toHaveCount(0);

	// The first real slot starts; a practice is no longer offered.
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await expect(chair.getByTestId('active-body')).toHaveText(firstBody);
	await expect(chair.getByRole('button', { name: t('practice_start') })).toHaveCount(0);
	await expect(tablet.getByTestId('stage-body')).toHaveText(firstBody);

	// The audience saw the real slot on stage and never the practice.
	await expect(audience.getByText(firstBody).first()).toBeVisible();
	const shown = await audience.content();
	expect(shown).not.toContain(t('practice_label'));
	expect(shown).not.toContain(t('practice_label', {}, 'en'));
	await audienceContext.close();
});
