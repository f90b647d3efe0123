/**
 * Audience fan-out (target P2, scaled down): the time until the LAST of N audience sockets has the
 * new leaderboard after a public change, against a bare socket.io server broadcasting a 2 KB
 * snapshot to the same N sockets, interleaved round by round in the same run. Clients live in a
 * child process so their work is not counted as the server's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { migrateToLatest, openDatabase } from '$lib/server/db';
import { attachRealtime } from '$lib/server/realtime/attach';
import { silentPublisher, type ServiceContext } from '$lib/server/services/context';
import { seedDemoIfEmpty } from '$lib/server/services/demo-seed';

const AUDIENCE = Number(process.env.BENCH_AUDIENCE ?? 1000);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 15);
// Rounds are spaced past the audience coalescing interval (250 ms), so each change is pushed.
const GAP_MS = 400;

const now = () => performance.timeOrigin + performance.now();

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function clients(url: string, event: string, evaluationId = ''): Promise<ChildProcess> {
	const child = fork(new URL('./fanout-clients.mjs', import.meta.url), [url, String(AUDIENCE), event, evaluationId]);
	return new Promise((resolve) => child.on('message', (m: { type: string }) => m.type === 'ready' && resolve(child)));
}

function round(child: ChildProcess, id: number, trigger: () => void): Promise<number> {
	return new Promise((resolve) => {
		const onMessage = (m: { type: string; id: number; lastAt: number }) => {
			if (m.type !== 'round' || m.id !== id) return;
			child.off('message', onMessage);
			resolve(m.lastAt - start);
		};
		child.on('message', onMessage);
		child.send({ type: 'round', id });
		const start = now();
		trigger();
	});
}

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

export async function fanoutBenchmark(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'juri-bench-'));
	const db = openDatabase(join(dir, 'juri.sqlite'));
	await migrateToLatest(db);
	await seedDemoIfEmpty(db, { adminPassword: 'bench' });
	const { id: evaluationId } = await db.selectFrom('evaluations').select('id').executeTakeFirstOrThrow();
	const ctx: ServiceContext = { db, publisher: silentPublisher };
	const juriHttp = createServer();
	const realtime = attachRealtime(juriHttp, ctx, { log: () => {} });
	ctx.publisher = realtime.publisher;
	const juriClients = await clients(await listen(juriHttp), 'snapshot', evaluationId);

	const bareHttp = createServer();
	const bare = new Server(bareHttp, { serveClient: false, perMessageDeflate: false });
	const bareClients = await clients(await listen(bareHttp), 'leaderboard');
	const payload = { version: 0, rows: 'x'.repeat(2048) };

	const juri: number[] = [];
	const baseline: number[] = [];
	for (let i = 0; i < ROUNDS; i++) {
		juri.push(await round(juriClients, i, () => realtime.publisher.changed({ evaluationId, version: i, public: true })));
		await new Promise((r) => setTimeout(r, GAP_MS));
		baseline.push(await round(bareClients, i, () => bare.emit('leaderboard', { ...payload, version: i })));
		await new Promise((r) => setTimeout(r, GAP_MS));
	}

	for (const child of [juriClients, bareClients]) child.send({ type: 'stop' });
	await realtime.close();
	bare.close();
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });

	const row = (name: string, xs: number[]) =>
		`${name.padEnd(48)}${percentile(xs, 0.5).toFixed(1).padStart(9)}${percentile(xs, 0.99).toFixed(1).padStart(9)}`;
	console.log(`\nAudience fan-out to the last of ${AUDIENCE} sockets (${ROUNDS} rounds, interleaved)`);
	console.log(`${'case'.padEnd(48)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
	console.log(row('baseline: bare socket.io, 2 KB broadcast', baseline));
	console.log(row('Juri: public change → audience snapshot', juri));
	console.log(`ratio of p50s (Juri / baseline): ${(percentile(juri, 0.5) / percentile(baseline, 0.5)).toFixed(2)}`);
}
