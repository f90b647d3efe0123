import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SyncInput, ViewName } from '$lib/shared/contracts';
import type { SessionUser } from '../auth/session';
import type { LiveChange } from '../services/context';
import type { AudiencePush } from './audience-cache';
import type { GuardedClient } from './flood-guard';

/** A view a socket follows: what it asked for, and the room its pushes come through (null while it may not see it). */
export interface Follow {
	input: SyncInput;
	room: string | null;
	/** The panel of a console or a juror's tablet. */
	panelId: string | null;
}

export interface SocketData {
	/** Kept so every command re-validates the session: a logout or expiry takes effect at once. */
	sessionToken: string | null;
	user: SessionUser | null;
	sessionId: string | null;
	guard: GuardedClient;
	/** Cut off for flooding: whatever it still sends is dropped. */
	cutOff: boolean;
	follows: Map<ViewName, Follow>;
	/** Changes to `follows` run one after another, so a sync and a re-check never interleave their room moves. */
	following: Promise<void>;
	/** What a juror's tablet last reported holding (refused sheets), for the chair's console. */
	unsentSlotIds: string[];
}

/** What one process tells the others (through the Redis adapter, when several serve one event). */
export interface ServerSideEvents {
	/** A change committed there: each process serves its own sockets (see attach.ts). */
	changed: (change: LiveChange) => void;
	/** A tablet of this panel came, went or reported refused sheets: its console's "connected" column changed. */
	presence: (panelId: string) => void;
	/** The audience push built there, for this process's audience sockets (and the base of its next patch). */
	audiencePush: (push: AudiencePush) => void;
}

export type JuriServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
export type JuriSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
