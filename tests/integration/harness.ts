/**
 * A real Juri back end for integration tests: a fresh database (SQLite in a temp folder, or a
 * PostgreSQL database of its own when JURI_TEST_DATABASE is a postgres:// server), the demo seed,
 * the services, and socket.io on a loopback HTTP server; plus real socket.io clients signed in
 * through real join codes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { migrateToLatest, openDatabase, type DB } from '$lib/server/db';
import { attachRealtime, type RealtimeOptions } from '$lib/server/realtime/attach';
import type { ServiceContext } from '$lib/server/services/context';
import { silentPublisher } from '$lib/server/services/context';
import { seedDemoIfEmpty, type DemoCredentials } from '$lib/server/services/demo-seed';
import { signInWithJoinCode } from '$lib/server/services/sign-in';
import { createSession, generateSessionToken, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { issueJoinCode } from '$lib/server/auth/join-code';
import { applySlotCommand } from '$lib/server/services/live-control';
import type {
	Ack,
	AudienceView,
	ClientToServerEvents,
	Leaderboard,
	LeaderboardEntry,
	ServerToClientEvents,
	SlotCommandInput,
	Snapshot,
	ViewPatch
} from '$lib/shared/contracts';
import { receiveStep } from '$lib/domain/live/view-delta';
import { freshTestDatabase, type TestDatabase } from '../support/test-database';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One real connection per client. `from` binds it to another loopback address (127.0.0.2, …), so
 * the server sees distinct client addresses; engine.io-client hands `localAddress` to its Node
 * WebSocket, though its types do not list it.
 */
function clientOptions(extraHeaders: Record<string, string>, from?: string): Partial<ManagerOptions & SocketOptions> {
	return { transports: ['websocket'], extraHeaders, reconnection: false, forceNew: true, ...(from ? { localAddress: from } : {}) };
}

export interface TestApp {
	db: DB;
	/** Where the database lives (engine, URL, a temporary folder of its own). */
	database: TestDatabase;
	ctx: ServiceContext;
	demo: DemoCredentials;
	url: string;
	http: Server;
	/** The app's socket.io server (to see which rooms this process holds sockets in). */
	io: ReturnType<typeof attachRealtime>['io'];
	/** Signs a demo person in with their join code; returns the session token and user. */
	signIn(role: 'chair' | 'juror' | 'presenter', index?: number): Promise<{ token: string; user: SessionUser }>;
	/** A socket.io client from our own origin, with the session cookie when a token is given; `from` is the loopback address it connects from. */
	socket(token?: string, opts?: { origin?: string | null; from?: string }): Promise<TestSocket>;
	/** A secretariat session for the seeded admin (created directly, as the password login would). */
	signInAdmin(): Promise<{ token: string; user: SessionUser }>;
	/** Tries to connect a socket that should be refused; resolves with the connect_error message. */
	refusedSocket(opts: { token?: string; origin?: string | null; cookie?: string; from?: string }): Promise<string>;
	/** The demo's evaluation, panels (A then B) and each panel's slots by position. */
	fixture(): Promise<Fixture>;
	/** Row counts and states that a refused command must leave as they were. */
	state(): Promise<DbState>;
	/** Drives a slot through commands as the secretariat (service call, no socket). */
	drive(slotId: string, ...commands: SlotCommandInput['command'][]): Promise<void>;
	close(): Promise<void>;
}

export interface FixtureSlot {
	id: string;
	bodyId: string;
	bodyName: string;
	priorScore: number;
	position: number;
}

export interface Fixture {
	evaluationId: string;
	panelA: { id: string; chairId: string; jurorIds: string[]; slots: FixtureSlot[] };
	panelB: { id: string; chairId: string; jurorIds: string[]; slots: FixtureSlot[] };
	adminId: string;
}

export interface DbState {
	submissions: number;
	audit: number;
	liveVersion: number;
	slotStates: Record<string, string>;
}

/** Options of the app under test: a clock for budgets and cool-downs, and the rest of the realtime options. */
export type TestAppOptions = Pick<RealtimeOptions, 'audienceIntervalMs' | 'now' | 'address' | 'tarpit'>;

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
	const database = await freshTestDatabase();
	const db = openDatabase(database.url);
	await migrateToLatest(db);
	const demo = (await seedDemoIfEmpty(db, { adminPassword: 'correct horse battery staple' }))!;
	const ctx: ServiceContext = { db, publisher: silentPublisher };
	const http = createServer();
	// Refusals are answered at once unless a test asks for the hold: tests wait for events, not holds.
	const realtime = attachRealtime(http, ctx, {
		tarpit: { holdMs: 0, maxHeld: 0 },
		...opts,
		audienceIntervalMs: opts.audienceIntervalMs ?? 20,
		log: () => {}
	});
	ctx.publisher = realtime.publisher;
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	const sockets: TestSocket[] = [];
	/** Join codes are one-time: a person signed in again gets a fresh code, as the secretariat would issue. */
	const userIdByCode = new Map<string, string>();
	let admin: { token: string; user: SessionUser } | null = null;

	/**
	 * The seeded secretariat account (the first created): tests add others. Ordered, because without
	 * ORDER BY PostgreSQL returns rows in no set order (an updated row moves), unlike SQLite's rowid.
	 */
	const seededAdmin = () =>
		db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').orderBy('id').executeTakeFirstOrThrow();

	async function signInAdmin() {
		const row = await seededAdmin();
		const token = generateSessionToken();
		await createSession(db, token, row.id);
		const { user } = await validateSessionToken(db, token);
		return { token, user: user! };
	}

	async function fixture(): Promise<Fixture> {
		const evaluation = await db.selectFrom('evaluations').select('id').orderBy('created_at').orderBy('id').executeTakeFirstOrThrow();
		const adminRow = await seededAdmin();
		const panels = await db.selectFrom('panels').select(['id', 'chair_id', 'name']).orderBy('name').execute();
		const describePanel = async (panel: (typeof panels)[number]) => {
			const jurors = await db.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panel.id).orderBy('seat').execute();
			const slots = await db
				.selectFrom('slots')
				.innerJoin('bodies', 'bodies.id', 'slots.body_id')
				.select(['slots.id', 'slots.body_id', 'bodies.name', 'bodies.prior_score', 'slots.position'])
				.where('slots.panel_id', '=', panel.id)
				.orderBy('slots.position')
				.execute();
			return {
				id: panel.id,
				chairId: panel.chair_id!,
				jurorIds: jurors.map((j) => j.juror_id),
				slots: slots.map((s) => ({ id: s.id, bodyId: s.body_id, bodyName: s.name, priorScore: s.prior_score, position: s.position }))
			};
		};
		return {
			evaluationId: evaluation.id,
			panelA: await describePanel(panels[0]),
			panelB: await describePanel(panels[1]),
			adminId: adminRow.id
		};
	}

	return {
		db,
		database,
		ctx,
		demo,
		url,
		http,
		io: realtime.io,
		async signIn(role, index = 0) {
			const person = demo.joinCodes.filter((p) => p.role === role)[index];
			if (!person) throw new Error(`no demo ${role} #${index}`);
			const known = userIdByCode.get(person.code);
			const code = known ? await issueJoinCode(db, known) : person.code;
			const { token, session } = await signInWithJoinCode(ctx, code, `127.0.0.${10 + index}`);
			userIdByCode.set(person.code, session.userId);
			const { user } = await validateSessionToken(db, token);
			return { token, user: user! };
		},
		signInAdmin,
		async refusedSocket({ token, origin = url, cookie, from }) {
			const extraHeaders: Record<string, string> = {};
			if (origin) extraHeaders.origin = origin;
			if (cookie ?? token) extraHeaders.cookie = cookie ?? `juri_session=${token}`;
			const socket: TestSocket = connect(url, clientOptions(extraHeaders, from));
			sockets.push(socket);
			return new Promise<string>((resolve, reject) => {
				socket.once('connect', () => reject(new Error('the socket was accepted')));
				socket.once('connect_error', (e) => resolve(e.message));
			});
		},
		fixture,
		async state() {
			const count = async (table: 'score_submissions' | 'audit_log') =>
				Number(
					(
						await db
							.selectFrom(table)
							.select((eb) => eb.fn.countAll().as('n'))
							.executeTakeFirstOrThrow()
					).n
				);
			const slots = await db.selectFrom('slots').select(['id', 'state']).execute();
			const evaluation = await db.selectFrom('evaluations').select('live_version').executeTakeFirstOrThrow();
			return {
				submissions: await count('score_submissions'),
				audit: await count('audit_log'),
				liveVersion: evaluation.live_version,
				slotStates: Object.fromEntries(slots.map((s) => [s.id, s.state]))
			};
		},
		async drive(slotId, ...commands) {
			admin ??= await signInAdmin();
			for (const command of commands) await applySlotCommand(ctx, admin.user, { slotId, command });
		},
		async socket(token, { origin = url, from } = {}) {
			const extraHeaders: Record<string, string> = {};
			if (origin) extraHeaders.origin = origin;
			if (token) extraHeaders.cookie = `juri_session=${token}`;
			const socket: TestSocket = connect(url, clientOptions(extraHeaders, from));
			sockets.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', (e) => reject(e));
			});
			return socket;
		},
		async close() {
			for (const s of sockets) s.disconnect();
			await realtime.close();
			await db.destroy();
			await database.drop();
		}
	};
}

/** Emits a command and waits for its acknowledgement. */
/**
 * The leaderboards of an audience view that shows scores (provisional or published); none while the
 * public sees nothing or ranks only.
 */
export function scoredBoards(view: AudienceView): Leaderboard<LeaderboardEntry>[] {
	return view.results.kind === 'provisional' || view.results.kind === 'published' ? view.results.leaderboards : [];
}

export async function ask<T>(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
	const answer = await (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<T>> }).emitWithAck(
		event,
		payload
	);
	const synced = answer.ok ? (answer.data as Snapshot) : null;
	if (event === 'sync' && synced?.view === 'audience') followAudience(socket, synced, payload);
	return answer;
}

/** The audience view each socket holds, as /live's LiveView does: the last sync, moved on by each patch. */
const audienceHeld = new WeakMap<TestSocket, { snapshot: Snapshot; request: unknown }>();

/**
 * Plays the audience page's part once a socket has synced the audience view: applies each pushed
 * patch to the view it holds (by the same rule as the page, receiveStep), and syncs the whole view
 * when a patch does not start from the version it holds. Each view it comes to is handed to the
 * socket's 'snapshot' listeners, so a test awaits the audience's next view the same way whether it
 * was pushed whole or as a patch (the patches themselves arrive as 'patch' events, for tests that
 * look at what was sent).
 */
function followAudience(socket: TestSocket, snapshot: Snapshot, request: unknown): void {
	const held = audienceHeld.get(socket);
	if (held && held.snapshot.version > snapshot.version) return;
	audienceHeld.set(socket, { snapshot, request });
	if (held) return;
	socket.on('snapshot', (pushed) => {
		const now = audienceHeld.get(socket)!;
		if (pushed.view === 'audience' && pushed.version >= now.snapshot.version) now.snapshot = pushed;
	});
	socket.on('patch', (patch: ViewPatch) => {
		const now = audienceHeld.get(socket)!;
		const step = receiveStep(now.snapshot, patch);
		if (step.kind === 'gap') {
			void ask<Snapshot>(socket, 'sync', now.request).then((res) => res.ok && deliver(socket, res.data));
			return;
		}
		if (step.kind !== 'applied') return;
		deliver(socket, { view: 'audience', version: step.view.version, serverNow: patch.serverNow, data: step.view.data });
	});
}

/** A view the audience client came to: it holds it, and the tests' 'snapshot' listeners see it. */
function deliver(socket: TestSocket, snapshot: Snapshot): void {
	audienceHeld.get(socket)!.snapshot = snapshot;
	for (const listener of socket.listeners('snapshot')) listener.call(socket, snapshot);
}

/** Waits for the next pushed snapshot of a view that satisfies a condition. */
export function nextSnapshot<V extends Snapshot['view']>(
	socket: TestSocket,
	view: V,
	until: (s: Snapshot) => boolean = () => true,
	timeoutMs = 15_000
): Promise<Snapshot> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			socket.off('snapshot', onSnapshot);
			reject(new Error(`no ${view} snapshot matched within ${timeoutMs} ms`));
		}, timeoutMs);
		function onSnapshot(s: Snapshot) {
			if (s.view !== view || !until(s)) return;
			clearTimeout(timer);
			socket.off('snapshot', onSnapshot);
			resolve(s);
		}
		socket.on('snapshot', onSnapshot);
	});
}

/** Every criterion of the demo rubric (K1..K6) at one score. */
export const flatSheet = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });

/** A submission id in the tablet's format, unique per call. */
let submissionCounter = 0;
export const newSubmissionId = (label = 'sub') => `${label}-${Date.now().toString(36)}-${(++submissionCounter).toString(36)}`;

/** Records every snapshot a socket is pushed, from now on. */
export function record(socket: TestSocket): Snapshot[] {
	const seen: Snapshot[] = [];
	socket.on('snapshot', (s) => seen.push(s));
	return seen;
}

/**
 * Polls until a condition holds (for effects that have no event to await). The timeout only bounds a
 * hang: it is generous, so a loaded CI machine never fails a test that would pass given time.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/** Resolves with the reason once the socket is disconnected (at once if it already is); the timeout only bounds a hang. */
export function disconnection(socket: TestSocket, timeoutMs = 15_000): Promise<string> {
	if (socket.disconnected) return Promise.resolve('already disconnected');
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`socket still connected after ${timeoutMs} ms`)), timeoutMs);
		socket.once('disconnect', (reason) => {
			clearTimeout(timer);
			resolve(reason);
		});
	});
}
