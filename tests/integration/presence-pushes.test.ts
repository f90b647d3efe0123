/**
 * Live presence and pushes: who the chair sees connected, who is pushed what after a slot
 * command (and who is not), and how snapshot versions order.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JurorView, PanelView, Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, nextSnapshot, record, startTestApp, waitFor, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
let chairA: TestSocket;
let chairB: TestSocket;

const liveVersion = async () => (await app.db.selectFrom('evaluations').select('live_version').executeTakeFirstOrThrow()).live_version;
const connectedOf = (s: Snapshot, jurorId: string) => (s.data as PanelView).jurors.find((j) => j.id === jurorId)?.connected;

async function synced(token: string, request: Record<string, unknown>): Promise<{ socket: TestSocket; answer: Snapshot }> {
	const socket = await app.socket(token);
	const res = await ask<Snapshot>(socket, 'sync', request);
	if (!res.ok) throw new Error(res.error.message);
	return { socket, answer: res.data };
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	chairA = (await synced((await app.signIn('chair', 0)).token, { view: 'panel' })).socket;
	chairB = (await synced((await app.signIn('chair', 1)).token, { view: 'panel' })).socket;
});
afterAll(() => app.close());

describe('presence on the chair console', () => {
	test("a juror's tablet shows as connected once it syncs, and as disconnected once it drops", async () => {
		const juror = await app.signIn('juror', 0);
		const initial = await ask<Snapshot>(chairA, 'sync', { view: 'panel' });
		expect(initial.ok && connectedOf(initial.data, juror.user.id)).toBe(false);

		const online = nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === true);
		const { socket: tablet } = await synced(juror.token, { view: 'juror' });
		await online;

		const offline = nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === false);
		tablet.disconnect();
		await offline;
	});

	test('with two tablets, the juror stays connected until the last one drops', async () => {
		const juror = await app.signIn('juror', 1);
		const online = nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === true);
		const { socket: first } = await synced(juror.token, { view: 'juror' });
		await online;
		const { socket: second } = await synced(juror.token, { view: 'juror' });

		const afterFirstDrop = nextSnapshot(chairA, 'panel');
		first.disconnect();
		expect(connectedOf(await afterFirstDrop, juror.user.id)).toBe(true);

		const offline = nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === false);
		second.disconnect();
		await offline;
	});

	test("the other panel's chair is not told about Panel A's jurors", async () => {
		const seenByB = record(chairB);
		const juror = await app.signIn('juror', 2);
		const online = nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === true);
		const { socket } = await synced(juror.token, { view: 'juror' });
		await online;
		socket.disconnect();
		await nextSnapshot(chairA, 'panel', (s) => connectedOf(s, juror.user.id) === false);
		for (const s of seenByB) expect((s.data as PanelView).panel.id).toBe(fx.panelB.id);
		expect(JSON.stringify(seenByB)).not.toContain(juror.user.id);
	});
});

describe('pushes after a slot command', () => {
	test("the chair and every juror of the panel get a new snapshot; the other panel's screens get none", async () => {
		// Let the presence pushes for these tablets go out before recording.
		const allOnline = nextSnapshot(chairA, 'panel', (s) => (s.data as PanelView).jurors.every((j) => j.connected));
		const jurorsA = await Promise.all([0, 1, 2].map(async (i) => synced((await app.signIn('juror', i)).token, { view: 'juror' })));
		await allOnline;
		const jurorBUser = await app.signIn('juror', 3);
		const bOnline = nextSnapshot(chairB, 'panel', (s) => connectedOf(s, jurorBUser.user.id) === true);
		const jurorB = await synced(jurorBUser.token, { view: 'juror' });
		await bOnline;
		// A trailing presence push for Panel A may still be on its way; it cannot concern Panel B.
		await waitFor(async () => {
			const res = await ask<Snapshot>(chairA, 'sync', { view: 'panel' });
			return res.ok && (res.data.data as PanelView).jurors.every((j) => j.connected);
		});
		const seenB = { chair: record(chairB), juror: record(jurorB.socket) };
		const seenA = { chair: record(chairA), jurors: jurorsA.map((j) => record(j.socket)) };

		const slotId = fx.panelA.slots[0].id;
		const chairPush = nextSnapshot(chairA, 'panel', (s) => (s.data as PanelView).activeSlotId === slotId);
		const jurorPushes = jurorsA.map(({ socket }) => nextSnapshot(socket, 'juror', (s) => (s.data as JurorView).slot?.id === slotId));
		const res = await ask(chairA, 'slot.command', { slotId, command: 'start_presentation' });
		expect(res).toMatchObject({ ok: true });
		const version = await liveVersion();
		expect((await chairPush).version).toBe(version);
		for (const push of await Promise.all(jurorPushes)) {
			expect(push.version).toBe(version);
			expect((push.data as JurorView).slot).toMatchObject({ id: slotId, state: 'presenting', recused: false });
			expect((push.data as JurorView).mine).toBeNull();
		}

		// A barrier on Panel B: its command's push arrives after anything Panel A's command could have sent it.
		const bSlot = fx.panelB.slots[0].id;
		const bJurorPush = nextSnapshot(jurorB.socket, 'juror', (s) => (s.data as JurorView).slot?.id === bSlot);
		const bChairPush = nextSnapshot(chairB, 'panel', (s) => (s.data as PanelView).activeSlotId === bSlot);
		expect(await ask(chairB, 'slot.command', { slotId: bSlot, command: 'start_presentation' })).toMatchObject({ ok: true });
		await Promise.all([bJurorPush, bChairPush]);
		expect(seenB.juror).toHaveLength(1);
		expect(seenB.chair).toHaveLength(1);
		for (const s of [...seenB.juror, ...seenB.chair]) expect(JSON.stringify(s)).not.toContain(slotId);
		// And Panel A's screens heard nothing of Panel B's command.
		await nextSnapshot(chairA, 'panel', () => true, 100).catch(() => null);
		for (const s of [...seenA.chair, ...seenA.jurors.flat()]) expect(JSON.stringify(s)).not.toContain(bSlot);
		for (const j of jurorsA) j.socket.disconnect();
		jurorB.socket.disconnect();
	});

	test('versions strictly increase command after command, and equal the committed live version', async () => {
		const slotId = fx.panelA.slots[0].id;
		const juror = await synced((await app.signIn('juror', 0)).token, { view: 'juror' });
		const chairPushes = record(chairA);
		const jurorPushes = record(juror.socket);
		const versions: number[] = [];
		for (const [command, state] of [
			['start_qa', 'qa'],
			['open_scoring', 'scoring'],
			['close_scoring', 'closed'],
			['reopen_scoring', 'scoring']
		] as const) {
			const chairSees = nextSnapshot(
				chairA,
				'panel',
				(s) => (s.data as PanelView).queue[0].state === state && s.version > (versions.at(-1) ?? 0)
			);
			const jurorSees = nextSnapshot(juror.socket, 'juror', (s) => (s.data as JurorView).slot?.state === state);
			expect(await ask(chairA, 'slot.command', { slotId, command })).toMatchObject({ ok: true });
			const [c, j] = await Promise.all([chairSees, jurorSees]);
			expect(c.version).toBe(await liveVersion());
			expect(j.version).toBe(c.version);
			versions.push(c.version);
		}
		for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]);
		// Every push arrived in version order (a presence push may repeat a version, never go back).
		for (const seen of [chairPushes, jurorPushes]) {
			for (let i = 1; i < seen.length; i++) expect(seen[i].version).toBeGreaterThanOrEqual(seen[i - 1].version);
		}
		juror.socket.disconnect();
	});

	test('a snapshot taken before a change is never newer than the push that follows the change', async () => {
		const slotId = fx.panelA.slots[0].id;
		const before = await ask<Snapshot>(chairA, 'sync', { view: 'panel' });
		expect(before.ok).toBe(true);
		const old = (before as { data: Snapshot }).data;
		const pushed = nextSnapshot(chairA, 'panel', (s) => (s.data as PanelView).queue[0].state === 'closed');
		expect(await ask(chairA, 'slot.command', { slotId, command: 'close_scoring' })).toMatchObject({ ok: true });
		const fresh = await pushed;
		expect(fresh.version).toBeGreaterThan(old.version);
		expect((old.data as PanelView).queue[0].state).toBe('scoring');
		// A client that keeps the highest version ends on the state after the change, and a sync now agrees.
		const now = await ask<Snapshot>(chairA, 'sync', { view: 'panel' });
		expect(now.ok && now.data.version).toBeGreaterThanOrEqual(fresh.version);
		expect(now.ok && (now.data.data as PanelView).queue[0].state).toBe('closed');
	});

	test("a juror's own submission is pushed to that juror and the chair only", async () => {
		const slotId = fx.panelA.slots[0].id;
		const reopened = nextSnapshot(chairA, 'panel', (s) => (s.data as PanelView).queue[0].state === 'scoring');
		await app.drive(slotId, 'reopen_scoring');
		await reopened;
		const [j0, j1] = await Promise.all([0, 1].map(async (i) => synced((await app.signIn('juror', i)).token, { view: 'juror' })));
		const j0User = (await app.signIn('juror', 0)).user;
		const seenByJ1 = record(j1.socket);
		const ownPush = nextSnapshot(j0.socket, 'juror', (s) => (s.data as JurorView).mine !== null);
		const chairPush = nextSnapshot(
			chairA,
			'panel',
			(s) => (s.data as PanelView).jurors.find((j) => j.id === j0User.id)?.submitted === true
		);
		const scores = { K1: 61, K2: 62, K3: 63, K4: 64, K5: 65, K6: 66 };
		expect(await ask(j0.socket, 'score.submit', { slotId, submissionId: 'presence-own-push', scores })).toMatchObject({ ok: true });
		expect(((await ownPush).data as JurorView).mine).toMatchObject({ scores, submissionId: 'presence-own-push' });
		await chairPush;
		// Barrier: a slot command reaches every Panel A juror after the submission's pushes.
		const barrier = nextSnapshot(j1.socket, 'juror', (s) => (s.data as JurorView).slot?.state === 'closed');
		await ask(chairA, 'slot.command', { slotId, command: 'close_scoring' });
		await barrier;
		expect(seenByJ1).toHaveLength(1);
		expect(JSON.stringify(seenByJ1)).not.toContain('presence-own-push');
		const sockets = [j0.socket, j1.socket];
		for (const s of sockets) s.disconnect();
		await Promise.all(sockets.map((s) => disconnection(s)));
	});
});
