import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/shared/contracts';

export type JuriSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket per page, to the same origin (the session cookie rides along). socket.io reconnects
 * by itself with back-off; every (re)connect triggers a fresh sync in the live view.
 */
export function connectSocket(): JuriSocket {
	return io({ transports: ['websocket'], reconnectionDelayMax: 3000 });
}
