/**
 * The baseline (bench/fanout.ts forks it, one process of its own): a bare socket.io server that
 * broadcasts a payload of a given size to every socket when told, with no database and no app
 * around it: the 2 KB full snapshot a naive design would send, or the 200-byte floor.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { now, type ServerMessage } from './protocol';

const bytes = Number(process.argv[2]);
const http = createServer();
const io = new Server(http, { serveClient: false, perMessageDeflate: false });
await new Promise<void>((resolve) => http.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, resolve));
const reply = (message: ServerMessage) => process.send!(message);
process.on('message', (message: { type: string; id?: number }) => {
	if (message.type === 'change') {
		const at = now();
		io.emit('leaderboard', { version: message.id, rows: 'x'.repeat(bytes) });
		reply({ type: 'changed', id: message.id!, at });
	} else if (message.type === 'memory') {
		for (let i = 0; i < 3; i++) globalThis.gc?.();
		reply({ type: 'memory', usage: process.memoryUsage() });
	}
});
reply({ type: 'ready', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
