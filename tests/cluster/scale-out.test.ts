/**
 * Several Juri processes serving one event: three real `node server.js` processes (the production
 * build) on loopback ports, sharing one PostgreSQL database and one Redis. The jurors' tablets are on
 * process A, the chair's console on B, the audience on C, each a real socket.io client: a juror's
 * tablet coming and going shows on the chair's console; the chair's commands on B reach the tablets
 * on A; a certification on B reaches the audience on C, once; B killed outright (SIGKILL) loses
 * nothing: the chair continues from A with the slot where it was, its clock unchanged.
 *
 * Needs JURI_TEST_POSTGRES and JURI_TEST_REDIS (CI sets both, see .ci/run) and `npm run build`:
 * skipped with a message without them, except under CI=true, where that is a failure.
 */
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AudienceView, JurorView, PanelView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { startJuriServer, type RunningServer } from '../e2e/support/server';
import { ask, flatSheet, nextSnapshot, record, scoredBoards, type TestSocket } from '../integration/harness';
import { createPostgresDatabase } from '../support/test-database';

const postgres = process.env.JURI_TEST_POSTGRES;
const redis = process.env.JURI_TEST_REDIS;
const configured = Boolean(postgres && redis);
if (!configured && process.env.CI !== 'true') {
	console.warn(
		'[scale-out] skipped: JURI_TEST_POSTGRES and JURI_TEST_REDIS are not both set, so several processes were not tried together.\n' +
			'            To run it: JURI_TEST_POSTGRES=$(scripts/postgres-test-cluster.sh start) JURI_TEST_REDIS=$(scripts/redis-test-server.sh start) npm run test:cluster'
	);
}

/** Starting three production servers on a loaded 2-core machine takes a while: the bound is for a hang only. */
const TEST_TIMEOUT_MS = 180_000;

let database: { url: string; drop(): Promise<void> } | null = null;
const servers: RunningServer[] = [];
const sockets: TestSocket[] = [];

beforeAll(async () => {
	if (!configured) return;
	database = await createPostgresDatabase(postgres!);
	const env = (seed: boolean) => ({
		DATABASE_URL: database!.url,
		REDIS_URL: redis!,
		// Every process MACs the audit log with the same key.
		JURI_AUDIT_KEY: '6b'.repeat(32),
		JURI_SEED_DEMO: seed ? '1' : '0'
	});
	// A migrates and seeds; B and C join the database it made.
	servers.push(await startJuriServer({ label: 'cluster-a', env: env(true) }));
	servers.push(
		...(await Promise.all(['b', 'c'].map((label) => startJuriServer({ label: `cluster-${label}`, env: env(false), joinLinks: false }))))
	);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
	for (const socket of sockets) socket.disconnect();
	await Promise.all(servers.map((server) => server.stop()));
	await database?.drop();
});

/** Redeems a join link on a process as the browser's form would; returns the session cookie. */
async function join(server: RunningServer, code: string): Promise<string> {
	const res = await fetch(`${server.baseURL}/join`, {
		method: 'POST',
		body: new URLSearchParams({ code }),
		headers: { origin: server.baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		redirect: 'manual'
	});
	expect(res.status).toBe(303);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('juri_session='));
	if (!cookie) throw new Error('the join answered without a session cookie');
	return cookie.split(';')[0];
}

/** A socket.io client on one process, from its own origin, signed in when a session cookie is given. */
async function socketOn(server: RunningServer, cookie?: string): Promise<TestSocket> {
	const socket: TestSocket = connect(server.baseURL, {
		transports: ['websocket'],
		extraHeaders: { origin: server.baseURL, ...(cookie ? { cookie } : {}) },
		reconnection: false,
		forceNew: true
	});
	sockets.push(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return socket;
}

async function synced<V>(socket: TestSocket, input: object): Promise<Snapshot & { data: V }> {
	const answer = await ask<Snapshot>(socket, 'sync', input);
	if (!answer.ok) throw new Error(`sync refused: ${answer.error.message}`);
	return answer.data as Snapshot & { data: V };
}

async function evaluationId(): Promise<string> {
	const client = new pg.Client({ connectionString: database!.url });
	await client.connect();
	try {
		return (await client.query<{ id: string }>('SELECT id FROM evaluations ORDER BY created_at, id LIMIT 1')).rows[0].id;
	} finally {
		await client.end();
	}
}

const consoleOf = (s: Snapshot) => s.data as PanelView;
const connectedJurors = (s: Snapshot) =>
	consoleOf(s)
		.jurors.filter((j) => j.connected)
		.map((j) => j.id);

test.skipIf(!configured && process.env.CI !== 'true')(
	'a juror on A, the chair on B, the audience on C: one event; B killed, the chair goes on from A',
	async () => {
		if (!configured)
			throw new Error(
				'CI=true but JURI_TEST_POSTGRES or JURI_TEST_REDIS is not set: the multi-process run is required on CI (see .ci/run).'
			);
		const [a, b, c] = servers;
		const panelA = a.people.filter((p) => p.panel === 'Panel A');
		const chairCookie = await join(a, panelA.find((p) => p.role === 'chair')!.code);
		const jurorCookies = await Promise.all(panelA.filter((p) => p.role === 'juror').map((p) => join(a, p.code)));

		// The chair's console on B; the audience on C.
		const chair = await socketOn(b, chairCookie);
		const opened = await synced<PanelView>(chair, { view: 'panel' });
		expect(opened.data.jurors.length).toBe(jurorCookies.length);
		const jurorIds = opened.data.jurors.map((j) => j.id);
		const [slot, next] = opened.data.queue;
		/** The slot on stage in this panel's room, as the audience sees it. */
		const onStageOf = (s: Snapshot) => (s.data as AudienceView).rooms.find((r) => r.panelId === opened.data.panel.id)?.onStage ?? null;
		const audience = await socketOn(c);
		const watched = await evaluationId();
		const shown = record(audience);
		await synced<AudienceView>(audience, { view: 'audience', evaluationId: watched });

		// Presence across processes: every tablet that opens on A shows as connected on B's console.
		const allConnected = nextSnapshot(chair, 'panel', (s) => connectedJurors(s).length === jurorIds.length, 60_000);
		const tablets: TestSocket[] = [];
		for (const cookie of jurorCookies) {
			const tablet = await socketOn(a, cookie);
			await synced<JurorView>(tablet, { view: 'juror' });
			tablets.push(tablet);
		}
		expect(connectedJurors(await allConnected).sort()).toEqual([...jurorIds].sort());
		// …and one that goes away shows as gone.
		const gone = nextSnapshot(chair, 'panel', (s) => connectedJurors(s).length === jurorIds.length - 1, 60_000);
		const [leaving] = tablets.splice(0, 1);
		leaving.disconnect();
		expect(await gone).toBeTruthy();
		const back = await socketOn(a, jurorCookies[0]);
		const backConnected = nextSnapshot(chair, 'panel', (s) => connectedJurors(s).length === jurorIds.length, 60_000);
		await synced<JurorView>(back, { view: 'juror' });
		tablets.unshift(back);
		await backConnected;

		// The chair's commands on B reach the tablets on A.
		const scoringOnTablets = tablets.map((t) => nextSnapshot(t, 'juror', (s) => (s.data as JurorView).slot?.state === 'scoring', 60_000));
		for (const command of ['start_presentation', 'start_qa', 'open_scoring']) {
			expect(await ask(chair, 'slot.command', { slotId: slot.id, command })).toMatchObject({ ok: true });
		}
		await Promise.all(scoringOnTablets);

		// Sheets submitted on A show on the console on B.
		const allSubmitted = nextSnapshot(chair, 'panel', (s) => consoleOf(s).jurors.every((j) => j.submitted), 60_000);
		for (const [i, tablet] of tablets.entries()) {
			const receipt = await ask<ScoreReceipt>(tablet, 'score.submit', {
				slotId: slot.id,
				submissionId: `cluster-${i}-aaaaaaaa`,
				scores: flatSheet(80 + i)
			});
			expect(receipt.ok).toBe(true);
		}
		await allSubmitted;

		// A certification on B reaches the audience on C.
		expect(await ask(chair, 'slot.command', { slotId: slot.id, command: 'close_scoring' })).toMatchObject({ ok: true });
		const board = nextSnapshot(audience, 'audience', (s) => scoredBoards(s.data as AudienceView).length > 0, 60_000);
		expect(await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify' })).toMatchObject({ ok: true });
		const certified = await board;
		expect(scoredBoards(certified.data as AudienceView)[0].entries[0]).toMatchObject({ bodyName: slot.bodyName, rank: 1 });
		// C's own copy of the audience snapshot was dropped when B committed: a phone syncing on C now gets the new one.
		expect((await synced<AudienceView>(audience, { view: 'audience', evaluationId: watched })).version).toBeGreaterThanOrEqual(
			certified.version
		);

		// The next presentation starts on B, and B dies with it on stage.
		const onStage = nextSnapshot(audience, 'audience', (s) => onStageOf(s)?.id === next.id, 60_000);
		expect(await ask(chair, 'slot.command', { slotId: next.id, command: 'start_presentation' })).toMatchObject({ ok: true });
		const presenting = onStageOf(await onStage)!;
		expect(presenting.state).toBe('presenting');
		const chairGone = new Promise<void>((resolve) => chair.once('disconnect', () => resolve()));
		process.kill(b.pid, 'SIGKILL');
		await chairGone;

		// The chair's device reconnects to A: the slot is where it was, its clock the one B started.
		const chairAgain = await socketOn(a, chairCookie);
		const resumed = await synced<PanelView>(chairAgain, { view: 'panel' });
		const resumedSlot = resumed.data.queue.find((s) => s.id === next.id)!;
		expect(resumed.data.activeSlotId).toBe(next.id);
		expect(resumedSlot.state).toBe('presenting');
		expect(resumedSlot.clock).toEqual(presenting.clock);
		expect(connectedJurors(resumed).sort()).toEqual([...jurorIds].sort());

		// …and goes on from there; the audience on C follows.
		const qa = nextSnapshot(audience, 'audience', (s) => onStageOf(s)?.state === 'qa', 60_000);
		expect(await ask(chairAgain, 'slot.command', { slotId: next.id, command: 'start_qa' })).toMatchObject({ ok: true });
		expect(onStageOf(await qa)?.clock.phase).toBe('qa');

		// Pushes to the audience do not multiply with the processes: the process that committed a
		// change pushes it (coalesced, so at most once per change), the others do not push it again.
		const publicChanges = 7;
		expect(shown.length).toBeLessThanOrEqual(publicChanges);
	},
	TEST_TIMEOUT_MS
);
