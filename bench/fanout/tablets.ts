/**
 * P5's generator (bench/fanout.ts forks it): the jurors' tablets of one panel submitting sheets
 * open-loop at a fixed rate — each submission is sent at its intended time whether or not earlier
 * ones were acknowledged, and its latency runs from that intended time to its acknowledgement (a
 * durable commit), so a server that stalls cannot hide the stall by slowing the senders down.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ScoreReceipt } from '$lib/shared/contracts';
import { now, type OrchestratorMessage, type WorkerMessage } from './protocol';

const send = (message: WorkerMessage) => process.send!(message);
const sheet = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });

async function connect(url: string, token: string): Promise<Socket> {
	const socket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		extraHeaders: { origin: url, cookie: `juri_session=${token}` }
	});
	await new Promise((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
}

/**
 * `count` submissions sent open-loop at `perSecond` from the tablets in turn; resolves once each is
 * answered, with the latencies of those acknowledged and the reasons of those refused.
 */
function openLoop(tablets: Socket[], slotId: string, first: number, count: number, perSecond: number, refused: Record<string, number>) {
	const latencies: number[] = [];
	if (count === 0) return Promise.resolve({ latencies, seconds: 0 });
	let answered = 0;
	let sent = 0;
	const start = now() + 50;
	return new Promise<{ latencies: number[]; seconds: number }>((done) => {
		const answer = () => ++answered === count && done({ latencies, seconds: (now() - start) / 1000 });
		const tick = setInterval(() => {
			const t = now();
			while (sent < count && start + (sent * 1000) / perSecond <= t) {
				const intended = start + (sent * 1000) / perSecond;
				const n = first + sent++;
				const payload = { slotId, submissionId: `p5-${process.pid}-${n}`, scores: sheet(60 + (n % 40)) };
				tablets[n % tablets.length]
					.timeout(30_000)
					.emitWithAck('score.submit', payload)
					.then((res: Ack<ScoreReceipt>) => (res.ok ? latencies.push(now() - intended) : refuse(refused, res.error.reason)))
					.catch(() => refuse(refused, 'no acknowledgement within 30 s'))
					.finally(answer);
			}
			if (sent === count) clearInterval(tick);
		}, 1);
	});
}

const refuse = (refused: Record<string, number>, reason: string) => (refused[reason] = (refused[reason] ?? 0) + 1);

process.on('message', async (message: OrchestratorMessage) => {
	if (message.type === 'stop') process.exit(0);
	if (message.type !== 'submit') return;
	const tablets = await Promise.all(message.tokens.map((token) => connect(message.url, token)));
	const refused: Record<string, number> = {};
	// The first submissions run on cold code (a process just restarted: V8 has not optimised the
	// path yet) and are reported apart. The measured ones start once every one of those is answered,
	// so that a backlog of the cold start does not spill into them.
	const warmups = Math.round(message.perSecond * message.warmupSeconds);
	const warmup = await openLoop(tablets, message.slotId, 0, warmups, message.perSecond, refused);
	const elu = performance.eventLoopUtilization();
	const measured = await openLoop(
		tablets,
		message.slotId,
		warmups,
		Math.round(message.perSecond * message.seconds),
		message.perSecond,
		refused
	);
	send({
		type: 'submitted',
		latencies: measured.latencies,
		warmup: warmup.latencies,
		refused,
		seconds: measured.seconds,
		elu: performance.eventLoopUtilization(elu).utilization
	});
	for (const t of tablets) t.disconnect();
});
