/**
 * A presenter arriving (issue 9, item 5): the secretariat sets the room's directions and an online
 * slot's meeting link; the body's phone shows them, says "you are next", checks in ("Kami sudah
 * hadir") and the chair sees the check-in in the queue without a reload; on stage the phone says
 * so, and once the slot ends the meeting link is gone. A slot tomorrow shows when its link will
 * appear and no check-in yet. Published, the result shows its version, qualification and shared rank. Own server.
 */
import type { Page } from '@playwright/test';
import { LiveClient, adminSession, joinSession, publishVersion, slotOf } from './support/api';
import { saqOf, saqScores } from './support/csv';
import { DEVICES, expect, loginAdmin, personPage, score, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'presenter-arrival');
const ZONE = 'Asia/Jakarta';
const flat = (value: number) => ({ K1: value, K2: value, K3: value, K4: value, K5: value, K6: value });
/** Today on the event's clocks (the demo is in WIB), as the move form takes it. */
const eventToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now());

test('check-in seen by the chair; directions, the meeting link at the right time, "you are next", "on stage now", the published result', async ({
	browser
}) => {
	const { server, cast } = scene();
	const me = cast.presenter('Panel A', 1);
	const later = cast.presenter('Panel A', 2);
	// The chair watches the console in the browser; the secretariat runs the slot from its own connection.
	const adminCookie = await adminSession(server.baseURL, server.adminPassword);
	const chair = await LiveClient.connect(server.baseURL, adminCookie);
	const jurors = await Promise.all(
		cast
			.jurors('Panel A')
			.slice(0, 2)
			.map(async (j) => LiveClient.connect(server.baseURL, await joinSession(server.baseURL, j.code)))
	);
	const { data: tablet } = await jurors[0].sync({ view: 'juror' });
	const queue = await chair.panel(tablet.panel.id);
	const mySlot = slotOf(queue, me.name).id;
	const laterSlot = slotOf(queue, later.name).id;

	// The secretariat: directions to Panel A's room, an online link for two slots (http refused), and
	// our slot moved to today (the demo starts tomorrow), so that it is the day to check in.
	const admin = await (await browser.newContext(DEVICES.desktop)).newPage();
	await loginAdmin(admin, server.baseURL, server.adminPassword);
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(await admin.content())![1];
	const schedule = `${server.baseURL}/admin/e/${evaluationId}/schedule`;
	const directions = 'Gedung B, lantai 3: naik lift dari lobi timur, ruangan kedua di kiri.';
	await admin.goto(`${schedule}/panels`);
	const panelCard = admin.getByRole('article').filter({ has: admin.getByRole('heading', { name: /Panel A/ }) });
	await panelCard.getByLabel(t('schedule_panel_directions')).fill(directions);
	await panelCard.getByRole('button', { name: t('schedule_save'), exact: true }).click();
	await expect(panelCard.getByLabel(t('schedule_panel_directions'))).toHaveValue(directions);

	const link = 'https://zoom.us/j/81234567890?pwd=kip2023';
	await setMeetingLink(admin, `${schedule}/slot/${laterSlot}`, link);
	await setMeetingLink(admin, `${schedule}/slot/${mySlot}`, 'http://zoom.us/j/81234567890', t('schedule_err_not_https'));
	await setMeetingLink(admin, `${schedule}/slot/${mySlot}`, link);
	await admin.getByLabel(t('day')).fill(eventToday());
	await admin.getByLabel(t('schedule_start_time')).fill('00:00');
	await admin.getByRole('button', { name: t('schedule_move') }).click();
	// Outside the day's windows: the secretariat confirms the warning.
	await admin.getByRole('button', { name: t('schedule_confirm_anyway') }).click();
	// Back on the schedule, which confirms the move made.
	await expect(admin).toHaveURL(new RegExp(`${schedule}\\?moved=${mySlot}$`));

	const { page: console } = await personPage(browser, cast.chair('Panel A'), DEVICES.tablet);
	const myRow = console.getByTestId('queue-row').filter({ hasText: me.name });
	await expect(myRow.getByText(t('console_online'))).toBeVisible();
	await expect(myRow.getByTestId('checked-in')).toHaveCount(0);

	// The phone: next in the room, the directions, the link (expected now: within the window), the check-in.
	const { page } = await personPage(browser, me, DEVICES.phone);
	await expect(page.getByTestId('presenter-stage')).toHaveAttribute('data-stage', 'next');
	await expect(page.getByTestId('presenter-stage')).toHaveText(t('you_are_next'));
	await expect(page.getByTestId('directions')).toHaveText(directions);
	await expect(page.getByTestId('meeting-link')).toHaveAttribute('href', link);
	await page.getByRole('button', { name: t('presenter_check_in') }).click();
	await expect(page.getByTestId('checked-in')).toContainText(/\d{2}\.\d{2} WIB/);
	await expect(page.getByRole('button', { name: t('presenter_check_in') })).toHaveCount(0);

	// The chair's console shows it, live.
	await expect(myRow.getByTestId('checked-in')).toHaveText(/^Hadir \d{2}\.\d{2} WIB$/);
	await expect(console.getByTestId('next-checked-in')).toBeVisible();

	// A slot tomorrow: when its link appears (15 minutes before 08.35 WIB), and no check-in yet.
	const { page: laterPage } = await personPage(browser, later, DEVICES.phone);
	await expect(laterPage.getByTestId('meeting-opens')).toHaveText(t('presenter_meeting_opens', { time: '08.20 WIB', minutes: 15 }));
	await expect(laterPage.getByTestId('meeting-link')).toHaveCount(0);
	await expect(laterPage.getByTestId('check-in-later')).toHaveText(t('presenter_check_in_on_the_day'));
	await expect(laterPage.getByRole('button', { name: t('presenter_check_in') })).toHaveCount(0);

	// On stage, then scored: the phone says so, the link stays until the slot ends.
	await chair.run(mySlot, 'start_presentation');
	await expect(page.getByTestId('presenter-stage')).toHaveAttribute('data-stage', 'on_stage');
	await expect(page.getByTestId('presenter-stage')).toHaveText(t('presenter_on_stage_now'));
	await expect(page.getByTestId('meeting-link')).toBeVisible();
	await expect(myRow.getByTestId('checked-in')).toHaveCount(0);
	await chair.run(mySlot, 'open_scoring');
	await expect(page.getByTestId('presenter-stage')).toHaveText(t('presenter_being_scored'));
	// Two sheets chosen so that the final score equals another body's SAQ score: a shared rank.
	const tie = sharedRankSheets(me.name);
	await jurors[0].submit(mySlot, flat(tie.sheets[0]));
	await jurors[1].submit(mySlot, flat(tie.sheets[1]));
	await chair.run(mySlot, 'close_scoring', 'certify');
	await expect(page.getByTestId('slot-state')).toHaveAttribute('data-state', 'certified');
	await expect(page.getByTestId('meeting-link')).toHaveCount(0);
	await expect(page.getByTestId('presenter-stage')).toHaveCount(0);

	// Published: the result with its version, its qualification and the shared-rank note.
	await expect(page.getByTestId('result-pending')).toBeVisible();
	await publishVersion(server.baseURL, adminCookie, evaluationId, 'Hasil resmi hari pertama', {
		number: '1/KEP/KIP/XI/2023',
		date: '2023-11-30'
	});
	await expect(page.getByTestId('result-version')).toContainText(t('results_public_published', { version: 1 }));
	await expect(page.getByTestId('presenter-result')).toContainText(score(tie.final));
	await expect(page.getByTestId('qualification')).toContainText(tie.final >= 90 ? 'Informatif' : 'Menuju Informatif');
	const rank = 1 + [...saqScores()].filter(([name, saq]) => name !== me.name && saq > tie.final).length;
	await expect(page.getByTestId('presenter-rank')).toHaveText(
		t('rank_in_category', { rank: t('results_rank_shared_long', { rank }), size: saqScores().size, category: 'Pemerintah Provinsi' })
	);
	await expect(page.getByTestId('tie-note')).toHaveText(t('results_tie_shared', { rank, count: 2, score: score(tie.final) }));
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DEVICES.phone.viewport.width);
	for (const client of [chair, ...jurors]) client.close();
});

/**
 * Two flat sheets whose mean makes the body's final score (70% SAQ + 30% presentation, the demo's
 * weights) equal to another body's SAQ score, which that body keeps as its final while it has not
 * presented: the two share a rank (the demo breaks no ties).
 */
function sharedRankSheets(bodyName: string): { sheets: [number, number]; final: number } {
	const prior = saqOf(bodyName);
	const others = [...saqScores()].filter(([name]) => name !== bodyName).map(([, saq]) => saq);
	for (let sum = 200; sum >= 0; sum--) {
		const exact = 0.7 * prior + 0.3 * (sum / 2);
		const final = Math.round(exact * 100) / 100;
		// Only a score with two decimals as computed: no rounding decides the tie.
		if (Math.abs(exact - final) > 1e-9) continue;
		const shared = others.filter((saq) => saq === final);
		if (shared.length === 1) return { sheets: [Math.floor(sum / 2), Math.ceil(sum / 2)], final };
	}
	throw new Error(`no pair of sheets ties ${bodyName} with exactly one other body`);
}

/** Sets a slot's meeting link on its schedule page; with `refusal`, expects that error and nothing saved. */
async function setMeetingLink(admin: Page, slotPage: string, link: string, refusal?: string) {
	await admin.goto(slotPage);
	const field = admin.getByRole('textbox', { name: t('schedule_meeting_link') });
	await field.fill(link);
	await admin.getByRole('button', { name: t('schedule_meeting_link_save') }).click();
	if (refusal) await expect(admin.getByText(refusal)).toBeVisible();
	else await expect(admin.getByRole('status').filter({ hasText: t('schedule_meeting_link_saved') })).toBeVisible();
}
