/**
 * A body's presenter page (issue 9, item 5) on a real server: the check-in reaches the chair's
 * queue live, once, with its audit row; the secretariat's room directions and per-slot meeting
 * link reach the presenter's page live; refusals change nothing; and a published version that
 * ranks the body before it presented is never shown on its page, until a version with its
 * presentation is published.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { checkIn } from '$lib/server/services/check-in';
import { ServiceError } from '$lib/server/services/errors';
import { setMeetingLink } from '$lib/server/services/meeting-link';
import { updatePanel } from '$lib/server/services/panels';
import { publishResults } from '$lib/server/services/results/publish';
import { submitScores } from '$lib/server/services/scoring';
import type { AudienceView, PanelView, PresenterView, Snapshot } from '$lib/shared/contracts';
import {
	ask,
	flatSheet,
	newSubmissionId,
	nextSnapshot,
	scoredBoards,
	startTestApp,
	type Fixture,
	type TestApp,
	type TestSocket
} from './harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let chair: TestSocket;
/** Panel A's second body: its presenter, and a socket following its page. */
let presenter: SessionUser;
let page: TestSocket;
let slotId: string;
let plannedStart: number;

const HOUR = 3_600_000;

async function signInPresenter(detail: string) {
	const index = app.demo.joinCodes.filter((p) => p.role === 'presenter').findIndex((p) => p.detail === detail);
	return app.signIn('presenter', index);
}

async function presenterView(socket: TestSocket): Promise<PresenterView> {
	const res = await ask<Snapshot>(socket, 'sync', { view: 'presenter' });
	if (!res.ok) throw new Error(res.error.message);
	return res.data.data as PresenterView;
}

async function consoleView(): Promise<Snapshot> {
	const res = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
	if (!res.ok) throw new Error(res.error.message);
	return res.data;
}

/** The service call is refused with this reason, and the database is exactly as it was. */
async function refusedUnchanged(call: () => Promise<unknown>, reason: string) {
	const before = await app.state();
	const error = await call().then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	const refusal = error as ServiceError;
	expect([refusal.refusal.reason, ...(refusal.issues ?? []).map((i) => i.message)]).toContain(reason);
	expect(await app.state()).toEqual(before);
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	chair = await app.socket((await app.signIn('chair', 0)).token);
	const synced = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
	if (!synced.ok) throw new Error(synced.error.message);
	const signedIn = await signInPresenter('Panel A · #2');
	presenter = signedIn.user;
	page = await app.socket(signedIn.token);
	const view = await presenterView(page);
	slotId = view.slot!.id;
	plannedStart = view.slot!.plannedStart;
	expect(slotId).toBe(fx.panelA.slots[1].id);
	// The services' clock: half an hour before the slot, on its day.
	app.ctx.clock = () => plannedStart - HOUR / 2;
});
afterAll(() => app.close());

describe('check-in', () => {
	test('the chair sees it in the queue, live; the presenter’s page too; one audit row', async () => {
		const now = plannedStart - HOUR / 2;
		const queueRow = (s: Snapshot) => (s.data as PanelView).queue.find((q) => q.id === slotId);
		expect(queueRow(await consoleView())?.checkedInAt).toBeNull();
		const consolePush = nextSnapshot(chair, 'panel', (s) => queueRow(s)?.checkedInAt === now);
		const pagePush = nextSnapshot(page, 'presenter', (s) => (s.data as PresenterView).slot?.checkedInAt === now);

		expect(await checkIn(app.ctx, presenter, {})).toEqual({ checkedInAt: now });
		expect(queueRow(await consolePush)).toMatchObject({ bodyName: fx.panelA.slots[1].bodyName, checkedInAt: now, state: 'scheduled' });
		await pagePush;
		const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'slot.check_in').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actor_id: presenter.id, entity: 'slot', entity_id: slotId });
	});

	test('pressed again (a second phone), it changes nothing: same time, no row, no version', async () => {
		const before = await app.state();
		app.ctx.clock = () => plannedStart - HOUR / 4;
		expect(await checkIn(app.ctx, presenter, {})).toEqual({ checkedInAt: plannedStart - HOUR / 2 });
		expect(await app.state()).toEqual(before);
	});

	test('refused, changing nothing: the day before, a started slot, a juror, a payload with fields', async () => {
		const other = (await signInPresenter('Panel A · #3')).user;
		const third = fx.panelA.slots[2];
		const thirdStart = (await app.db.selectFrom('slots').select('planned_start').where('id', '=', third.id).executeTakeFirstOrThrow())
			.planned_start;
		app.ctx.clock = () => thirdStart - 24 * HOUR;
		await refusedUnchanged(() => checkIn(app.ctx, other, {}), 'check_in_not_today');

		const first = (await signInPresenter('Panel B · #1')).user;
		await app.drive(fx.panelB.slots[0].id, 'start_presentation');
		app.ctx.clock = () => Date.now();
		await refusedUnchanged(() => checkIn(app.ctx, first, {}), 'check_in_closed');

		const juror = (await app.signIn('juror', 0)).user;
		await refusedUnchanged(() => checkIn(app.ctx, juror, {}), 'forbidden');
		app.ctx.clock = () => thirdStart - HOUR;
		await refusedUnchanged(() => checkIn(app.ctx, other, { slotId: fx.panelA.slots[0].id }), 'invalid_input');
	});
});

describe('what the secretariat sets up reaches the page', () => {
	test('a meeting link: https only; set, shown live, cleared; each change audited', async () => {
		await refusedUnchanged(() => setMeetingLink(app.ctx, admin, { slotId, link: 'http://zoom.us/j/81234' }), 'not_https');
		await refusedUnchanged(() => setMeetingLink(app.ctx, admin, { slotId, link: 'javascript:alert(1)' }), 'not_https');
		await refusedUnchanged(() => setMeetingLink(app.ctx, presenter, { slotId, link: 'https://zoom.us/j/81234' }), 'secretariat_only');

		const link = 'https://zoom.us/j/81234?pwd=kip2023';
		const shown = nextSnapshot(page, 'presenter', (s) => (s.data as PresenterView).slot?.meetingLink === link);
		await setMeetingLink(app.ctx, admin, { slotId, link: `  ${link} ` });
		await shown;
		expect(((await consoleView()).data as PanelView).queue.find((q) => q.id === slotId)?.online).toBe(true);

		const cleared = nextSnapshot(page, 'presenter', (s) => (s.data as PresenterView).slot?.meetingLink === null);
		await setMeetingLink(app.ctx, admin, { slotId, link: '' });
		await cleared;
		const audit = await app.db
			.selectFrom('audit_log')
			.select(['before', 'after'])
			.where('action', '=', 'slot.meeting_link')
			.orderBy('seq')
			.execute();
		expect(audit.map((a) => [JSON.parse(a.before!), JSON.parse(a.after!)])).toEqual([
			[{ meetingLink: null }, { meetingLink: link }],
			[{ meetingLink: link }, { meetingLink: null }]
		]);
	});

	test('the room’s directions: set, kept by a rename, cleared', async () => {
		const panel = { panelId: fx.panelA.id, name: 'Panel A', room: 'Ruang Merapi' };
		await refusedUnchanged(() => updatePanel(app.ctx, admin, { ...panel, directions: 'x'.repeat(501) }), 'too_long');
		const directions = 'Gedung B, lantai 3: naik lift dari lobi timur.';
		const shown = nextSnapshot(page, 'presenter', (s) => (s.data as PresenterView).slot?.directions === directions);
		await updatePanel(app.ctx, admin, { ...panel, directions });
		await shown;
		// A rename that does not name the directions keeps them; an empty field clears them.
		await updatePanel(app.ctx, admin, { ...panel, name: 'Panel A1' });
		expect((await presenterView(page)).slot).toMatchObject({ panelName: 'Panel A1', directions });
		await updatePanel(app.ctx, admin, { ...panel, directions: '' });
		expect((await presenterView(page)).slot).toMatchObject({ panelName: 'Panel A', directions: null });
	});
});

describe('the result on the page', () => {
	test('a version published before the body presented is not shown; one with its presentation is', async () => {
		await publishResults(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			reason: 'Hasil hari pertama',
			decreeNumber: '1/KEP/KIP/XI/2023',
			decreeDate: '2023-11-30'
		});
		// The public sees the body ranked by its SAQ alone; its own page waits for its presentation.
		const audience = await app.socket();
		const synced = (await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId: fx.evaluationId })) as {
			ok: true;
			data: Snapshot;
		};
		const line = scoredBoards(synced.data.data as AudienceView)
			.flatMap((b) => b.entries)
			.find((e) => e.bodyId === presenter.bodyId);
		expect(line).toMatchObject({ presentationScore: null });
		expect(await presenterView(page)).toMatchObject({ result: null, resultPending: 'after_presentation' });
		expect(JSON.stringify(await presenterView(page))).not.toContain(`"rank`);

		// The body presents, three sheets, certified: version 1 still ranks it without, so still nothing.
		await app.drive(slotId, 'start_presentation', 'open_scoring');
		for (const [i, value] of [80, 84, 88].entries()) {
			const juror = (await app.signIn('juror', i)).user;
			await submitScores(app.ctx, juror, { slotId, submissionId: newSubmissionId(`arrival${i}`), scores: flatSheet(value) });
		}
		await app.drive(slotId, 'close_scoring', 'certify');
		expect(await presenterView(page)).toMatchObject({ result: null, resultPending: 'after_presentation' });

		const published = nextSnapshot(page, 'presenter', (s) => (s.data as PresenterView).result !== null);
		await publishResults(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			reason: 'Hasil hari kedua',
			decreeNumber: '2/KEP/KIP/XI/2023',
			decreeDate: '2023-12-01'
		});
		const view = (await published).data as PresenterView;
		expect(view.resultPending).toBeNull();
		expect(view.result).toMatchObject({ version: 2, presentationScore: 84, band: expect.any(String), rankInCategory: expect.any(Number) });
	});
});
