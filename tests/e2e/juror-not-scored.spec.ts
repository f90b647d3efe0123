/**
 * "Not scored" must never look like the lowest score: an empty criterion is marked
 * data-scored="false", shows a dashed "not scored" field and adds nothing to the count, while a
 * criterion scored 0 (the scale's minimum) is an ordinary, scored value. Own server.
 */
import { LiveClient, joinSession, slotOf } from './support/api';
import { criterion, expect, personPage, score, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'not-scored');

test.beforeAll(async () => {
	const { server, cast } = scene();
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel B').code));
	await chair.run(slotOf(await chair.panel(), cast.presenter('Panel B', 1).name).id, 'start_presentation', 'open_scoring');
	chair.close();
});

test('an unscored criterion is visibly distinct from a criterion scored at the minimum', async ({ browser }) => {
	const { cast } = scene();
	const { page } = await personPage(browser, cast.jurors('Panel B')[0]);
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scoring');
	const cards = page.getByTestId('criterion');
	await expect(cards).toHaveCount(6);
	for (const card of await cards.all()) {
		await expect(card).toHaveAttribute('data-scored', 'false');
		await expect(card.getByRole('textbox')).toHaveValue('');
		await expect(card.getByRole('textbox')).toHaveAttribute('placeholder', t('not_scored'));
		await expect(card.getByRole('button', { pressed: true })).toHaveCount(0);
	}
	await expect(page.getByTestId('running-total')).toHaveText('—');
	await expect(page.getByTestId('submit-scores')).toBeDisabled();

	// K1 gets the lowest score on the scale; K2 stays unscored.
	const lowest = criterion(page, 'K1');
	const unscored = criterion(page, 'K2');
	await lowest.getByRole('button', { name: '0', exact: true }).tap();
	await expect(lowest).toHaveAttribute('data-scored', 'true');
	await expect(lowest.getByRole('textbox')).toHaveValue('0');
	await expect(lowest.getByRole('button', { name: '0', exact: true })).toHaveAttribute('aria-pressed', 'true');
	await expect(unscored).toHaveAttribute('data-scored', 'false');
	await expect(page.getByTestId('running-total')).toHaveText(score(0));
	await expect(page.getByText(t('running_total', { scored: 1, count: 6 }))).toBeVisible();

	// And they look different, not only in the DOM.
	const look = (input: ReturnType<typeof page.getByRole>) =>
		input.evaluate((el) => {
			const style = getComputedStyle(el);
			return { border: style.borderTopStyle, background: style.backgroundColor };
		});
	const lowestLook = await look(lowest.getByRole('textbox'));
	const unscoredLook = await look(unscored.getByRole('textbox'));
	expect(unscoredLook.border).toBe('dashed');
	expect(lowestLook.border).toBe('solid');
	expect(unscoredLook.background).not.toBe(lowestLook.background);

	// The − stepper on an unscored criterion starts from the top, + from the bottom; Clear unscores again.
	await unscored.getByRole('button', { name: t('increase'), exact: true }).tap();
	await expect(unscored.getByRole('textbox')).toHaveValue('0');
	await unscored.getByRole('button', { name: t('clear') }).tap();
	await expect(unscored).toHaveAttribute('data-scored', 'false');
	await expect(unscored.getByRole('textbox')).toHaveValue('');
	await unscored.getByRole('button', { name: t('decrease'), exact: true }).tap();
	await expect(unscored.getByRole('textbox')).toHaveValue('100');
	await unscored.getByRole('button', { name: t('clear') }).tap();
	await expect(unscored).toHaveAttribute('data-scored', 'false');

	// An incomplete sheet cannot be sent; the unscored criteria are not silently zero.
	await expect(page.getByTestId('submit-scores')).toBeDisabled();
	await expect(page.getByTestId('criterion').and(page.locator('[data-scored="false"]'))).toHaveCount(5);
});
