/**
 * In the room, by clicks: a juror declares a conflict of interest with the body on stage and the
 * chair confirms the recusal; then, with the totals far apart, the chair asks the juror farthest
 * from the panel for a re-score from the certify dialog, the juror's tablet shows the reason and
 * opens the sheet, and the new total reaches the dialog. Own server (it scores).
 */
import { LiveClient, joinSession } from './support/api';
import { expect, personPage, quickPickSheet, score, sheetTotal, submitSheet, test, type Sheet } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'stage-tools');
const LOW: Sheet = { K1: 60, K2: 60, K3: 60, K4: 60, K5: 60, K6: 60 };
const HIGH: Sheet = { K1: 90, K2: 90, K3: 90, K4: 90, K5: 90, K6: 90 };
const AGAIN: Sheet = { K1: 70, K2: 70, K3: 70, K4: 70, K5: 70, K6: 70 };

test('a declared conflict becomes a recusal, and a re-score asked from the certify dialog reaches the tablet', async ({ browser }) => {
	test.setTimeout(90_000);
	const { cast, server } = scene();
	const [declarer, far, third] = cast.jurors('Panel A');

	const { page: chair } = await personPage(browser, cast.chair('Panel A'));
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	const body = (await chair.getByTestId('active-body').textContent())!.trim();

	// The conflict: declared with a reason on the tablet, confirmed on the console.
	const { page: declaring } = await personPage(browser, declarer);
	await declaring.getByRole('button', { name: t('conflict_declare') }).tap();
	await declaring.getByRole('textbox', { name: t('conflict_reason_label', { body }) }).fill('Saya mantan pegawai badan publik ini');
	await declaring.getByRole('button', { name: t('conflict_send') }).tap();
	await expect(declaring.getByTestId('conflict-declared')).toHaveText(t('conflict_declared_waiting'));
	const declared = chair.getByTestId('conflict-declared');
	await expect(declared).toContainText(t('conflict_chair_declared', { name: declarer.name, body }));
	await expect(declared).toContainText('Saya mantan pegawai badan publik ini');
	await declared.getByRole('button', { name: t('conflict_confirm_recusal') }).click();
	await expect(declaring.getByText(t('you_are_recused'))).toBeVisible();
	await expect(chair.getByTestId('juror-row').filter({ hasText: declarer.name })).toContainText(t('recused'));

	// Scoring: the far juror on the tablet, the third through the socket.
	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	const { page: tablet } = await personPage(browser, far);
	await quickPickSheet(tablet, HIGH);
	await submitSheet(tablet, score(sheetTotal(HIGH)));
	await expect(tablet.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
	const client = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, third.code));
	await client.submit((await client.sync({ view: 'juror' })).data.slot!.id, LOW);
	client.close();
	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();

	// Two sheets 30 apart: divergent, but equally far from the centre, so nobody stands out; the chair asks anyway.
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	const dialog = chair.getByTestId('certify-dialog');
	await expect(dialog.getByTestId('certify-divergence')).toHaveText(t('divergence_warning', { spread: '30,00', tolerance: '15,00' }));
	const farRow = dialog.getByTestId('certify-juror').filter({ hasText: far.name });
	await farRow.getByRole('button', { name: t('rescore_ask') }).click();
	await dialog.getByRole('textbox', { name: t('rescore_reason_label', { name: far.name }) }).fill('Periksa kembali semua kriteria');
	await dialog.getByRole('button', { name: t('rescore_send') }).click();
	await expect(farRow.getByTestId('rescore-awaited')).toHaveText(t('rescore_awaited'));
	await expect(dialog.getByTestId('certify-rescore')).toHaveText(t('rescore_certify_warning', { names: far.name }));

	// The tablet shows the reason and the sheet opens; the new total reaches the dialog.
	await expect(tablet.getByTestId('rescore-asked')).toHaveText(t('rescore_asked', { reason: 'Periksa kembali semua kriteria' }));
	await quickPickSheet(tablet, AGAIN);
	await submitSheet(tablet, score(sheetTotal(AGAIN)));
	await expect(tablet.getByTestId('rescore-asked')).toHaveCount(0);
	await expect(farRow.locator('td').last()).toHaveText(score(sheetTotal(AGAIN)));
	await expect(farRow.getByTestId('rescore-awaited')).toHaveCount(0);
	await expect(dialog.getByTestId('certify-divergence')).toHaveText(
		t('certify_dialog_divergence_ok', { spread: '10,00', tolerance: '15,00' })
	);
	await dialog.getByRole('button', { name: t('certify_dialog_confirm') }).click();
	await expect(chair.getByTestId('queue-row').filter({ hasText: body }).getByTestId('slot-state')).toHaveAttribute(
		'data-state',
		'certified'
	);
});
