/**
 * The audience is pushed patches (issue 10, item 4): each public change reaches /live as what
 * changed since the version before, not the whole view. Real socket.io server and clients on
 * loopback, and the page's own LiveView applying what it receives: it comes to exactly the view a
 * fresh sync gives; a patch it cannot apply (it holds another version) makes it fetch the whole
 * view; a reconnect fetches it too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LiveView } from '$lib/client/live-view.svelte';
import { rooms } from '$lib/server/realtime/rooms';
import type { AudienceView, ScoreReceipt, Snapshot, ViewPatch } from '$lib/shared/contracts';
import {
	ask,
	flatSheet,
	newSubmissionId,
	scoredBoards,
	startTestApp,
	waitFor,
	type Fixture,
	type TestApp,
	type TestSocket
} from './harness';

let app: TestApp;
let fx: Fixture;
beforeAll(async () => {
	// Pushed at once: each change is its own patch.
	app = await startTestApp({ audienceIntervalMs: 0 });
	fx = await app.fixture();
});
afterAll(() => app.close());

const request = () => ({ view: 'audience' as const, evaluationId: fx.evaluationId });

/** A /live page's view over a real socket, and every patch its socket received. */
async function screen() {
	const socket = await app.socket();
	const patches: ViewPatch[] = [];
	const syncs: number[] = [];
	const view = new LiveView(socket as never, request());
	socket.on('patch', (p) => patches.push(p));
	socket.onAnyOutgoing((event: string) => event === 'sync' && syncs.push(Date.now()));
	view.sync();
	await waitFor(() => view.version >= 0, 15_000, 'the first sync');
	return { socket, view, patches, syncs };
}

async function fresh(socket: TestSocket): Promise<Snapshot> {
	const res = await ask<Snapshot>(socket, 'sync', request());
	if (!res.ok) throw new Error(res.error.message);
	return res.data;
}

describe('audience patches', () => {
	test('each change arrives as a patch from the version held, in order; the page comes to the view a sync gives', async () => {
		const { socket, view, patches } = await screen();
		const start = view.version;
		const slot = fx.panelA.slots[0];
		for (const [i, command] of (['start_presentation', 'start_qa', 'open_scoring'] as const).entries()) {
			await app.drive(slot.id, command);
			await waitFor(() => patches.length === i + 1, 15_000, `the patch of ${command}`);
		}
		for (const [i, juror] of fx.panelA.jurorIds.entries()) {
			const { token } = await app.signIn('juror', i);
			const tablet = await app.socket(token);
			expect(juror).toBeTruthy();
			const receipt = await ask<ScoreReceipt>(tablet, 'score.submit', {
				slotId: slot.id,
				submissionId: newSubmissionId(),
				scores: flatSheet(80 + i)
			});
			expect(receipt.ok).toBe(true);
			tablet.disconnect();
		}
		await app.drive(slot.id, 'close_scoring', 'certify');
		await waitFor(() => scoredBoards(view.data as AudienceView).length > 0, 15_000, 'the certified result on the page');

		// A chain: each patch starts where the one before ended.
		expect(patches[0].from).toBe(start);
		for (let i = 1; i < patches.length; i++) expect(patches[i].from).toBe(patches[i - 1].to);
		expect(view.version).toBe(patches.at(-1)!.to);
		const current = await fresh(socket);
		expect(view.version).toBe(current.version);
		expect(view.data).toEqual(current.data);

		// A room's change sends that room's slot, not the view: the rooms only, a fraction of the snapshot.
		expect(Object.keys((patches[1].delta as { o: object }).o)).toEqual(['rooms']);
		expect(JSON.stringify(patches[1]).length).toBeLessThan(JSON.stringify(current).length / 4);
		// The certification sends the new leaderboard line.
		expect(JSON.stringify(patches.at(-1))).toContain(slot.bodyId);
		socket.disconnect();
	});

	test('a page that missed a patch fetches the whole view at the next one', async () => {
		const { socket, view, patches, syncs } = await screen();
		// The page's socket loses the next patch on its way (the page's listener, the first, never sees it).
		const [applyPatch] = socket.listeners('patch');
		socket.off('patch', applyPatch);
		let lost = 0;
		socket.on('patch', (p) => (lost++ === 0 ? undefined : applyPatch(p)));
		const held = view.version;
		const slot = fx.panelA.slots[1];
		await app.drive(slot.id, 'start_presentation');
		await waitFor(() => patches.length === 1, 15_000, 'the lost patch');
		expect(view.version).toBe(held);
		const syncsBefore = syncs.length;
		await app.drive(slot.id, 'start_qa');
		await waitFor(() => patches.length === 2, 15_000, 'the next patch');
		// It could not apply it (it starts from the version it missed): it asked for the whole view and came to the current one.
		expect(patches[1].from).toBe(patches[0].to);
		await waitFor(() => view.version === patches[1].to, 15_000, 'the current version');
		expect(syncs.length).toBe(syncsBefore + 1);
		expect(view.data).toEqual((await fresh(socket)).data);
		socket.disconnect();
	});

	test('a change nobody watched is not patched from: a phone that comes later gets the next change as a patch from its own version', async () => {
		const first = await screen();
		first.socket.disconnect();
		await waitFor(() => !app.io.sockets.adapter.rooms.get(rooms.audience(fx.evaluationId))?.size, 15_000, 'the phone gone');
		const slot = fx.panelA.slots[1];
		await app.drive(slot.id, 'open_scoring', 'close_scoring');
		const late = await screen();
		const held = late.view.version;
		const syncsBefore = late.syncs.length;
		await app.drive(slot.id, 'reopen_scoring');
		await waitFor(() => late.view.version > held, 15_000, 'the next change');
		expect(late.patches.map((p) => p.from)).toEqual([held]);
		expect(late.syncs.length).toBe(syncsBefore);
		expect(late.view.data).toEqual((await fresh(late.socket)).data);
		late.socket.disconnect();
	});

	test('a page that was away fetches the whole view when it reconnects', async () => {
		const { socket, view, patches } = await screen();
		socket.disconnect();
		const slot = fx.panelB.slots[0];
		await app.drive(slot.id, 'start_presentation');
		socket.connect();
		await waitFor(() => view.data!.rooms.some((r) => r.onStage?.id === slot.id), 15_000, 'the new slot on the page');
		expect(patches).toEqual([]);
		expect(view.data).toEqual((await fresh(socket)).data);
		socket.disconnect();
	});
});
