/**
 * The schedule warns before the day when recusals leave a slot below quorum (issue 9, item 10c):
 * on the schedule's overview, and before a move lands a body in a room where too few jurors may
 * score it. The advice names only what can work: the panels where the body reaches the quorum,
 * and seating a juror only while the panel's jurors are not fixed. The demo: three jurors a panel,
 * quorum 2.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { declareConflict } from '$lib/server/services/conflicts';
import { moveSlot, scheduleOverview } from '$lib/server/services/schedule';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let names: Map<string, string>;

const recuse = (jurorId: string, bodyId: string) =>
	declareConflict(app.ctx, admin, fx.evaluationId, { jurorId, bodyId, reason: 'Mantan pegawai badan publik ini' });
const quorumWarnings = async (slotId: string) =>
	((await scheduleOverview(app.ctx, admin, fx.evaluationId)).warnings[slotId] ?? []).filter((w) => w.kind === 'below_quorum');

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	names = new Map((await app.db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
});
afterAll(() => app.close());

describe('a slot below quorum', () => {
	test('one recusal leaves two jurors: no warning; a second leaves one: the overview warns, naming who and where it would work', async () => {
		const [slot] = fx.panelA.slots;
		expect(await quorumWarnings(slot.id)).toEqual([]);
		await recuse(fx.panelA.jurorIds[0], slot.bodyId);
		expect(await quorumWarnings(slot.id)).toEqual([]);
		await recuse(fx.panelA.jurorIds[1], slot.bodyId);
		expect(await quorumWarnings(slot.id)).toEqual([
			{
				kind: 'below_quorum',
				eligible: 1,
				quorum: 2,
				jurors: [names.get(fx.panelA.jurorIds[0]), names.get(fx.panelA.jurorIds[1])],
				panels: ['Panel B'],
				canSeat: true
			}
		]);
	});

	test('a move into a room where the body falls below quorum waits for the secretariat to confirm it', async () => {
		const slot = fx.panelB.slots[3];
		await recuse(fx.panelA.jurorIds[0], slot.bodyId);
		await recuse(fx.panelA.jurorIds[2], slot.bodyId);
		const row = await app.db.selectFrom('slots').select('planned_start').where('id', '=', slot.id).executeTakeFirstOrThrow();
		const before = await app.state();
		const outcome = await moveSlot(app.ctx, admin, { slotId: slot.id, panelId: fx.panelA.id, start: row.planned_start + 24 * 3_600_000 });
		expect(outcome.applied).toBe(false);
		expect(outcome.warnings.flatMap((w) => w.warnings).filter((w) => w.kind === 'below_quorum')).toEqual([
			expect.objectContaining({ eligible: 1, quorum: 2, panels: ['Panel B'] })
		]);
		expect(await app.state()).toEqual(before);
	});

	test('once scoring has opened in the room its jurors are fixed: seating one is no longer advised', async () => {
		const [first, below] = [fx.panelA.slots[1], fx.panelA.slots[0]];
		await app.drive(first.id, 'start_presentation', 'open_scoring');
		expect(await quorumWarnings(below.id)).toEqual([expect.objectContaining({ panels: ['Panel B'], canSeat: false })]);
	});

	test('a slot that ended has nothing to warn about', async () => {
		const [slot] = fx.panelA.slots;
		await app.drive(fx.panelA.slots[1].id, 'close_scoring');
		await app.drive(slot.id, 'mark_no_show');
		expect(await quorumWarnings(slot.id)).toEqual([]);
	});
});
