/**
 * Certifying with a juror missing: the chair's console warns, shows the panel score and each
 * juror's total and asks once more before certifying,
 * and the server refuses a certification that was not confirmed. Own server.
 */
import { LiveClient, adminSession, joinSession, slotOf } from './support/api';
import { expect, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'missing');

test('the chair is warned about a missing juror and must confirm to certify without them', async ({ browser }) => {
	const { server, cast } = scene();
	const [first, second, missing] = cast.jurors('Panel A');
	const body = cast.presenter('Panel A', 1).name;
	const jurorClients = [
		await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, first.code)),
		await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, second.code))
	];
	const secretariat = await LiveClient.connect(server.baseURL, await adminSession(server.baseURL, server.adminPassword));

	const { page: chair } = await personPage(browser, cast.chair('Panel A'));
	await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await chair.getByRole('button', { name: t('cmd_open_scoring') }).click();
	const state = chair.getByTestId('slot-state').first();
	await expect(state).toHaveAttribute('data-state', 'scoring');
	await expect(chair.getByTestId('missing-warning')).toHaveText(t('missing_scores', { count: 3 }));

	const { data: jurorView } = await jurorClients[0].sync({ view: 'juror' });
	const slotId = jurorView.slot!.id;
	expect(jurorView.slot!.bodyName).toBe(body);
	const panelState = async () => slotOf(await secretariat.panel(jurorView.panel.id), body).state;
	await jurorClients[0].submit(slotId, { K1: 80, K2: 80, K3: 80, K4: 80, K5: 80, K6: 80 });
	await jurorClients[1].submit(slotId, { K1: 70, K2: 70, K3: 70, K4: 70, K5: 70, K6: 70 });
	await expect(chair.getByTestId('missing-warning')).toHaveText(t('missing_scores', { count: 1 }));
	await expect(chair.getByTestId('juror-row').filter({ hasText: missing.name })).toContainText(t('waiting'));
	await expect(chair.getByTestId('juror-row').filter({ hasText: missing.name }).locator('td').last()).toHaveText('—');

	await chair.getByRole('button', { name: t('cmd_close_scoring') }).click();
	await expect(state).toHaveAttribute('data-state', 'closed');
	await expect(chair.getByTestId('missing-warning')).toHaveText(t('missing_scores', { count: 1 }));

	// The server itself refuses an unconfirmed certification, naming who is missing.
	const refused = await secretariat.command({ slotId, command: 'certify' });
	expect(refused.ok).toBe(false);
	if (!refused.ok) {
		expect(refused.error.code).toBe('conflict');
		expect(refused.error.message).toContain(missing.name);
	}

	// Certifying asks first: the panel score (mean of 80 and 70), each juror's total, who is missing.
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	const dialog = chair.getByTestId('certify-dialog');
	await expect(dialog.getByRole('heading')).toHaveText(t('certify_dialog_title', { body }));
	await expect(dialog.getByTestId('certify-panel-score')).toHaveText('75,00');
	await expect(dialog.getByTestId('certify-juror').filter({ hasText: first.name })).toContainText('80,00');
	await expect(dialog.getByTestId('certify-juror').filter({ hasText: missing.name })).toContainText(t('certify_dialog_not_submitted'));
	await expect(dialog.getByTestId('certify-missing')).toHaveText(t('certify_missing_confirm', { count: 1, names: missing.name }));
	await expect(dialog.getByTestId('certify-divergence')).toHaveText(
		t('certify_dialog_divergence_ok', { spread: '10,00', tolerance: '15,00' })
	);
	// First the chair has second thoughts: nothing happens.
	await dialog.getByRole('button', { name: t('certify_dialog_cancel') }).click();
	await expect(dialog).toBeHidden();
	await expect(state).toHaveAttribute('data-state', 'closed');
	expect(await panelState()).toBe('closed');

	// Then confirms: certified without the missing sheet.
	await chair.getByRole('button', { name: t('cmd_certify') }).click();
	await dialog.getByRole('button', { name: t('certify_dialog_confirm') }).click();
	await expect(chair.getByTestId('queue-row').filter({ hasText: body }).getByTestId('slot-state')).toHaveAttribute(
		'data-state',
		'certified'
	);
	expect(await panelState()).toBe('certified');
	for (const client of [...jurorClients, secretariat]) client.close();
});
