/**
 * Live rooms follow role changes (issue 7, item 7): when a chair is removed, a juror moved to
 * another panel, a presenter given another body or a person archived, their sockets leave the rooms
 * they no longer belong to, get the views they may see now (or the refusal), and a shared view
 * (the panel console) never depends on whichever socket joined its room first.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { archivePerson, updatePerson } from '$lib/server/services/people';
import { createPanel, deletePanel, seatJuror, setPanelChair, unseatJuror, updatePanel } from '$lib/server/services/panels';
import type { JurorView, PanelView, PresenterView, Refusal, Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, nextSnapshot, record, startTestApp, waitFor, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
let admin: { token: string; user: SessionUser };

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = await app.signInAdmin();
});
afterAll(() => app.close());

async function following(token: string, request: Record<string, unknown>): Promise<TestSocket> {
	const socket = await app.socket(token);
	const res = await ask<Snapshot>(socket, 'sync', request);
	if (!res.ok) throw new Error(res.error.message);
	return socket;
}

function refusals(socket: TestSocket): Refusal[] {
	const seen: Refusal[] = [];
	socket.on('refused', (r) => seen.push(r));
	return seen;
}

function nextRefusal(socket: TestSocket, timeoutMs = 5000): Promise<Refusal> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no refusal within ${timeoutMs} ms`)), timeoutMs);
		socket.once('refused', (r) => {
			clearTimeout(timer);
			resolve(r);
		});
	});
}

/**
 * A round trip on the socket's own connection: anything pushed to it before has arrived by then.
 * A heartbeat, not a sync: a sync would follow another view and could be pushed its snapshots.
 */
async function drained(socket: TestSocket): Promise<void> {
	await socket.timeout(5000).emitWithAck('heartbeat');
}

const panelOf = (s: Snapshot) => (s.data as PanelView | JurorView).panel.id;

describe('a chair removed from their panel', () => {
	test("leaves the console room and gets nothing more, while the panel's other console devices keep getting pushes", async () => {
		const chair = await app.signIn('chair', 0);
		// The chair's tablet joins the console first: the snapshot used to be built as that socket's user.
		const chairSocket = await following(chair.token, { view: 'panel' });
		const adminSockets = [
			await following(admin.token, { view: 'panel', panelId: fx.panelA.id }),
			await following(admin.token, { view: 'panel', panelId: fx.panelA.id })
		];
		const chairSaw = record(chairSocket);
		const chairRefused = refusals(chairSocket);
		await setPanelChair(app.ctx, admin.user, { panelId: fx.panelA.id, chairId: null });

		const slotId = fx.panelA.slots[0].id;
		const pushes = adminSockets.map((s) => nextSnapshot(s, 'panel', (p) => (p.data as PanelView).activeSlotId === slotId));
		await app.drive(slotId, 'start_presentation');
		for (const push of await Promise.all(pushes)) expect(panelOf(push)).toBe(fx.panelA.id);

		await drained(chairSocket);
		expect(chairRefused).toEqual([{ view: 'panel', error: { code: 'not_found', reason: 'not_chairing', message: expect.any(String) } }]);
		expect(chairSaw).toEqual([]);
		// Asking again is refused as well: the chair chairs no panel.
		expect(await ask(chairSocket, 'sync', { view: 'panel' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
	});

	test("made chair of another panel, the same open console follows that panel's pushes; and a panel deleted refuses its console", async () => {
		const chair = await app.signIn('chair', 0);
		const chairSocket = await app.socket(chair.token);
		expect(await ask(chairSocket, 'sync', { view: 'panel' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

		const panelC = await createPanel(app.ctx, admin.user, { evaluationId: fx.evaluationId, name: 'Panel C', room: 'Ruang Semeru' });
		const moved = nextSnapshot(chairSocket, 'panel', (s) => panelOf(s) === panelC);
		await setPanelChair(app.ctx, admin.user, { panelId: panelC, chairId: chair.user.id });
		await moved;

		const renamed = nextSnapshot(chairSocket, 'panel', (s) => (s.data as PanelView).panel.room === 'Ruang Bromo');
		await updatePanel(app.ctx, admin.user, { panelId: panelC, name: 'Panel C', room: 'Ruang Bromo' });
		await renamed;

		const refused = nextRefusal(chairSocket);
		await deletePanel(app.ctx, admin.user, { panelId: panelC });
		expect(await refused).toMatchObject({ view: 'panel', error: { code: 'not_found' } });
	});
});

describe('a console device switching panels', () => {
	test("a secretariat socket that opens Panel B's console after Panel A's gets only Panel B's pushes", async () => {
		const socket = await following(admin.token, { view: 'panel', panelId: fx.panelA.id });
		expect(await ask(socket, 'sync', { view: 'panel', panelId: fx.panelB.id })).toMatchObject({ ok: true });
		const seen = record(socket);
		const bPush = nextSnapshot(socket, 'panel', (s) => (s.data as PanelView).panel.room === 'Ruang Toba');
		await updatePanel(app.ctx, admin.user, { panelId: fx.panelA.id, name: 'Panel A', room: 'Ruang Kelimutu' });
		await updatePanel(app.ctx, admin.user, { panelId: fx.panelB.id, name: 'Panel B', room: 'Ruang Toba' });
		await bPush;
		await drained(socket);
		// Anything but Panel B's console, named by what it is (a view, a panel), so a failure says what arrived.
		const other = seen.filter((s) => s.view !== 'panel' || (s.data as PanelView).panel?.id !== fx.panelB.id);
		expect(other.map((s) => `${s.view}:${(s.data as PanelView).panel?.id ?? '-'}`)).toEqual([]);
	});
});

describe('a juror moved to another panel', () => {
	test("stops receiving the old panel's pushes and gets the new one's, and the new chair sees the tablet connected", async () => {
		const juror = await app.signIn('juror', 0);
		const stayer = await following((await app.signIn('juror', 1)).token, { view: 'juror' });
		const chairB = await following((await app.signIn('chair', 1)).token, { view: 'panel' });
		const tablet = await following(juror.token, { view: 'juror' });
		const seen = record(tablet);
		const seenRefusals = refusals(tablet);

		const unseated = nextRefusal(tablet);
		await unseatJuror(app.ctx, admin.user, { panelId: fx.panelA.id, jurorId: juror.user.id });
		expect(await unseated).toMatchObject({ view: 'juror', error: { code: 'not_found' } });

		const seatedInB = nextSnapshot(tablet, 'juror', (s) => panelOf(s) === fx.panelB.id);
		const chairSeesTablet = nextSnapshot(chairB, 'panel', (s) =>
			(s.data as PanelView).jurors.some((j) => j.id === juror.user.id && j.connected)
		);
		await seatJuror(app.ctx, admin.user, { panelId: fx.panelB.id, jurorId: juror.user.id });
		await Promise.all([seatedInB, chairSeesTablet]);
		// The re-check's snapshot and Panel B's push to its jurors' room (which the tablet has joined).
		await waitFor(() => seen.filter((s) => panelOf(s) === fx.panelB.id).length === 2, 5000, "Panel B's pushes");
		const movedAt = seen.length;

		// Panel A moves on: its remaining juror hears of it, the moved juror does not.
		const aSlot = fx.panelA.slots[0].id;
		const stayerPush = nextSnapshot(stayer, 'juror', (s) => (s.data as JurorView).slot?.state === 'qa');
		await app.drive(aSlot, 'start_qa');
		await stayerPush;
		await drained(tablet);
		expect(seen.slice(movedAt)).toEqual([]);
		expect(seen.every((s) => panelOf(s) === fx.panelB.id)).toBe(true);

		// Panel B's pushes reach the moved juror.
		const bSlot = fx.panelB.slots[0].id;
		const bPush = nextSnapshot(tablet, 'juror', (s) => (s.data as JurorView).slot?.id === bSlot);
		await app.drive(bSlot, 'start_presentation');
		expect(panelOf(await bPush)).toBe(fx.panelB.id);
		expect(seenRefusals).toHaveLength(1);
	});
});

describe('a presenter given another body', () => {
	test("stops seeing the old body's slot and gets the new body's at once", async () => {
		const presenter = await app.signIn('presenter', 0);
		const socket = await following(presenter.token, { view: 'presenter' });
		const row = await app.db.selectFrom('users').select(['name', 'title']).where('id', '=', presenter.user.id).executeTakeFirstOrThrow();
		const other = fx.panelB.slots[1];
		const pushed = nextSnapshot(socket, 'presenter', (s) => (s.data as PresenterView).body.id === other.bodyId);
		await updatePerson(app.ctx, admin.user, fx.evaluationId, presenter.user.id, {
			role: 'presenter',
			name: row.name,
			title: row.title,
			bodyId: other.bodyId
		});
		expect(((await pushed).data as PresenterView).slot?.id).toBe(other.id);
	});
});

describe('an archived person', () => {
	test('has every socket disconnected, and cannot open a new one with the old session', async () => {
		const juror = await app.signIn('juror', 4);
		const sockets = [await following(juror.token, { view: 'juror' }), await app.socket(juror.token)];
		const gone = sockets.map((s) => disconnection(s));
		await archivePerson(app.ctx, admin.user, fx.evaluationId, juror.user.id);
		expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
		expect(await app.refusedSocket({ token: juror.token })).toBe('session expired');
	});
});
