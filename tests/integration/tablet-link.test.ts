/**
 * What a juror's tablet tells the server about its link and its outbox: the heartbeat is answered
 * and spends the socket's command budget like any command; a report of refused ("unsent") sheets
 * shows on that juror's row of their own panel's console, for as long as a tablet holding them is
 * connected, and nowhere else.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ack, PanelView, Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, nextSnapshot, record, startTestApp, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
let chairA: TestSocket;
let chairB: TestSocket;

const unsentOf = (s: Snapshot, jurorId: string) => (s.data as PanelView).jurors.find((j) => j.id === jurorId)?.unsent;

async function synced(token: string, view: 'panel' | 'juror'): Promise<TestSocket> {
	const socket = await app.socket(token);
	const res = await ask<Snapshot>(socket, 'sync', { view });
	if (!res.ok) throw new Error(res.error.message);
	return socket;
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	chairA = await synced((await app.signIn('chair', 0)).token, 'panel');
	chairB = await synced((await app.signIn('chair', 1)).token, 'panel');
	await app.drive(fx.panelA.slots[0].id, 'start_presentation', 'open_scoring', 'close_scoring');
});
afterAll(() => app.close());

describe('unsent sheets reported by a tablet', () => {
	test("show on the juror's row of their panel's console, only for their panel's slots, and clear when reported gone", async () => {
		const juror = await app.signIn('juror', 0);
		const tablet = await synced(juror.token, 'juror');
		const seenByB = record(chairB);
		const [slotA, slotB] = [fx.panelA.slots[0], fx.panelB.slots[0]];

		const shown = nextSnapshot(chairA, 'panel', (s) => (unsentOf(s, juror.user.id)?.length ?? 0) > 0);
		const res = await ask<{ slotIds: string[] }>(tablet, 'tablet.unsent', { slotIds: [slotA.id, slotB.id, 'no-such-slot', slotA.id] });
		// Another panel's slot and unknown ids are ignored: the console only ever names its own slots.
		expect(res).toEqual({ ok: true, data: { slotIds: [slotA.id] } });
		expect(unsentOf(await shown, juror.user.id)).toEqual([{ slotId: slotA.id, bodyName: slotA.bodyName }]);
		const sync = await ask<Snapshot>(chairA, 'sync', { view: 'panel' });
		expect(sync.ok && unsentOf(sync.data, juror.user.id)).toEqual([{ slotId: slotA.id, bodyName: slotA.bodyName }]);

		const cleared = nextSnapshot(chairA, 'panel', (s) => unsentOf(s, juror.user.id)?.length === 0);
		expect(await ask(tablet, 'tablet.unsent', { slotIds: [] })).toEqual({ ok: true, data: { slotIds: [] } });
		await cleared;
		expect(JSON.stringify(seenByB)).not.toContain(juror.user.id);
		tablet.disconnect();
	});

	test('with two tablets the report of either counts, and it ends with the tablet that made it', async () => {
		const juror = await app.signIn('juror', 1);
		const slotId = fx.panelA.slots[0].id;
		const holder = await synced(juror.token, 'juror');
		const other = await synced(juror.token, 'juror');
		const shown = nextSnapshot(chairA, 'panel', (s) => (unsentOf(s, juror.user.id)?.length ?? 0) > 0);
		await ask(holder, 'tablet.unsent', { slotIds: [slotId] });
		await shown;
		// The other tablet holds nothing: the warning stays, since one tablet still holds the sheet.
		const afterOther = nextSnapshot(chairA, 'panel');
		await ask(other, 'tablet.unsent', { slotIds: [] });
		expect(unsentOf(await afterOther, juror.user.id)).toHaveLength(1);

		const gone = nextSnapshot(chairA, 'panel', (s) => unsentOf(s, juror.user.id)?.length === 0);
		holder.disconnect();
		await gone;
		other.disconnect();
	});
});

describe('the heartbeat', () => {
	test('is answered', async () => {
		const tablet = await synced((await app.signIn('juror', 2)).token, 'juror');
		await expect(tablet.timeout(5000).emitWithAck('heartbeat')).resolves.toBeUndefined();
		tablet.disconnect();
	});

	test('spends the command budget: a flood of heartbeats is refused and then cut off', async () => {
		const flooder = await app.socket((await app.signIn('juror', 2)).token);
		let answered = 0;
		const cut = disconnection(flooder, 5000);
		for (let i = 0; i < 400; i++) flooder.emit('heartbeat', () => answered++);
		expect(await cut).toBe('io server disconnect');
		// The burst budget is answered, refused beats are not, and the cut comes before the 400th.
		expect(answered).toBeGreaterThan(0);
		expect(answered).toBeLessThanOrEqual(40);
	});

	test('spends no more than a command: after a burst of beats the socket still syncs', async () => {
		const tablet = await app.socket((await app.signIn('juror', 2)).token);
		for (let i = 0; i < 10; i++) await tablet.timeout(5000).emitWithAck('heartbeat');
		const res = (await ask(tablet, 'sync', { view: 'juror' })) as Ack<Snapshot>;
		expect(res.ok).toBe(true);
		tablet.disconnect();
	});
});
