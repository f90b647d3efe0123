import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { syncInput, type Ack, type ClientToServerEvents, type ServerToClientEvents, type ViewName } from '$lib/shared/contracts';
import { sessionTokenFromCookieHeader, validateSessionToken, type SessionUser } from '../auth/session';
import type { LiveChange, Publisher, ServiceContext } from '../services/context';
import { ServiceError } from '../services/errors';
import { applySlotCommand } from '../services/live-control';
import { buildSnapshot, devicePresence, type Presence } from '../services/projections';
import { submitScores } from '../services/scoring';
import { reportUnsentSheets } from '../services/tablet';
import { parseInput } from '../services/validation';
import { Coalescer } from './coalescer';
import { CommandBucket } from './rate-limit';
import { rooms } from './rooms';

interface SocketData {
	/** Kept so every command re-validates the session: a logout or expiry takes effect at once. */
	sessionToken: string | null;
	user: SessionUser | null;
	sessionId: string | null;
	bucket: CommandBucket;
	/** The views this socket follows, to rebuild them per viewer. */
	views: Set<ViewName>;
	panelId: string | null;
	/** What a juror's tablet last reported holding (refused sheets), for the chair's console. */
	unsentSlotIds: string[];
}

type JuriServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type JuriSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeOptions {
	/** The app's origin (ORIGIN). Without it, a handshake must come from the host it was sent to. */
	origin?: string;
	/** Minimum time between two audience pushes of one evaluation. */
	audienceIntervalMs?: number;
	log?: (message: string, error?: unknown) => void;
}

/** Scoring payloads are a few hundred bytes; anything bigger is refused before parsing. */
const MAX_PAYLOAD_BYTES = 8 * 1024;

function originAllowed(origin: string | undefined, host: string | undefined, configured?: string): boolean {
	if (!origin) return false;
	if (configured) return origin === configured;
	return origin === `http://${host}` || origin === `https://${host}`;
}

/**
 * Attaches socket.io to the app's HTTP server (same port; socket.io owns only /socket.io/) and
 * returns the publisher through which services push live views after commit.
 */
export function attachRealtime(httpServer: HttpServer, ctx: ServiceContext, options: RealtimeOptions = {}) {
	const log = options.log ?? ((message, error) => console.error(`[realtime] ${message}`, error ?? ''));
	const io: JuriServer = new Server(httpServer, {
		serveClient: false,
		maxHttpBufferSize: MAX_PAYLOAD_BYTES,
		// Audience snapshots are broadcast to many sockets: compressing each copy costs more CPU than it saves.
		perMessageDeflate: false,
		pingInterval: 10_000,
		pingTimeout: 8_000
	});

	io.use(async (socket, next) => {
		// socket.io does not catch a rejected middleware promise: an error here (a bad cookie, a
		// database hiccup) would be an unhandled rejection and leave the handshake hanging. Refuse it.
		try {
			const { origin, host, cookie } = socket.handshake.headers;
			const token = sessionTokenFromCookieHeader(cookie);
			// Browsers send cookies on cross-site WebSocket handshakes and CORS does not cover the
			// upgrade, so a session-bearing handshake must come from our own origin. Anonymous
			// (audience) connections carry no authority; a foreign page may still not embed them.
			if ((token || origin) && !originAllowed(origin, host, options.origin)) return next(new Error('origin not allowed'));
			socket.data = {
				sessionToken: token,
				user: null,
				sessionId: null,
				bucket: new CommandBucket(),
				views: new Set(),
				panelId: null,
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
			log('handshake failed', error);
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
		(key, error) => log(`push ${key} failed`, error)
	);

	/** Rebuilds a view for each socket in a room that follows it, per viewer (their own data only). */
	async function pushPerViewer(room: string, view: ViewName) {
		const sockets = await io.in(room).fetchSockets();
		const byUser = new Map<string, typeof sockets>();
		for (const s of sockets) {
			if (!s.data.user || !s.data.views.has(view)) continue;
			byUser.set(s.data.user.id, [...(byUser.get(s.data.user.id) ?? []), s]);
		}
		for (const [, userSockets] of byUser) {
			const first = userSockets[0];
			const snapshot = await buildSnapshot(ctx.db, view, first.data.user, { panelId: first.data.panelId ?? undefined }, presence);
			for (const s of userSockets) s.emit('snapshot', snapshot);
		}
	}

	function pushConsole(panelId: string) {
		coalescer.schedule(rooms.console(panelId), async () => {
			const sockets = await io.in(rooms.console(panelId)).fetchSockets();
			if (sockets.length === 0) return;
			// The console is the same for every chair or secretariat device of the panel: build once.
			const viewer = sockets.find((s) => s.data.user)?.data.user ?? null;
			const snapshot = await buildSnapshot(ctx.db, 'panel', viewer, { panelId }, presence);
			io.to(rooms.console(panelId)).emit('snapshot', snapshot);
		});
	}

	const publisher: Publisher = {
		changed(change: LiveChange) {
			for (const panelId of [...(change.panels ?? []), ...(change.consoles ?? [])]) pushConsole(panelId);
			for (const panelId of change.panels ?? []) {
				coalescer.schedule(rooms.jurors(panelId), () => pushPerViewer(rooms.jurors(panelId), 'juror'));
			}
			for (const userId of change.users ?? []) {
				coalescer.schedule(rooms.user(userId), () => pushPerViewer(rooms.user(userId), 'juror'));
			}
			if (change.public) {
				const { evaluationId } = change;
				coalescer.schedule(rooms.audience(evaluationId), async () => {
					if ((await io.in(rooms.audience(evaluationId)).fetchSockets()).length === 0) return;
					// Serialised once by socket.io for the whole room.
					io.to(rooms.audience(evaluationId)).emit('snapshot', await buildSnapshot(ctx.db, 'audience', null, { evaluationId }, presence));
				});
				coalescer.schedule(rooms.presenters(evaluationId), () => pushPerViewer(rooms.presenters(evaluationId), 'presenter'));
			}
		},
		disconnectSession(sessionId) {
			io.in(rooms.session(sessionId)).disconnectSockets(true);
		}
	};

	/** Wraps a command: rate limit, fresh session, service call, and an acknowledgement that never throws. */
	function command<I, O>(socket: JuriSocket, run: (user: SessionUser | null, input: I) => Promise<O>) {
		return async (input: I, ack: unknown) => {
			const reply = typeof ack === 'function' ? (ack as (res: Ack<O>) => void) : () => {};
			const verdict = socket.data.bucket.take();
			if (verdict === 'cut') return void socket.disconnect(true);
			if (verdict === 'refuse') return reply({ ok: false, error: { code: 'rate_limited', message: 'Too many requests; slow down' } });
			try {
				let user: SessionUser | null = null;
				if (socket.data.sessionToken) {
					user = (await validateSessionToken(ctx.db, socket.data.sessionToken)).user;
					if (!user) {
						reply({ ok: false, error: { code: 'unauthenticated', message: 'Your session has ended; join again' } });
						return void socket.disconnect(true);
					}
					socket.data.user = user;
				}
				reply({ ok: true, data: await run(user, input) });
			} catch (error) {
				if (error instanceof ServiceError) return reply({ ok: false, error: error.toAck() });
				log('command failed', error);
				reply({ ok: false, error: { code: 'internal', message: 'Something went wrong on the server; try again' } });
			}
		};
	}

	const needUser = (user: SessionUser | null): SessionUser => {
		if (!user) throw new ServiceError('unauthenticated', 'Sign in first');
		return user;
	};

	io.on('connection', async (socket) => {
		const { user, sessionId } = socket.data;
		if (user && sessionId) await socket.join([rooms.user(user.id), rooms.session(sessionId)]);

		socket.on(
			'sync',
			command(socket, async (user, raw) => {
				const input = parseInput(syncInput, raw);
				const snapshot = await buildSnapshot(ctx.db, input.view, user, input, presence);
				socket.data.views.add(input.view);
				if (input.view === 'audience') await socket.join(rooms.audience(input.evaluationId!));
				if (input.view === 'presenter') await socket.join(rooms.presenters(user!.evaluationId!));
				if (input.view === 'panel' && snapshot.view === 'panel') {
					const panelId = (snapshot.data as { panel: { id: string } }).panel.id;
					socket.data.panelId = panelId;
					await socket.join(rooms.console(panelId));
				}
				if (input.view === 'juror' && snapshot.view === 'juror') {
					const panelId = (snapshot.data as { panel: { id: string } }).panel.id;
					const firstTablet = (await io.in(rooms.jurors(panelId)).fetchSockets()).every((s) => s.data.user?.id !== user!.id);
					socket.data.panelId = panelId;
					await socket.join(rooms.jurors(panelId));
					if (firstTablet) pushConsole(panelId);
				}
				return snapshot;
			})
		);
		socket.on(
			'slot.command',
			command(socket, (user, input) => applySlotCommand(ctx, needUser(user), input))
		);
		socket.on(
			'score.submit',
			command(socket, (user, input) => submitScores(ctx, needUser(user), input))
		);

		socket.on(
			'tablet.unsent',
			command(socket, async (user, input) => {
				const report = await reportUnsentSheets(ctx, needUser(user), input);
				socket.data.unsentSlotIds = report.slotIds;
				for (const panelId of report.panelIds) pushConsole(panelId);
				return { slotIds: report.slotIds };
			})
		);
		// The tablet's heartbeat: a no-op that spends a token like any command, so a flood is still
		// refused and cut off. Budget: a tablet keeps one beat in flight, one a second, so 1 of the 10
		// tokens a second. No session check: it reads and answers nothing.
		socket.on('heartbeat', (ack: unknown) => {
			const verdict = socket.data.bucket.take();
			if (verdict === 'cut') return void socket.disconnect(true);
			if (verdict === 'ok' && typeof ack === 'function') ack();
		});

		socket.on('disconnect', () => {
			// A juror's tablet dropping changes the chair's "connected" column.
			if (socket.data.user?.role === 'juror' && socket.data.panelId) pushConsole(socket.data.panelId);
		});
	});

	return {
		io,
		publisher,
		close: () => new Promise<void>((resolve) => io.close(() => resolve()))
	};
}
