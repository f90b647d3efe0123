import * as ws from 'ws';
import type { Server } from 'socket.io';

/**
 * One message to every socket of a room held by this process, serialised once all the way down to
 * the WebSocket frame, and that frame written to each socket as it is.
 *
 * Why: at 10,000 audience sockets a push is the time it takes to write 10,000 frames. socket.io's
 * own broadcast serialises once too, but then walks each socket through engine.io's packet
 * machinery (a packet object, a write buffer, flush and drain events, a write callback), about
 * twice the time of the write itself (bench/fanout.ts's bare server at 10,000 sockets, traced:
 * ~140 ms that way, ~80 ms this way). A frame goes straight to the socket's WebSocket only where
 * engine.io would have written at once: a WebSocket transport, open, with nothing of engine.io's
 * waiting to be written (else the frame would overtake it). Every other socket (long-polling,
 * upgrading, mid-write, closing) gets the same message through one socket.io broadcast.
 *
 * Only for messages without acknowledgement or binary parts, i.e. pushes to a view; a server with
 * permessage-deflate on (Juri's is off, see attach.ts) sends everything through socket.io.
 *
 * @example broadcastFrame(io, rooms.audience(evaluationId), 'patch', patch);
 */
export function broadcastFrame(io: Server, room: string, event: string, payload: unknown): void {
	const ids = io.sockets.adapter.rooms.get(room);
	if (!ids?.size) return;
	let frame: Buffer[] | null = null;
	const others: string[] = [];
	for (const id of ids) {
		const socket = io.sockets.sockets.get(id);
		if (!socket) continue;
		const sender = idleWebSocketOf(socket.conn as unknown as EngineConnection);
		if (!sender) {
			others.push(id);
			continue;
		}
		frame ??= textFrame(io, event, payload);
		sender.sendFrame(frame);
	}
	// One socket.io broadcast to the rest (each socket is in a room of its own id): serialised once too.
	if (others.length > 0) io.local.to(others).emit(event, payload);
}

/** socket.io-parser's PacketType.EVENT. */
const EVENT = 2;
/** Engine.IO's "message" packet type, which carries a socket.io packet. */
const ENGINE_MESSAGE = '4';

/** The message as one unmasked, final text frame (server to client): the bytes engine.io would write. */
function textFrame(io: Server, event: string, payload: unknown): Buffer[] {
	const [encoded] = io.encoder.encode({ type: EVENT, nsp: '/', data: [event, payload] });
	const data = Buffer.from(ENGINE_MESSAGE + (encoded as string));
	// One buffer: one write per socket.
	return [Buffer.concat(Sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true }))];
}

/** The parts of engine.io's socket and ws's WebSocket read here (not in their published types). */
interface EngineConnection {
	readyState: string;
	writeBuffer: unknown[];
	transport: { name: string; opts?: { perMessageDeflate?: unknown }; socket?: { readyState: number; _sender?: FrameSender } };
}
interface FrameSender {
	sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}
/** ws's frame builder (exported by the package, absent from @types/ws). */
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] } };

/**
 * The socket's WebSocket sender, when a frame written now would go out in order; otherwise null.
 * Its WebSocket must still be open: once its close frame is sent, no data frame may follow (RFC 6455).
 */
function idleWebSocketOf(conn: EngineConnection): FrameSender | null {
	if (conn.readyState !== 'open' || conn.writeBuffer.length > 0 || conn.transport.name !== 'websocket') return null;
	// Compressing, ws queues messages while it deflates them: a frame written beside the queue would overtake them.
	if (conn.transport.opts?.perMessageDeflate) return null;
	const socket = conn.transport.socket;
	return socket?.readyState === ws.WebSocket.OPEN && typeof socket._sender?.sendFrame === 'function' ? socket._sender : null;
}
