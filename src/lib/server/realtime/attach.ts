import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { syncInput, type Ack, type ViewName } from '$lib/shared/contracts';
import { sessionIdFromToken, sessionTokenFromCookieHeader, validateSessionToken, type SessionUser } from '../auth/session';
import type { LiveChange, Publisher, ServiceContext } from '../services/context';
import { ServiceError, refusal } from '../services/errors';
import { applySlotCommand } from '../services/live-control';
import { audienceSnapshot, buildSnapshot, consoleSnapshot, devicePresence, type Presence } from '../services/projections';
import { submitScores } from '../services/scoring';
import { reportUnsentSheets } from '../services/tablet';
import { decideConflictAtStage, declareConflictAtStage } from '../services/stage-conflicts';
import { requestRescore } from '../services/rescore';
import { startPractice } from '../services/practice';
import { parseInput } from '../services/validation';
import { AudienceCache, type AudiencePush } from './audience-cache';
import { clientAddress, type AddressConfig } from './client-address';
import { Coalescer } from './coalescer';
import { broadcastFrame } from './frame-broadcast';
import { DEFAULT_FLOOD_LIMITS, FloodGuard, type CommandCost, type FloodLimits } from './flood-guard';
import { Rechecks, follow, type FollowDeps } from './follows';
import { rooms } from './rooms';
import { logger, newEventId } from '../log.js';
import type { JuriServer, JuriSocket } from './socket-types';
import { DEFAULT_TARPIT, Tarpit, type TarpitOptions } from './tarpit';

export interface RealtimeOptions {
	/** The app's origin (ORIGIN). Without it, a handshake must come from the host it was sent to. */
	origin?: string;
	/** Where a client's address comes from behind a proxy (default: the TCP peer). */
	address?: AddressConfig;
	/** Budgets and cool-down of the flood guard. */
	limits?: FloodLimits;
	/** The clock of budgets and cool-downs; tests move it instead of waiting. */
	now?: () => number;
	/** How long refused handshakes and cut-off anonymous sockets are held. */
	tarpit?: TarpitOptions;
	/** Minimum time between two audience pushes of one evaluation. */
	audienceIntervalMs?: number;
	/**
	 * Joins this process to the others serving the same event (socket.io's Redis adapter, see
	 * ./cluster.ts). Without it the process serves alone, as with SQLite.
	 */
	adapter?: ServerOptions['adapter'];
	/** Where failures are reported (the structured logger by default; tests pass a quiet one). */
	log?: (message: string, error?: unknown, fields?: Record<string, unknown>) => void;
}

/** Scoring payloads are a few hundred bytes; anything bigger is refused before parsing. */
const MAX_PAYLOAD_BYTES = 8 * 1024;

function originAllowed(origin: string | undefined, host: string | undefined, configured?: string): boolean {
	if (!origin) return false;
	if (configured) return origin === configured;
	return origin === `http://${host}` || origin === `https://${host}`;
}

/** An audience sync is served from the shared snapshot; read from the raw input, before it is parsed. */
const syncCost = (raw: unknown): CommandCost =>
	typeof raw === 'object' && raw !== null && (raw as { view?: unknown }).view === 'audience' ? 'audience' : 'command';

const sessionIdOf = (cookieHeader: string | undefined) => {
	const token = sessionTokenFromCookieHeader(cookieHeader);
	return { token, sessionId: token ? sessionIdFromToken(token) : null };
};

/**
 * Attaches socket.io to the app's HTTP server (same port; socket.io owns only /socket.io/) and
 * returns the publisher through which services push live views after commit.
 */
export function attachRealtime(httpServer: HttpServer, ctx: ServiceContext, options: RealtimeOptions = {}) {
	const log = options.log ?? ((message, error, fields) => logger.error(message, { ...fields, error }));
	const guard = new FloodGuard(options.limits ?? DEFAULT_FLOOD_LIMITS, options.now);
	const tarpit = new Tarpit(options.tarpit ?? DEFAULT_TARPIT);
	const io: JuriServer = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: MAX_PAYLOAD_BYTES,
		// Audience snapshots are broadcast to many sockets: compressing each copy costs more CPU than it saves.
		perMessageDeflate: false,
		...(options.adapter ? { adapter: options.adapter } : {}),
		pingInterval: 10_000,
		pingTimeout: 8_000,
		// Runs before the WebSocket upgrade and before any database work: a session cut off for
		// flooding, or opening sockets in a loop, is turned away here at the cost of one hash, and
		// held a while first, so that a loop of reconnects runs at the hold's pace.
		allowRequest: (req, callback) => {
			if (guard.admitHandshake(sessionIdOf(req.headers.cookie).sessionId)) return callback(null, true);
			tarpit.hold(() => callback('too many connections; try again later', false));
		}
	});

	io.use(async (socket, next) => {
		// socket.io does not catch a rejected middleware promise: an error here (a bad cookie, a
		// database hiccup) would be an unhandled rejection and leave the handshake hanging. Refuse it.
		try {
			const { origin, host, cookie } = socket.handshake.headers;
			const { token, sessionId } = sessionIdOf(cookie);
			// Browsers send cookies on cross-site WebSocket handshakes and CORS does not cover the
			// upgrade, so a session-bearing handshake must come from our own origin. Anonymous
			// (audience) connections carry no authority; a foreign page may still not embed them.
			if ((token || origin) && !originAllowed(origin, host, options.origin)) return next(new Error('origin not allowed'));
			// Throws, as adapter-node does for HTTP, when a configured address header is missing.
			const address = clientAddress(
				{ headers: socket.handshake.headers, remoteAddress: socket.handshake.address },
				options.address ?? { xffDepth: 1 }
			);
			socket.data = {
				sessionToken: token,
				user: null,
				sessionId: null,
				guard: guard.client(sessionId, address),
				cutOff: false,
				follows: new Map(),
				following: Promise.resolve(),
				unsentSlotIds: []
			};
			if (token) {
				const { session, user } = await validateSessionToken(ctx.db, token);
				if (!session) return next(new Error('session expired'));
				socket.data.user = user;
				socket.data.sessionId = session.id;
			}
			next();
		} catch (error) {
			log('handshake failed', error, { socketId: socket.id });
			next(new Error('handshake failed'));
		}
	});

	const presence: Presence = {
		async connected(userIds) {
			if (userIds.length === 0) return new Map();
			const sockets = await io.in(userIds.map(rooms.user)).fetchSockets();
			return devicePresence(sockets.map((s) => ({ userId: s.data.user?.id, unsentSlotIds: s.data.unsentSlotIds })));
		}
	};

	const coalescer = new Coalescer(
		(key) => (key.startsWith('audience:') || key.startsWith('presenters:') ? (options.audienceIntervalMs ?? 250) : 0),
		(key, error) => log('push failed', error, { room: key })
	);

	const audience = new AudienceCache((evaluationId) => audienceSnapshot(ctx.db, evaluationId));

	const followDeps: FollowDeps = {
		build: (view, viewer, input) =>
			view === 'audience' && input.evaluationId ? audience.get(input.evaluationId) : buildSnapshot(ctx.db, view, viewer, input, presence),
		validate: async (token) => (await validateSessionToken(ctx.db, token)).user,
		// A tablet arriving changes the chair's "connected" column.
		entered(view, followed) {
			if (view === 'juror' && followed.panelId) presenceChanged(followed.panelId);
		}
	};

	/** Whether this process holds a socket in a room (no question to the other processes). */
	const holdsSockets = (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;

	/** This process's sockets of some users (re-checks change per-socket state, so each process does its own). */
	function localSocketsOf(userIds: string[]): JuriSocket[] {
		const ids = new Set(userIds.flatMap((userId) => [...(io.sockets.adapter.rooms.get(rooms.user(userId)) ?? [])]));
		return [...ids].map((id) => io.sockets.sockets.get(id)).filter((s): s is JuriSocket => s !== undefined);
	}

	const rechecks = new Rechecks(localSocketsOf, followDeps, (error) => log('re-check failed', error));

	/**
	 * Rebuilds a view for each of this process's sockets in a room that follows it, per viewer (their
	 * own data only). Each process serves its own sockets: what a viewer may see is decided where
	 * their socket's re-checks run.
	 */
	async function pushPerViewer(room: string, view: ViewName) {
		await rechecks.settled();
		const sockets = await io.local.in(room).fetchSockets();
		const byUser = new Map<string, typeof sockets>();
		for (const s of sockets) {
			if (!s.data.user || !s.data.follows.get(view)?.room) continue;
			byUser.set(s.data.user.id, [...(byUser.get(s.data.user.id) ?? []), s]);
		}
		for (const [userId, userSockets] of byUser) {
			const first = userSockets[0];
			// One viewer's view failing to build must not keep the others' from being pushed.
			try {
				const snapshot = await buildSnapshot(ctx.db, view, first.data.user, first.data.follows.get(view)!.input, presence);
				for (const s of userSockets) s.emit('snapshot', snapshot);
			} catch (error) {
				log('push failed', error, { view, userId });
			}
		}
	}

	/** Pushes a panel's console to this process's sockets in it (presence is asked of every process). */
	function pushConsole(panelId: string) {
		coalescer.schedule(rooms.console(panelId), async () => {
			// Sockets a role change takes out of this console leave before it is pushed.
			await rechecks.settled();
			if (!holdsSockets(rooms.console(panelId))) return;
			// Built for the panel, once, whoever's devices are in the room.
			io.local.to(rooms.console(panelId)).emit('snapshot', await consoleSnapshot(ctx.db, panelId, presence));
		});
	}

	/** A tablet came or went, or reported refused sheets: the chair's console changes, on whichever process holds it. */
	function presenceChanged(panelId: string) {
		pushConsole(panelId);
		if (options.adapter) io.serverSideEmit('presence', panelId);
	}

	/** What every process does for its own sockets when a change committed, wherever it committed. */
	function serveChange(change: LiveChange) {
		if (change.members?.length) rechecks.run(change.members);
		for (const panelId of [...(change.panels ?? []), ...(change.consoles ?? [])]) pushConsole(panelId);
		for (const panelId of change.panels ?? []) {
			coalescer.schedule(rooms.jurors(panelId), () => pushPerViewer(rooms.jurors(panelId), 'juror'));
		}
		for (const userId of change.users ?? []) {
			coalescer.schedule(rooms.user(userId), () => pushPerViewer(rooms.user(userId), 'juror'));
		}
		if (change.public) {
			audience.invalidate(change.evaluationId);
			coalescer.schedule(rooms.presenters(change.evaluationId), () => pushPerViewer(rooms.presenters(change.evaluationId), 'presenter'));
		}
	}

	/**
	 * The audience's push, built by the process that committed the change only: one build, a patch
	 * of what changed since the last push, handed to every other process, so the number of builds
	 * and pushes per change does not grow with the number of processes. (Alone, a process skips the
	 * build while nobody watches; with others it cannot know that without asking each of them for
	 * the room's sockets.)
	 */
	function pushAudience(evaluationId: string) {
		coalescer.schedule(rooms.audience(evaluationId), async () => {
			if (!options.adapter && !holdsSockets(rooms.audience(evaluationId))) return audience.unwatched(evaluationId);
			// Syncs meanwhile share the same build.
			const push = await audience.push(evaluationId);
			deliverAudience(push);
			if (options.adapter) io.serverSideEmit('audiencePush', push);
		});
	}

	/** An audience push to this process's sockets, serialised once into a WebSocket frame (see ./frame-broadcast.ts). */
	function deliverAudience({ pushed, patch }: AudiencePush) {
		const room = rooms.audience(pushed.data.evaluation.id);
		if (patch) broadcastFrame(io, room, 'patch', patch);
		else broadcastFrame(io, room, 'snapshot', pushed);
	}

	// The other processes' changes, presence and audience pushes, for this process's sockets.
	io.on('changed', serveChange);
	io.on('presence', pushConsole);
	io.on('audiencePush', (push) => {
		// Built there: the version it brings is the base of this process's next patch too.
		audience.adopt(push.pushed);
		deliverAudience(push);
	});

	const publisher: Publisher = {
		changed(change: LiveChange) {
			serveChange(change);
			if (options.adapter) io.serverSideEmit('changed', change);
			if (change.public) pushAudience(change.evaluationId);
		},
		disconnectSession(sessionId) {
			io.in(rooms.session(sessionId)).disconnectSockets(true);
		}
	};

	/**
	 * A socket cut off for flooding. A session's goes at once with its other sockets (the session is
	 * cooling down: its reconnects are held at the handshake). An anonymous one is held: the server
	 * stops reading it and closes it after the hold, so a flooder that reconnects whenever it is cut
	 * off does so at the hold's pace, not as fast as connections open. (Only over WebSocket: a
	 * polling connection's TCP socket is shared by its requests, so it is closed at once.)
	 */
	function cutOff(socket: JuriSocket) {
		socket.data.cutOff = true;
		if (socket.data.sessionId) io.in(rooms.session(socket.data.sessionId)).disconnectSockets(true);
		const tcp = socket.request.socket;
		if (socket.data.sessionId || socket.conn.transport.name !== 'websocket') return void socket.disconnect(true);
		tcp.pause();
		tarpit.hold(() => {
			socket.disconnect(true);
			tcp.destroySoon();
		});
	}

	/** Commands being served: a graceful shutdown lets them finish before the database closes. */
	const inFlight = new Set<Promise<void>>();

	/** Wraps a command: flood guard, fresh session, service call, and an acknowledgement that never throws. */
	function command<I, O>(
		socket: JuriSocket,
		event: string,
		costOf: (input: unknown) => CommandCost,
		run: (user: SessionUser | null, input: I) => Promise<O>
	) {
		return (input: I, ack: unknown) => {
			const served = serve(input, ack);
			inFlight.add(served);
			void served.finally(() => inFlight.delete(served));
		};
		async function serve(input: I, ack: unknown) {
			// Commands read before a cut-off took effect are dropped unanswered.
			if (socket.data.cutOff) return;
			const reply = typeof ack === 'function' ? (ack as (res: Ack<O>) => void) : () => {};
			const cost = costOf(input);
			const verdict = guard.admit(socket.data.guard, cost);
			if (verdict === 'cut') return cutOff(socket);
			if (verdict === 'refuse')
				return reply({ ok: false, error: refusal('rate_limited', 'slow_down', 'Too many requests; slow down').toAck() });
			try {
				let user = socket.data.user;
				// An audience sync shows only public data: it needs no session, so it costs no database read.
				if (cost === 'command' && socket.data.sessionToken) {
					user = (await validateSessionToken(ctx.db, socket.data.sessionToken)).user;
					if (!user) {
						reply({ ok: false, error: refusal('unauthenticated', 'session_ended', 'Your session has ended; join again').toAck() });
						return void socket.disconnect(true);
					}
					socket.data.user = user;
				}
				reply({ ok: true, data: await run(user, input) });
			} catch (error) {
				if (error instanceof ServiceError) return reply({ ok: false, error: error.toAck() });
				log('command failed', error, { commandId: newEventId(), event, socketId: socket.id, userId: socket.data.user?.id });
				reply({ ok: false, error: refusal('internal', 'internal', 'Something went wrong on the server; try again').toAck() });
			}
		}
	}

	const needUser = (user: SessionUser | null): SessionUser => {
		if (!user) throw refusal('unauthenticated', 'sign_in_first', 'Sign in first');
		return user;
	};

	io.on('connection', async (socket) => {
		const { user, sessionId } = socket.data;
		if (user && sessionId) await socket.join([rooms.user(user.id), rooms.session(sessionId)]);

		socket.on(
			'sync',
			command(socket, 'sync', syncCost, (user, raw) => follow(socket, user, parseInput(syncInput, raw), followDeps))
		);
		socket.on(
			'slot.command',
			command(
				socket,
				'slot.command',
				() => 'command',
				(user, input) => applySlotCommand(ctx, needUser(user), input)
			)
		);
		socket.on(
			'score.submit',
			command(
				socket,
				'score.submit',
				() => 'command',
				(user, input) => submitScores(ctx, needUser(user), input)
			)
		);

		socket.on(
			'practice.start',
			command(
				socket,
				'practice.start',
				() => 'command',
				(user, input) => startPractice(ctx, needUser(user), input)
			)
		);
		socket.on(
			'rescore.request',
			command(
				socket,
				'rescore.request',
				() => 'command',
				(user, input) => requestRescore(ctx, needUser(user), input)
			)
		);
		socket.on(
			'conflict.declare',
			command(
				socket,
				'conflict.declare',
				() => 'command',
				(user, input) => declareConflictAtStage(ctx, needUser(user), input)
			)
		);
		socket.on(
			'conflict.decide',
			command(
				socket,
				'conflict.decide',
				() => 'command',
				(user, input) => decideConflictAtStage(ctx, needUser(user), input)
			)
		);

		socket.on(
			'tablet.unsent',
			command(
				socket,
				'tablet.unsent',
				() => 'command',
				async (user, input) => {
					const report = await reportUnsentSheets(ctx, needUser(user), input);
					socket.data.unsentSlotIds = report.slotIds;
					for (const panelId of report.panelIds) presenceChanged(panelId);
					return { slotIds: report.slotIds };
				}
			)
		);
		// The tablet's heartbeat: a no-op that goes through the flood guard like any command, so a
		// flood is still refused and cut off. A tablet keeps one beat in flight, one a second: 1 of
		// its person's 10 a second, never the venue address's budget. No session check: it reads and
		// answers nothing.
		socket.on('heartbeat', (ack: unknown) => {
			if (socket.data.cutOff) return;
			const verdict = guard.admit(socket.data.guard, 'command');
			if (verdict === 'cut') return cutOff(socket);
			if (verdict === 'ok' && typeof ack === 'function') ack();
		});

		socket.on('disconnect', () => {
			// A juror's tablet dropping changes the chair's "connected" column.
			const tablet = socket.data.follows.get('juror');
			if (socket.data.user?.role === 'juror' && tablet?.panelId) presenceChanged(tablet.panelId);
		});
	});

	return {
		io,
		publisher,
		/**
		 * Closes every connection so that clients reconnect (elsewhere, behind a proxy: socket.io
		 * clients retry after a randomised delay on a closed transport, never on a server-side
		 * disconnect), then waits for the commands being served to finish.
		 */
		close: async () => {
			// Held connections are not being read: they would never finish closing on their own.
			tarpit.releaseAll();
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await Promise.allSettled([...inFlight]);
		}
	};
}
