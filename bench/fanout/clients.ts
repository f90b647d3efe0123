/**
 * A client worker of bench/fanout.ts: holds up to ~8,000 sockets to one server (spread over
 * 127.0.0.1–127.0.0.4, so no source address runs out of ephemeral ports) and reports, per round,
 * when its last socket received the round's message. Audience sockets of Juri do what /live does:
 * sync, apply each patch to the version held (receiveStep), sync again on a gap or a reconnect
 * (reconnect delays randomised, as socket.io's client does); baseline sockets only receive. Its
 * event-loop utilisation over the measured part is reported: past 0.8 the worker, not the server,
 * was measured.
 */
import { performance } from 'node:perf_hooks';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { receiveStep, type Versioned } from '$lib/domain/live/view-delta';
import type { Ack, Snapshot, ViewPatch } from '$lib/shared/contracts';
import { now, type OrchestratorMessage, type WorkerMessage } from './protocol';

const { url, count, kind, evaluationId, offset } = JSON.parse(process.argv[2]) as {
	url: string;
	count: number;
	kind: 'juri' | 'bare';
	evaluationId?: string;
	offset: number;
};
const send = (message: WorkerMessage) => process.send!(message);
const BATCH = 250;

let round: { id: number; left: number; seen: Set<number> } | null = null;
let connectErrors = 0;
let resyncs = 0;
/** The size of a patch as serialised (one sample), for the report. */
let patchBytes = 0;
const held: (Versioned<unknown> | null)[] = [];
/**
 * One copy of each version's view for all of this worker's sockets. A version labels exactly one
 * content (receiveStep is pure, and a sync returns the same content), so a phone holding it holds
 * this. A copy per socket made the worker's heap grow with its sockets and its garbage collection
 * slow its own receipt of the next round (the instrument, not the server, was measured); a run holds
 * a few hundred versions at most.
 */
const views = new Map<number, Versioned<unknown>>();

function hold(index: number, view: Versioned<unknown>) {
	let shared = views.get(view.version);
	if (!shared) views.set(view.version, (shared = view));
	held[index] = shared;
}

/** Patches received during a round, applied once it is over (see the 'patch' handler). */
const deferred: (() => void)[] = [];

function received(index: number) {
	if (!round || round.seen.has(index)) return;
	round.seen.add(index);
	if (--round.left === 0) {
		send({ type: 'round', id: round.id, lastAt: now(), received: round.seen.size });
		round = null;
		setImmediate(() => deferred.splice(0).forEach((apply) => apply()));
	}
}

function sync(socket: Socket, index: number) {
	socket
		.timeout(60_000)
		.emitWithAck('sync', { view: 'audience', evaluationId })
		.then((res: Ack<Snapshot>) => {
			if (res.ok && res.data.version >= (held[index]?.version ?? -1)) hold(index, { version: res.data.version, data: res.data.data });
			checkVersion();
		})
		.catch(() => {});
}

function open(index: number): Socket {
	const options = {
		transports: ['websocket'],
		forceNew: true,
		localAddress: `127.0.0.${1 + ((offset + index) % 4)}`,
		// Juri's audience reconnects after a restart (P4), at randomised delays so the storm is spread.
		reconnection: kind === 'juri',
		reconnectionDelay: 1_000,
		reconnectionDelayMax: 10_000,
		randomizationFactor: 0.5
	};
	const socket = io(url, options as Partial<ManagerOptions & SocketOptions>);
	socket.on('connect_error', () => connectErrors++);
	if (kind === 'bare') {
		socket.on('leaderboard', () => received(index));
		return socket;
	}
	socket.on('connect', () => sync(socket, index));
	socket.on('patch', (patch: ViewPatch) => {
		// Arrival is when the message is here, as for the baselines' sockets. Applying it is the
		// phone's own work, done by each phone in parallel; here thousands share one worker, so it
		// waits until the round's last socket has its message (then each socket applies its own, in order).
		received(index);
		patchBytes ||= JSON.stringify(patch).length;
		const apply = () => {
			// Another socket here already applied this step to the same version: its result is this one's.
			const done = held[index]?.version === patch.from ? views.get(patch.to) : undefined;
			const step = done ? ({ kind: 'applied', view: done } as const) : receiveStep(held[index], patch);
			if (step.kind === 'gap') {
				resyncs++;
				sync(socket, index);
			}
			if (step.kind === 'applied') hold(index, step.view);
			checkVersion();
		};
		if (round) deferred.push(apply);
		else apply();
	});
	socket.on('snapshot', (snapshot: Snapshot) => {
		if (snapshot.version >= (held[index]?.version ?? -1)) hold(index, { version: snapshot.version, data: snapshot.data });
		received(index);
		checkVersion();
	});
	return socket;
}

const sockets: Socket[] = [];
for (let start = 0; start < count; start += BATCH) {
	const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => open(start + i));
	sockets.push(...batch);
	await Promise.all(batch.map((s) => (s.connected ? null : new Promise((resolve) => s.once('connect', resolve)))));
}
if (kind === 'juri') await waitUntil(() => held.filter(Boolean).length === count);
send({ type: 'ready', connected: sockets.filter((s) => s.connected).length, connectErrors });

function waitUntil(condition: () => boolean): Promise<void> {
	return new Promise((resolve) => {
		const timer = setInterval(() => condition() && (clearInterval(timer), resolve()), 20);
	});
}

/** P4: the moment every socket holds the awaited version. */
let awaited: number | null = null;
function checkVersion() {
	if (awaited === null) return;
	const behind = held.filter((h) => (h?.version ?? -1) < awaited!).length;
	if (behind === 0) {
		send({ type: 'at-version', at: now(), behind });
		awaited = null;
	}
}

let measured = performance.eventLoopUtilization();
process.on('message', (message: OrchestratorMessage) => {
	switch (message.type) {
		case 'arm':
			round = { id: message.id, left: count, seen: new Set() };
			send({ type: 'armed', id: message.id });
			break;
		case 'measure':
			measured = performance.eventLoopUtilization();
			resyncs = 0;
			break;
		case 'report':
			send({ type: 'utilisation', elu: performance.eventLoopUtilization(measured).utilization, resyncs, connectErrors, patchBytes });
			break;
		case 'await-version':
			awaited = message.version;
			checkVersion();
			break;
		case 'stop':
			for (const s of sockets) s.disconnect();
			process.exit(0);
	}
});
