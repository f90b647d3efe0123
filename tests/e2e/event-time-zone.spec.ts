/**
 * The event's clocks on every screen, whatever zone the device is set to: the chair's laptop in
 * Jayapura, a juror's tablet and the projector on UTC and a presenter's phone in Jayapura all show
 * the demo's first slot at 08.00 WIB (not 10.00 or 01.00), the chair's queue by day. When the
 * secretariat sets the event to WITA before it starts, every screen says 08.00 WITA. Own server.
 */
import type { Page } from '@playwright/test';
import { DEVICES, expect, loginAdmin, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'event-time-zone');
const JAYAPURA = { timezoneId: 'Asia/Jayapura' };
const UTC = { timezoneId: 'UTC' };

test('chair, juror, presenter and audience show the event time, in another zone and after the zone changes', async ({ browser }) => {
	const { server, cast } = scene();
	const first = cast.presenter('Panel A', 1).name;
	const second = cast.presenter('Panel A', 2);

	const { page: chair } = await personPage(browser, cast.chair('Panel A'), { ...DEVICES.tablet, ...JAYAPURA });
	const { page: juror } = await personPage(browser, cast.jurors('Panel A')[0], { ...DEVICES.tablet, ...UTC });
	const { page: presenter } = await personPage(browser, second, { ...DEVICES.phone, ...JAYAPURA });
	const audience = await (await browser.newContext({ ...DEVICES.desktop, ...UTC })).newPage();
	await audience.goto(`${server.baseURL}/live`);
	// The device really is elsewhere: its own clock would read 08.00 WIB as 10.00 (Jayapura) or 01.00 (UTC).
	expect(await chair.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Asia/Jayapura');
	expect(await juror.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('UTC');

	const expectEventTimes = async (label: string) => {
		// The chair's queue: grouped by day (13 slots fill two demo days), the first slot at 08.00, the second 35 minutes later.
		await expect(chair.getByTestId('queue-day')).toHaveCount(2);
		await expect(chair.getByTestId('queue-row').first().getByTestId('planned')).toHaveText(`08.00 ${label}`);
		await expect(chair.getByTestId('queue-row').nth(1).getByTestId('planned')).toHaveText(`08.35 ${label}`);
		await expect(chair.getByTestId('next-in-room')).toContainText(`${first} · 08.00 ${label}`);
		// Between slots the tablet and the big screen say who is next and when.
		await expect(juror.getByTestId('no-slot')).toContainText(t('room_waiting_next'));
		await expect(juror.getByTestId('next-in-room')).toContainText(t('next_planned', { body: first, time: `08.00 ${label}` }));
		const room = audience.getByTestId('room').filter({ hasText: 'Ruang Merapi' });
		await expect(room).toContainText(t('room_waiting_next'));
		await expect(room.getByTestId('next-in-room')).toContainText(t('next_planned', { body: first, time: `08.00 ${label}` }));
		// The presenter's phone: its own slot at 08.35, and whom the room waits for first.
		await expect(presenter.getByTestId('slot-time')).toHaveText(`08.35 ${label}`);
		await expect(presenter.getByTestId('next-in-room')).toContainText(t('next_planned', { body: first, time: `08.00 ${label}` }));
	};
	await expectEventTimes('WIB');

	// The secretariat sets the event in Makassar before it starts: the schedule keeps its times of
	// day, now on WITA clocks, and every open screen follows without a reload.
	const adminContext = await browser.newContext({ ...DEVICES.desktop, ...UTC });
	const admin = await adminContext.newPage();
	await loginAdmin(admin, server.baseURL, server.adminPassword);
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(await admin.content())![1];
	await admin.goto(`${server.baseURL}/admin/e/${evaluationId}/settings`);
	await admin.getByLabel(t('settings_time_zone')).selectOption('Asia/Makassar');
	await admin.getByRole('button', { name: t('settings_save') }).click();
	await expect(admin.getByRole('status').filter({ hasText: t('settings_saved') })).toBeVisible();
	await expectEventTimes('WITA');

	// The schedule page says so too, on a UTC laptop.
	await admin.goto(`${server.baseURL}/admin/e/${evaluationId}/schedule`);
	await expect(admin.getByText(t('schedule_timezone_note', { zone: 'WITA', name: 'Asia/Makassar', offset: 8 }))).toBeVisible();
	await expect(admin.getByText(`08.00–08.35 WITA`).first()).toBeVisible();
	await closeAll([chair, juror, presenter, audience, admin]);
});

async function closeAll(pages: Page[]) {
	for (const page of pages) await page.context().close();
}
