/**
 * Abuse (target S5): other people's acknowledgement latency while one address floods from 24
 * sockets (half signed in with one session, half anonymous, each reconnecting as soon as it is cut
 * off), against the same honest load with no flood, in alternating rounds of the same run. The
 * honest people (three jurors submitting and syncing, a chair following the console) connect from
 * another address; an audience phone from the flooding address opens /live now and then. Latency
 * is measured from each command's intended send time (open loop), so a stalled server cannot hide
 * its stalls by slowing the senders down.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { createSession, generateSessionToken, validateSessionToken } from '$lib/server/auth/session';
import { migrateToLatest, openDatabase } from '$lib/server/db';
import { attachRealtime } from '$lib/server/realtime/attach';
import { silentPublisher, type ServiceContext } from '$lib/server/services/context';
import { seedDemoIfEmpty } from '$lib/server/services/demo-seed';
import { applySlotCommand } from '$lib/server/services/live-control';
import type { Ack } from '$lib/shared/contracts';

const ROUNDS = Number(process.env.BENCH_FLOOD_ROUNDS ?? 12);
const ROUND_MS = Number(process.env.BENCH_FLOOD_ROUND_MS ?? 3000);
const FLOOD_SOCKETS = Number(process.env.BENCH_FLOOD_SOCKETS ?? 24);
/** Each honest person sends a command every this many ms (well inside their own budget). */
const HONEST_EVERY_MS = 200;
const HONEST_FROM = '127.0.0.3';
const FLOOD_FROM = '127.0.0.2';
/** S5: others' ack latency within 2× of the unflooded run. */
const TARGET_RATIO = 2;

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

function client(url: string, from: string, token?: string): Promise<Socket> {
	const extraHeaders: Record<string, string> = { origin: url, ...(token ? { cookie: `juri_session=${token}` } : {}) };
	// engine.io-client passes localAddress to its Node WebSocket, though its types do not list it.
	const options = { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders, localAddress: from };
	const socket = connect(url, options as Partial<ManagerOptions & SocketOptions>);
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

async function ask(socket: Socket, event: string, payload: unknown): Promise<Ack<unknown>> {
	return socket.timeout(10_000).emitWithAck(event, payload);
}

export async function floodBenchmark(): Promise<boolean> {
	const dir = mkdtempSync(join(tmpdir(), 'juri-bench-'));
	const db = openDatabase(join(dir, 'juri.sqlite'));
	await migrateToLatest(db);
	await seedDemoIfEmpty(db, { adminPassword: 'bench' });
	const ctx: ServiceContext = { db, publisher: silentPublisher };
	const http = createServer();
	const realtime = attachRealtime(http, ctx, { log: () => {} });
	ctx.publisher = realtime.publisher;
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

	const sessionOf = async (userId: string) => {
		const token = generateSessionToken();
		await createSession(db, token, userId);
		return token;
	};
	const { id: evaluationId } = await db.selectFrom('evaluations').select('id').executeTakeFirstOrThrow();
	const [panelA, panelB] = await db.selectFrom('panels').select(['id', 'chair_id']).orderBy('name').execute();
	const seats = (panelId: string) =>
		db.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panelId).orderBy('seat').execute();
	const slot = await db.selectFrom('slots').select('id').where('panel_id', '=', panelA.id).orderBy('position').executeTakeFirstOrThrow();
	const adminRow = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
	const admin = (await validateSessionToken(db, await sessionOf(adminRow.id))).user!;
	for (const command of ['start_presentation', 'open_scoring'] as const) await applySlotCommand(ctx, admin, { slotId: slot.id, command });

	const jurors = await Promise.all((await seats(panelA.id)).map(async (j) => client(url, HONEST_FROM, await sessionOf(j.juror_id))));
	const chair = await client(url, HONEST_FROM, await sessionOf(panelA.chair_id!));
	const flooderToken = await sessionOf((await seats(panelB.id))[0].juror_id);
	const flooder: ChildProcess = fork(new URL('./flood-clients.mjs', import.meta.url), [url, flooderToken, String(FLOOD_SOCKETS)]);
	await new Promise<void>((resolve) => flooder.once('message', () => resolve()));

	let submission = 0;
	/** One round of the honest load: every person sends on a fixed schedule; latency from the intended send time. */
	async function honestRound(): Promise<{ acks: number[]; live: number[]; failures: number }> {
		const acks: number[] = [];
		const live: number[] = [];
		let failures = 0;
		const start = performance.now();
		const sends: Promise<void>[] = [];
		const at = (offset: number, send: () => Promise<Ack<unknown>>, into: number[]) =>
			sends.push(
				new Promise<void>((resolve) =>
					setTimeout(async () => {
						const res = await send().catch(() => ({ ok: false }) as Ack<unknown>);
						if (res.ok) into.push(performance.now() - start - offset);
						else failures++;
						resolve();
					}, offset)
				)
			);
		for (let offset = 0; offset < ROUND_MS; offset += HONEST_EVERY_MS) {
			jurors.forEach((juror, i) => {
				const submits = (offset / HONEST_EVERY_MS + i) % 2 === 0;
				const payload = submits
					? { slotId: slot.id, submissionId: `bench-${++submission}-xxxxxxxx`, scores: { K1: 70, K2: 70, K3: 70, K4: 70, K5: 70, K6: 70 } }
					: { view: 'juror' };
				at(offset + i * 13, () => ask(juror, submits ? 'score.submit' : 'sync', payload), acks);
			});
			at(offset + 50, () => ask(chair, 'sync', { view: 'panel' }), acks);
		}
		// /live from the flooding address: a new phone connects and syncs, four times a second.
		for (let offset = 0; offset < ROUND_MS; offset += 250) {
			at(
				offset + 120,
				async () => {
					const phone = await client(url, FLOOD_FROM);
					const res = await ask(phone, 'sync', { view: 'audience', evaluationId });
					phone.disconnect();
					return res;
				},
				live
			);
		}
		await Promise.all(sends);
		return { acks, live, failures };
	}

	const quiet = { acks: [] as number[], live: [] as number[], failures: 0, elu: [] as number[] };
	const flooded = { acks: [] as number[], live: [] as number[], failures: 0, elu: [] as number[] };
	let flooderStats: Record<string, number> = {};
	let flooderElu = 0;
	for (let round = 0; round < ROUNDS; round++) {
		const flood = round % 2 === 1;
		if (flood) flooder.send({ type: 'flood', on: true });
		const elu = performance.eventLoopUtilization();
		const result = await honestRound();
		const serverElu = performance.eventLoopUtilization(elu).utilization;
		if (flood) {
			flooder.send({ type: 'flood', on: false });
			const report = await new Promise<{ stats: Record<string, number>; elu: number }>((resolve) => flooder.once('message', resolve));
			flooderStats = report.stats;
			flooderElu = Math.max(flooderElu, report.elu);
		}
		const into = flood ? flooded : quiet;
		into.acks.push(...result.acks);
		into.live.push(...result.live);
		into.failures += result.failures;
		into.elu.push(serverElu);
	}

	flooder.send({ type: 'stop' });
	for (const s of [...jurors, chair]) s.disconnect();
	await realtime.close();
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });

	const row = (name: string, xs: number[], failures: number) =>
		`${name.padEnd(52)}${percentile(xs, 0.5).toFixed(1).padStart(9)}${percentile(xs, 0.99).toFixed(1).padStart(9)}${String(xs.length).padStart(9)}${String(failures).padStart(10)}`;
	console.log(
		`\nOthers' ack latency with and without one address flooding from ${FLOOD_SOCKETS} sockets (${ROUNDS} rounds of ${ROUND_MS} ms, alternating)`
	);
	console.log(`${'case'.padEnd(52)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'acks'.padStart(9)}${'failures'.padStart(10)}`);
	console.log(row('baseline: honest commands, no flood', quiet.acks, quiet.failures));
	console.log(row('honest commands (other address) during the flood', flooded.acks, flooded.failures));
	console.log(row('baseline: /live connect + sync, no flood', quiet.live, 0));
	console.log(row('/live connect + sync from the flooding address', flooded.live, 0));
	const p50 = percentile(flooded.acks, 0.5) / percentile(quiet.acks, 0.5);
	const p99 = percentile(flooded.acks, 0.99) / percentile(quiet.acks, 0.99);
	const meanElu = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
	console.log(`server event-loop utilisation: ${meanElu(quiet.elu)} without the flood, ${meanElu(flooded.elu)} during it`);
	console.log(`ratio flood / baseline: p50 ${p50.toFixed(2)}, p99 ${p99.toFixed(2)}`);
	console.log(
		`flooder: ${flooderStats.sent} commands sent, ${flooderStats.served} served, ${flooderStats.refused} refused, ` +
			`${flooderStats.cuts} cut-offs, ${flooderStats.refusedHandshakes} handshakes refused; its event-loop utilisation ${flooderElu.toFixed(2)}`
	);
	// As in targets.md: a saturated generator means the machine was measured, not the server.
	if (flooderElu > 0.8) console.log('warning: the flooder was saturated (utilisation over 0.8); read this run as the machine under load');
	const pass = p50 <= TARGET_RATIO && p99 <= TARGET_RATIO && flooded.failures === 0;
	console.log(
		`${pass ? 'PASS' : 'FAIL'}: S5 others' ack latency within ${TARGET_RATIO}× while one address floods, no honest command refused`
	);
	return pass;
}
