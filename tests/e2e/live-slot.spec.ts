/**
 * The acceptance scenario: one slot from start to certification with a chair, the three jurors of
 * Panel A and an audience screen, each in its own browser context, on the shared server.
 * (No other spec on the shared server certifies anything, so the audience's leaderboard is ours.)
 */
import type { Page } from '@playwright/test';
import {
	DEVICES,
	criterion,
	expect,
	personPage,
	quickPickSheet,
	score,
	sheetTotal,
	submitSheet,
	test,
	type Sheet
} from './support/fixtures';
import { t } from './support/messages';
import { saqOf } from './support/csv';
import { mainCast, mainServer } from './support/shared';
import { gateAcks } from './support/websocket';

// Three sheets, each filled a different way on the touch UI.
const QUICK: Sheet = { K1: 90, K2: 80, K3: 70, K4: 60, K5: 50, K6: 40 }; // 70.50
const TYPED: Sheet = { K1: 88, K2: 77, K3: 93, K4: 64, K5: 71, K6: 82 }; // 80.90
const STEPPED: Sheet = { K1: 82, K2: 72, K3: 90, K4: 60, K5: 99, K6: 54 }; // 77.20
/** For STEPPED: the quick pick first, then taps on + (positive) or − (negative). */
const STEPS: Record<keyof Sheet, [number, number]> = { K1: [80, 2], K2: [70, 2], K3: [90, 0], K4: [60, 0], K5: [100, -1], K6: [50, 4] };

/** Records, from the first parsed byte on, every moment a leaderboard row is in the audience's DOM. */
async function watchLeaderboard(page: Page) {
	await page.addInitScript(() => {
		const w = window as unknown as { __juriRowsSeen: { at: number; text: string }[] };
		w.__juriRowsSeen = [];
		const look = () => {
			for (const row of document.querySelectorAll('[data-testid="leaderboard-row"]')) {
				w.__juriRowsSeen.push({ at: Date.now(), text: (row.textContent ?? '').replace(/\s+/g, ' ').trim() });
			}
		};
		new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
	});
}

test('a chair, three jurors and the audience run one slot from start to certification', async ({ browser }) => {
	test.setTimeout(120_000);
	const { baseURL } = mainServer();
	const cast = mainCast();
	const chairPerson = cast.chair('Panel A');
	const jurorPeople = cast.jurors('Panel A');
	const body = cast.presenter('Panel A', 1).name; // first in Panel A's queue
	const saq = saqOf(body);

	// The audience opens /live first and keeps it open: never reloaded, watched for early scores.
	const audienceContext = await browser.newContext(DEVICES.bigScreen);
	const audience = await audienceContext.newPage();
	await watchLeaderboard(audience);
	await audience.goto(`${baseURL}/live`);
	await audience.evaluate(() => ((window as unknown as { __juriPageId: string }).__juriPageId = 'first-load'));
	await expect(audience.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	await expect(audience.getByTestId('leaderboard-empty')).toHaveText(t('leaderboard_empty'));
	const merapi = audience.getByTestId('room').filter({ hasText: 'Ruang Merapi' });
	await expect(merapi).toContainText(t('room_waiting_next'));

	// The chair joins; the jurors join, each on their own tablet, with acknowledgements gated.
	const { page: chair } = await personPage(browser, chairPerson);
	const unexpectedDialogs: string[] = [];
	chair.on('dialog', (dialog) => {
		unexpectedDialogs.push(dialog.message());
		void dialog.dismiss();
	});
	const jurors = [];
	for (const person of jurorPeople) {
		const context = await browser.newContext(DEVICES.tablet);
		const page = await context.newPage();
		const gate = await gateAcks(page);
		await page.goto(person.link);
		await page.getByRole('button', { name: t('join_submit') }).tap();
		await expect(page).toHaveURL(/\/juror$/);
		await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
		await expect(page.getByTestId('no-slot')).toContainText(t('room_waiting_next'));
		await expect(page.getByTestId('next-in-room')).toContainText(body);
		jurors.push({ person, page, gate });
	}
	await expect(chair.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	for (const { person } of jurors) {
		await expect(chair.getByTestId('juror-row').filter({ hasText: person.name })).toContainText(t('online'));
	}

	// Chair: start presentation → Q&A → open scoring. Every screen follows live.
	await expect(chair.getByTestId('queue-row').first()).toContainText(body);
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await expect(chair.getByTestId('active-body')).toHaveText(body);
	await expect(chair.getByTestId('slot-state').first()).toHaveAttribute('data-state', 'presenting');
	for (const { page } of jurors) {
		await expect(page.getByTestId('stage-body')).toHaveText(body);
		await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'presenting');
		await expect(page.getByTestId('submit-scores')).toBeDisabled();
	}
	await expect(merapi).toContainText(body);
	await expect(merapi.getByTestId('countdown')).toBeVisible();

	await chair.getByRole('button', { name: t('cmd_start_qa') }).click();
	await expect(chair.getByTestId('slot-state').first()).toHaveAttribute('data-state', 'qa');
	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	await expect(chair.getByTestId('slot-state').first()).toHaveAttribute('data-state', 'scoring');
	await expect(chair.getByTestId('missing-warning')).toHaveText(t('missing_scores', { count: 3 }));
	for (const { page } of jurors) await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scoring');

	// Juror 1: quick picks only; the running total follows every tap.
	const [quick, typed, stepped] = jurors;
	await expect(quick.page.getByTestId('running-total')).toHaveText('—');
	await criterion(quick.page, 'K1').getByRole('button', { name: '90', exact: true }).tap();
	await expect(quick.page.getByTestId('running-total')).toHaveText(score(22.5));
	await expect(quick.page.getByText(t('running_total', { scored: 1, count: 6 }))).toBeVisible();
	await quickPickSheet(quick.page, QUICK);

	// Juror 2: types every value into the number input.
	for (const [code, value] of Object.entries(TYPED)) {
		const input = criterion(typed.page, code).getByRole('textbox');
		await input.fill(String(value));
		await input.press('Tab');
		await expect(input).toHaveValue(String(value));
		await expect(criterion(typed.page, code)).toHaveAttribute('data-scored', 'true');
	}

	// Juror 3: a quick pick, then the + and − steppers.
	for (const [code, [pick, taps]] of Object.entries(STEPS)) {
		const card = criterion(stepped.page, code);
		await card.getByRole('button', { name: String(pick), exact: true }).tap();
		const stepper = card.getByRole('button', { name: taps > 0 ? t('increase') : t('decrease'), exact: true });
		for (let i = 0; i < Math.abs(taps); i++) await stepper.tap();
		await expect(card.getByRole('textbox')).toHaveValue(String(STEPPED[code as keyof Sheet]));
	}

	const totals = [sheetTotal(QUICK), sheetTotal(TYPED), sheetTotal(STEPPED)];
	expect(totals.map((x) => score(x))).toEqual(['70,50', '80,90', '77,20']);
	for (const [i, { page, gate }] of jurors.entries()) {
		await expect(page.getByTestId('running-total')).toHaveText(score(totals[i]));
		await expect(page.getByText(t('running_total', { scored: 6, count: 6 }))).toBeVisible();
		await expect(page.getByTestId('save-status')).toHaveCount(0);

		// Submit with the server's acknowledgement held back: the tablet must not claim "saved" yet.
		gate.hold();
		await submitSheet(page, score(totals[i]));
		await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'pending');
		await expect(page.getByTestId('save-status')).toHaveText(t('sending'));
		await expect.poll(() => gate.heldCount).toBeGreaterThan(0);
		await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'pending');
		gate.release();
		const status = page.getByTestId('save-status');
		await expect(status).toHaveAttribute('data-status', 'saved');
		await expect(status).toContainText(`revisi 1`);
		await expect(status).toContainText(`total ${score(totals[i])}`);
		await expect(page.getByTestId('submit-scores')).toHaveText(t('resubmit'));
	}

	// Chair: all three submitted, with their totals; close and certify, after one look at the panel score.
	for (const [i, { person }] of jurors.entries()) {
		const row = chair.getByTestId('juror-row').filter({ hasText: person.name });
		await expect(row).toContainText(t('submitted'));
		await expect(row.locator('td').last()).toHaveText(score(totals[i]));
	}
	await expect(chair.getByTestId('missing-warning')).toHaveCount(0);
	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();
	await expect(chair.getByTestId('slot-state').first()).toHaveAttribute('data-state', 'closed');
	for (const { page } of jurors) {
		await expect(page.getByText(t('scoring_closed'))).toBeVisible();
		await expect(page.getByTestId('submit-scores')).toBeDisabled();
	}

	// Up to this moment the audience has not seen a single score.
	await expect(audience.getByTestId('leaderboard-row')).toHaveCount(0);
	const certifyAt = Date.now();
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	const certifyDialog = chair.getByTestId('certify-dialog');
	await expect(certifyDialog.getByTestId('certify-panel-score')).toHaveText(score(totals.reduce((a, b) => a + b, 0) / totals.length));
	for (const [i, { person }] of jurors.entries())
		await expect(certifyDialog.getByTestId('certify-juror').filter({ hasText: person.name }).locator('td').last()).toHaveText(
			score(totals[i])
		);
	await expect(certifyDialog.getByTestId('certify-missing')).toHaveCount(0);
	await certifyDialog.getByRole('button', { name: t('certify_dialog_confirm') }).click();
	const queueRow = chair.getByTestId('queue-row').filter({ hasText: body });
	await expect(queueRow.getByTestId('slot-state')).toHaveAttribute('data-state', 'certified');
	await expect(chair.getByTestId('active-body')).toHaveCount(0);
	expect(unexpectedDialogs).toEqual([]);

	// Audience: the certified body appears without a reload, with presentation = mean of the totals
	// and final = 0.7 × SAQ + 0.3 × presentation, two decimals with a decimal comma.
	const presentation = totals.reduce((a, b) => a + b, 0) / totals.length;
	const final = Math.round((0.7 * saq + 0.3 * presentation) * 100) / 100;
	expect([score(presentation), score(final)]).toEqual(['76,20', '90,41']);
	const row = audience.getByTestId('leaderboard-row').filter({ hasText: body });
	// (As rendered: on a big screen the qualification has its own column.)
	await expect(row.locator('td')).toHaveText(['1', body, score(presentation), score(final), 'Informatif'], { useInnerText: true });
	await expect(audience.getByTestId('leaderboard-row')).toHaveCount(1);
	await expect(merapi).toContainText(t('room_waiting_next'));
	expect(await audience.evaluate(() => (window as unknown as { __juriPageId?: string }).__juriPageId)).toBe('first-load');
	const seen = await audience.evaluate(() => (window as unknown as { __juriRowsSeen: { at: number; text: string }[] }).__juriRowsSeen);
	expect(seen.length).toBeGreaterThan(0);
	expect(seen.filter((s) => s.at < certifyAt)).toEqual([]);
});
