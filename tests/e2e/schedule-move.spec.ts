/**
 * Moving a slot by hand (issue 9, item 10d): a move that raises warnings waits for confirmation;
 * "cancel" goes back to the form with the room, day and time that were chosen, not the slot's old
 * ones; a move made is confirmed on the schedule, saying where the slot now is. Own server: it
 * moves a slot of the demo.
 */
import { DEVICES, expect, loginAdmin, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';
import { expectAccessible } from './support/axe';

const scene = useIsolatedServer(test, 'schedule-move');

/** The day after a YYYY-MM-DD date. */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);

test('the move form keeps the chosen day after "cancel" and confirms a completed move', async ({ browser }) => {
	const { server } = scene();
	const context = await browser.newContext(DEVICES.desktop);
	const page = await context.newPage();
	await loginAdmin(page, server.baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await page.content())![1];
	const schedule = `${server.baseURL}/admin/e/${evaluationId}/schedule`;
	await page.goto(schedule);
	const first = page
		.locator('ol.slots li')
		.filter({ has: page.getByRole('link', { name: t('schedule_move') }) })
		.first();
	const bodyName = (await first.locator('.who strong').innerText()).trim();
	await first.getByRole('link', { name: t('schedule_move') }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('schedule_move_title', { body: bodyName }));

	// Another room, the next day, in the evening: outside every window, so the move asks first.
	const form = page.getByRole('region', { name: t('schedule_move_to') });
	const room = form.getByRole('combobox', { name: t('room') });
	const day = form.getByLabel(t('day'));
	const time = form.getByLabel(t('schedule_start_time'));
	const was = {
		room: (await room.locator('option:checked').innerText()).trim(),
		day: await day.inputValue(),
		time: await time.inputValue()
	};
	const chosenDay = nextDay(was.day);
	const otherRoom = (await room.locator('option:not(:checked)').first().innerText()).trim();
	await room.selectOption({ label: otherRoom });
	await day.fill(chosenDay);
	await time.fill('20:00');
	await form.getByRole('button', { name: t('schedule_move') }).click();
	const warnings = page.getByRole('alert').filter({ hasText: t('schedule_confirm_title') });
	await expect(warnings).toContainText(t('schedule_warn_outside_windows'));
	await expectAccessible(page, 'a move waiting for confirmation');

	// Cancel: nothing moved, and the form still holds what was chosen.
	await warnings.getByRole('link', { name: t('cancel') }).click();
	await expect(warnings).toBeHidden();
	await expect(day).toHaveValue(chosenDay);
	await expect(time).toHaveValue('20:00');
	await expect(room.locator('option:checked')).toHaveText(otherRoom);

	// Move again, confirm: the schedule says where the slot now is and marks it in its new room.
	await form.getByRole('button', { name: t('schedule_move') }).click();
	await warnings.getByRole('button', { name: t('schedule_confirm_anyway') }).click();
	await expect(page).toHaveURL(/\/schedule\?moved=/);
	const done = page.getByRole('status').filter({ hasText: t('schedule_moved_title') });
	// Seen where the page opens, not somewhere further down.
	await expect(done).toBeInViewport();
	await expect(done).toContainText(bodyName);
	await expect(done).toContainText(otherRoom);
	await expect(done).toContainText('20.00');
	await expectAccessible(page, 'the schedule confirming a move');
	const newRoom = page.locator('article').filter({ has: page.getByRole('heading', { name: otherRoom, exact: true }) });
	await expect(newRoom.locator('li.moved')).toContainText(bodyName);

	// A move that warns of nothing is made at once, and confirmed the same way: back to the old place.
	await newRoom
		.locator('li.moved')
		.getByRole('link', { name: t('schedule_move') })
		.click();
	await room.selectOption({ label: was.room });
	await day.fill(was.day);
	await time.fill(was.time);
	await form.getByRole('button', { name: t('schedule_move') }).click();
	await expect(page).toHaveURL(/\/schedule\?moved=/);
	await expect(done).toContainText(bodyName);
	await expect(done).toContainText(was.room);
	await expect(done).toContainText(was.time.replace(':', '.'));
	const oldRoom = page.locator('article').filter({ has: page.getByRole('heading', { name: was.room, exact: true }) });
	await expect(oldRoom.locator('li.moved')).toContainText(bodyName);
	await context.close();
});
