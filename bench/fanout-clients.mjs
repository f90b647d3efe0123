// Child process for bench/fanout.ts: holds N audience sockets so their CPU is not the server's,
// and reports, per round, when the last socket received the round's message.
import { io } from 'socket.io-client';

const [url, count, event, evaluationId] = [process.argv[2], Number(process.argv[3]), process.argv[4], process.argv[5]];
const sockets = [];
let round = null;

function received() {
	if (!round) return;
	round.left--;
	if (round.left === 0) {
		process.send({ type: 'round', id: round.id, lastAt: performance.timeOrigin + performance.now() });
		round = null;
	}
}

for (let i = 0; i < count; i++) {
	const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
	socket.on(event, received);
	sockets.push(socket);
}
await Promise.all(sockets.map((s) => (s.connected ? null : new Promise((resolve) => s.once('connect', resolve)))));
if (evaluationId) {
	await Promise.all(sockets.map((s) => s.timeout(30_000).emitWithAck('sync', { view: 'audience', evaluationId })));
}
process.send({ type: 'ready' });
process.on('message', (message) => {
	if (message.type === 'round') round = { id: message.id, left: count };
	if (message.type === 'stop') {
		for (const s of sockets) s.disconnect();
		process.exit(0);
	}
});
