// Child process for bench/flood.ts: one address (127.0.0.2) flooding from many sockets, half of them
// signed in with one session and half anonymous. Each socket sends commands as fast as this process
// can; when it is cut off it comes straight back on a new socket, as an attacker would. Its CPU is
// its own, not the server's.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const [url, token, count] = [process.argv[2], process.argv[3], Number(process.argv[4])];
// 20 commands every 10 ms per socket: 200 times a socket's budget. Sending flat out instead pins this
// process at a full core, and then it is the machine's contention that is measured, not the server.
const BURST_EVERY_MS = Number(process.env.BENCH_FLOOD_BURST_EVERY_MS ?? 10);
// A socket cut off (or refused) comes back after this pause: without one, this process's own loop of
// connections saturates it.
const RECONNECT_MS = Number(process.env.BENCH_FLOOD_RECONNECT_MS ?? 5);
const MAX_IN_FLIGHT = 200;
const FROM = '127.0.0.2';
const stats = { sent: 0, served: 0, refused: 0, cuts: 0, refusedHandshakes: 0 };
let flooding = false;

function connect(signedIn) {
	const extraHeaders = { origin: url, ...(signedIn ? { cookie: `juri_session=${token}` } : {}) };
	const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders, localAddress: FROM });
	return new Promise((resolve) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', () => {
			stats.refusedHandshakes++;
			socket.close();
			resolve(null);
		});
	});
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One flooding slot: a socket that floods while flooding is on, and is replaced when cut off. */
async function slot(signedIn) {
	for (;;) {
		if (!flooding) {
			await pause(20);
			continue;
		}
		const socket = await connect(signedIn);
		// A refused handshake is retried almost at once, as a loop of new connections would.
		if (!socket) {
			await pause(RECONNECT_MS);
			continue;
		}
		let inFlight = 0;
		const onAck = (res) => {
			inFlight--;
			if (res.ok || res.error.code !== 'rate_limited') stats.served++;
			else stats.refused++;
		};
		while (socket.connected && flooding) {
			// Up to 200 unanswered commands per socket: beyond that, a socket the server stopped reading
			// would only pile them up in this process's memory.
			for (let i = 0; i < 20 && inFlight < MAX_IN_FLIGHT; i++, inFlight++) {
				if (signedIn) socket.emit('sync', { view: 'juror' }, onAck);
				else socket.emit('score.submit', { slotId: 'x', submissionId: 'flood-0000', scores: {} }, onAck);
				stats.sent++;
			}

			await pause(BURST_EVERY_MS);
		}
		if (socket.connected) socket.disconnect();
		else {
			stats.cuts++;
			await pause(RECONNECT_MS);
		}
	}
}

for (let i = 0; i < count; i++) slot(i % 2 === 0);
let elu = performance.eventLoopUtilization();
process.on('message', (message) => {
	if (message.type === 'flood') {
		flooding = message.on;
		if (flooding) elu = performance.eventLoopUtilization();
		else process.send({ type: 'stats', stats, elu: performance.eventLoopUtilization(elu).utilization });
	}
	// Sockets still connecting or connected simply go with the process.
	if (message.type === 'stop') process.exit(0);
});
process.send({ type: 'ready' });
