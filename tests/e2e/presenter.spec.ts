/**
 * A public body's phone: its slot, how many presentations are still before it (updating live as
 * the room advances), and its result only once the secretariat publishes. Own server.
 */
import { LiveClient, joinSession, slotOf } from './support/api';
import { saqOf, saqScores } from './support/csv';
import { DEVICES, expect, loginAdmin, personPage, score, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'presenter');
const flat = (value: number) => ({ K1: value, K2: value, K3: value, K4: value, K5: value, K6: value });

test('a presenter follows the queue live and sees the result only after publication', async ({ browser }) => {
	const { server, cast } = scene();
	const first = cast.presenter('Panel A', 1).name;
	const me = cast.presenter('Panel A', 2);
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel A').code));
	const jurors = await Promise.all(
		cast
			.jurors('Panel A')
			.slice(0, 2)
			.map(async (j) => LiveClient.connect(server.baseURL, await joinSession(server.baseURL, j.code)))
	);
	/** Runs a slot from start to certification with two sheets (quorum 2). */
	const runSlot = async (bodyName: string, values: [number, number], beforeCertify?: () => Promise<void>) => {
		const slotId = slotOf(await chair.panel(), bodyName).id;
		await chair.run(slotId, 'start_presentation');
		await beforeCertify?.();
		await chair.run(slotId, 'open_scoring');
		await jurors[0].submit(slotId, flat(values[0]));
		await jurors[1].submit(slotId, flat(values[1]));
		await chair.run(slotId, 'close_scoring', 'certify');
	};

	const { page } = await personPage(browser, me, DEVICES.phone);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(me.name);
	await expect(page.getByRole('heading', { name: t('your_slot') })).toBeVisible();
	await expect(page.getByText('Ruang Merapi · Panel A')).toBeVisible();
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'scheduled');
	await expect(page.getByTestId('slots-before')).toHaveText(t('slots_before', { count: 1 }));
	await expect(page.getByTestId('result-pending')).toHaveText(t('result_not_published'));

	// The room starts the first presentation: it is still before us, and on stage.
	await runSlot(first, [80, 80], async () => {
		await expect(page.getByText(`${t('on_stage')}: ${first}`)).toBeVisible();
		await expect(page.getByTestId('slots-before')).toHaveText(t('slots_before', { count: 1 }));
	});
	// Certified: we are next, without a reload.
	await expect(page.getByTestId('slots-before')).toHaveText(t('you_are_next'));

	// Our own slot runs: the phone shows the state and the countdown, then certification.
	let sawPresenting = false;
	await runSlot(me.name, [80, 70], async () => {
		await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'presenting');
		await expect(page.getByTestId('countdown')).toBeVisible();
		sawPresenting = true;
	});
	expect(sawPresenting).toBe(true);
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'certified');
	// Certified is not published: still no result on the phone, even after a reload.
	await expect(page.getByTestId('result-pending')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('result-pending')).toBeVisible();
	await expect(page.getByTestId('presenter-result')).toHaveCount(0);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');

	// The secretariat publishes from the results hub, with the decree.
	const adminPage = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(adminPage, server.baseURL, server.adminPassword);
	await expect(adminPage.getByText(t('not_published'))).toBeVisible();
	await adminPage.getByRole('link', { name: t('res_open_hub') }).click();
	await adminPage.getByRole('textbox', { name: t('res_publish_reason') }).fill('Hasil resmi hari pertama');
	await adminPage.getByRole('textbox', { name: t('res_decree_number') }).fill('1/KEP/KIP/XI/2023');
	await adminPage.getByLabel(t('res_decree_date')).fill('2023-11-30');
	await adminPage.getByRole('button', { name: t('res_publish_submit', { version: 1 }) }).click();
	await expect(adminPage.getByRole('status')).toHaveText(t('res_published_done', { version: 1 }));

	// The phone shows the published result live: 0.7 × SAQ + 0.3 × mean(80, 70).
	const final = Math.round((0.7 * saqOf(me.name) + 0.3 * 75) * 100) / 100;
	const finals = new Map(saqScores());
	finals.set(first, 0.7 * saqOf(first) + 0.3 * 80);
	finals.set(me.name, final);
	const rank = 1 + [...finals.values()].filter((v) => v > final).length;
	const result = page.getByTestId('presenter-result');
	await expect(result).toContainText(score(final));
	await expect(result).toContainText('Menuju Informatif');
	await expect(page.getByTestId('presenter-rank')).toHaveText(
		t('rank_in_category', { rank: t('results_rank_long', { rank }), size: finals.size, category: 'Pemerintah Provinsi' })
	);
	await expect(page.getByTestId('result-pending')).toHaveCount(0);

	// A phone layout: nothing wider than the screen.
	// (Against the device width: a mobile browser widens its layout viewport to fit overflowing content.)
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DEVICES.phone.viewport.width);
	for (const client of [chair, ...jurors]) client.close();
});
