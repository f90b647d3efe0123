/**
 * The audience's pushes are written as one pre-built WebSocket frame per socket
 * (realtime/frame-broadcast.ts). A real socket.io server and real socket.io clients on loopback:
 * what arrives is exactly what socket.io's own emit delivers, over WebSocket and over long-polling,
 * at every frame-length encoding; a socket with engine.io writes still waiting gets the message after
 * them, never before, and so does one whose messages are being compressed; sockets outside the room,
 * and sockets that are going, get nothing and break nothing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { broadcastFrame } from '$lib/server/realtime/frame-broadcast';
import { waitFor } from './harness';

let io: Server;
let url: string;
const clients: ClientSocket[] = [];

beforeAll(async () => {
	const http = createServer();
	io = new Server(http, { serveClient: false, perMessageDeflate: false });
	io.on('connection', (socket) => {
		const room = socket.handshake.auth.room;
		if (typeof room === 'string') socket.join(room);
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
	for (const c of clients) c.disconnect();
	await io.close();
});

/** A client in a room (or none), over WebSocket only or long-polling only, with every `m` it receives. */
async function client(room: string | null, transport: 'websocket' | 'polling') {
	const socket = connect(url, { transports: [transport], forceNew: true, reconnection: false, auth: room ? { room } : {} });
	clients.push(socket);
	const received: unknown[] = [];
	socket.on('m', (payload: unknown) => received.push(payload));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	// Joined server-side once the connection handler ran: wait until the room holds it.
	if (room) await waitFor(() => [...(io.sockets.adapter.rooms.get(room) ?? [])].includes(socket.id!), 5_000, 'the join');
	return { socket, received };
}

const serverSocketOf = (client: ClientSocket) => io.sockets.sockets.get(client.id!)!;

describe('broadcastFrame', () => {
	test('delivers what socket.io would, over WebSocket and long-polling, at each frame length', async () => {
		const ws = await client('sizes', 'websocket');
		const polling = await client('sizes', 'polling');
		const outsider = await client('elsewhere', 'websocket');
		const viaEmit = await client('reference', 'websocket');
		// 7-bit, 16-bit and 64-bit frame lengths; non-ASCII text (the frame length counts bytes, not characters).
		const payloads = [
			{ version: 1, body: 'Dinas Komunikasi dan Informatika' },
			{ version: 2, body: 'Kab. Pulau Morotai — peringkat ①, é, 日本, 🗳️'.repeat(20) },
			{ version: 3, rows: Array.from({ length: 2_000 }, (_, i) => ({ id: `body-${i}`, score: i / 7 })) }
		];
		for (const payload of payloads) {
			broadcastFrame(io, 'sizes', 'm', payload);
			io.to('reference').emit('m', payload);
		}
		await waitFor(() => ws.received.length === 3 && polling.received.length === 3 && viaEmit.received.length === 3, 10_000, 'all three');
		expect(ws.received).toEqual(viaEmit.received);
		expect(polling.received).toEqual(viaEmit.received);
		expect(viaEmit.received).toEqual(JSON.parse(JSON.stringify(payloads)));
		// A message after the broadcasts reaches the outsider: it got none of them.
		io.to('elsewhere').emit('m', 'after');
		await waitFor(() => outsider.received.length > 0, 5_000, 'the outsider');
		expect(outsider.received).toEqual(['after']);
	});

	test('a socket whose engine.io writes still wait gets the broadcast after them, in order', async () => {
		const { socket, received } = await client('order', 'websocket');
		const server = serverSocketOf(socket);
		// The first emit is written at once; the second waits in engine.io's buffer for its callback.
		server.emit('m', 1);
		server.emit('m', 2);
		broadcastFrame(io, 'order', 'm', 3);
		server.emit('m', 4);
		await waitFor(() => received.length === 4, 5_000, 'four messages');
		expect(received).toEqual([1, 2, 3, 4]);
	});

	test('with permessage-deflate on, everything goes through socket.io: nothing overtakes a message being compressed', async () => {
		const http = createServer();
		const deflating = new Server(http, { serveClient: false, perMessageDeflate: { threshold: 0 } });
		deflating.on('connection', (socket) => socket.join('deflated'));
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		const socket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true });
		const received: unknown[] = [];
		socket.on('m', (payload: unknown) => received.push(payload));
		await waitFor(() => (deflating.sockets.adapter.rooms.get('deflated')?.size ?? 0) === 1, 5_000, 'the join');
		const server = deflating.sockets.sockets.get(socket.id!)!;
		// ws compresses this one asynchronously, holding what follows in its queue.
		server.emit('m', 'x'.repeat(50_000));
		broadcastFrame(deflating, 'deflated', 'm', 'after');
		await waitFor(() => received.length === 2, 5_000, 'both');
		expect(received[1]).toBe('after');
		socket.disconnect();
		await deflating.close();
	});

	test('sockets that are going are passed over; the others still get the message', async () => {
		const going = await client('leaving', 'websocket');
		const staying = await client('leaving', 'websocket');
		const server = serverSocketOf(going.socket);
		// Its WebSocket closing (the close frame sent) while engine.io still counts it open, until the handshake ends.
		(server.conn as unknown as { transport: { socket: { close(): void } } }).transport.socket.close();
		expect(server.conn.readyState).toBe('open');
		expect(() => broadcastFrame(io, 'leaving', 'm', 'still here')).not.toThrow();
		await waitFor(() => staying.received.length === 1, 5_000, 'the one staying');
		expect(staying.received).toEqual(['still here']);
		expect(going.received).toEqual([]);
		expect(() => broadcastFrame(io, 'nobody-here', 'm', 'x')).not.toThrow();
	});
});
