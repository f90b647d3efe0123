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

process.on('message', async (message: OrchestratorMessage) => {
	if (message.type === 'stop') process.exit(0);
	if (message.type !== 'submit') return;
	const tablets = await Promise.all(message.tokens.map((token) => connect(message.url, token)));
	// The first submissions run on cold code (a process just restarted: V8 has not optimised the
	// path yet) and are reported apart; the measured ones follow at the same rate, without a pause.
	const warmups = Math.round(message.perSecond * message.warmupSeconds);
	const total = warmups + Math.round(message.perSecond * message.seconds);
	const latencies: number[] = [];
	const warmup: number[] = [];
	const refused: Record<string, number> = {};
	const refuse = (reason: string) => (refused[reason] = (refused[reason] ?? 0) + 1);
	let sent = 0;
	const start = now() + 50;
	const elu = performance.eventLoopUtilization();
	await new Promise<void>((done) => {
		const tick = setInterval(() => {
			const t = now();
			while (sent < total && start + (sent * 1000) / message.perSecond <= t) {
				const intended = start + (sent * 1000) / message.perSecond;
				const tablet = tablets[sent % tablets.length];
				const payload = { slotId: message.slotId, submissionId: `p5-${process.pid}-${sent}`, scores: sheet(60 + (sent % 40)) };
				const into = sent < warmups ? warmup : latencies;
				sent++;
				tablet
					.timeout(30_000)
					.emitWithAck('score.submit', payload)
					.then((res: Ack<ScoreReceipt>) => (res.ok ? into.push(now() - intended) : refuse(res.error.reason)))
					.catch(() => refuse('no acknowledgement within 30 s'))
					.finally(() => warmup.length + latencies.length + Object.values(refused).reduce((a, b) => a + b, 0) === total && done());
			}
			if (sent === total) clearInterval(tick);
		}, 1);
	});
	const measuredFrom = start + (warmups * 1000) / message.perSecond;
	send({
		type: 'submitted',
		latencies,
		warmup,
		refused,
		seconds: (now() - measuredFrom) / 1000,
		elu: performance.eventLoopUtilization(elu).utilization
	});
	for (const t of tablets) t.disconnect();
});
