/**
 * A juror's private notes on the tablet: a note on a criterion and an overall note, written and sent
 * offline with the sheet (queued in the outbox with it), kept over a reload, never on the audience's
 * screen; the chair reads them from the console's queue once the slot is certified. Own server (it certifies).
 */
import { LiveClient, joinSession } from './support/api';
import { expect, personPage, quickPickSheet, score, sheetTotal, submitSheet, test, type Sheet } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';
import { outboxItems } from './support/tablet';

const scene = useIsolatedServer(test, 'notes');
const SHEET: Sheet = { K1: 80, K2: 70, K3: 70, K4: 60, K5: 90, K6: 50 };
const NOTE_K1 = 'Pimpinan hadir langsung; minta bukti SK PPID';
const NOTE_OVERALL = 'Kesan umum: siap, perlu verifikasi data layanan';

test('notes are written and queued offline with the sheet, kept on the tablet, and read by the chair after certification only', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { cast, server } = scene();
	const [juror, ...others] = cast.jurors('Panel A');

	const { page: chair } = await personPage(browser, cast.chair('Panel A'));
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	const body = (await chair.getByTestId('active-body').textContent())!.trim();

	const audienceContext = await browser.newContext();
	const audience = await audienceContext.newPage();
	await audience.goto(`${server.baseURL}/live`);

	const { context, page } = await personPage(browser, juror);
	await quickPickSheet(page, SHEET);
	// A criterion's note opens from its own button; the overall note is always there. Both are labelled.
	await page.getByRole('button', { name: t('note_add', { code: 'K1' }) }).tap();
	await page.getByRole('textbox', { name: t('note_criterion_label', { code: 'K1' }) }).fill(NOTE_K1);
	await page.getByRole('textbox', { name: t('note_overall_label') }).fill(NOTE_OVERALL);
	for (const box of await page.locator('textarea, [data-testid="add-criterion-note"]').all()) {
		expect((await box.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	}

	// Offline: the sheet and its notes wait in the outbox together.
	await context.setOffline(true);
	await submitSheet(page, score(sheetTotal(SHEET)));
	await expect(page.getByTestId('save-status')).toHaveText(t('queued_offline'));
	expect(await outboxItems(page)).toMatchObject([{ notes: { criteria: { K1: NOTE_K1 }, overall: NOTE_OVERALL } }]);
	await context.setOffline(false);
	await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	await expect(page.getByTestId('changes-not-sent')).toHaveCount(0);

	// A reload shows them back; editing a note alone is a change not sent yet.
	await page.reload();
	await expect(page.getByRole('textbox', { name: t('note_criterion_label', { code: 'K1' }) })).toHaveValue(NOTE_K1);
	await expect(page.getByRole('textbox', { name: t('note_overall_label') })).toHaveValue(NOTE_OVERALL);
	await page.getByRole('textbox', { name: t('note_overall_label') }).fill(`${NOTE_OVERALL}!`);
	await expect(page.getByTestId('changes-not-sent')).toBeVisible();
	await page.getByRole('textbox', { name: t('note_overall_label') }).fill(NOTE_OVERALL);
	await expect(page.getByTestId('changes-not-sent')).toHaveCount(0);

	// The other jurors score; the chair closes and certifies.
	for (const other of others) {
		const client = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, other.code));
		const slotId = (await client.sync({ view: 'juror' })).data.slot!.id;
		await client.submit(slotId, SHEET);
		client.close();
	}
	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();
	// Before certification the console offers no notes.
	await expect(chair.getByTestId('notes-link')).toHaveCount(0);
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	await chair
		.getByTestId('certify-dialog')
		.getByRole('button', { name: t('certify_dialog_confirm') })
		.click();
	const row = chair.getByTestId('queue-row').filter({ hasText: body });
	await expect(row.getByTestId('slot-state')).toHaveAttribute('data-state', 'certified');

	await row.getByRole('link', { name: t('panel_notes_link') }).click();
	await expect(chair.getByRole('heading', { level: 1 })).toHaveText(t('notes_page_title', { body }));
	const mine = chair.getByTestId('juror-notes').filter({ hasText: juror.name });
	await expect(mine.getByTestId('criterion-note')).toHaveText(NOTE_K1);
	await expect(mine.getByTestId('overall-note')).toContainText(NOTE_OVERALL);
	await expect(chair.getByTestId('juror-notes').filter({ hasText: others[0].name })).toContainText(t('notes_none'));

	// The audience saw the certification, never the notes.
	await expect(audience.getByText(body).first()).toBeVisible();
	expect(await audience.content()).not.toContain('SK PPID');
	await audienceContext.close();
});
