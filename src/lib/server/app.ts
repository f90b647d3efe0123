/**
 * The composition root: one database handle, one set of services and one publisher per process,
 * kept on globalThis because SvelteKit's route bundle, the production entry (server.js) and Vite's
 * dev module graph would otherwise each build their own copy.
 */
import type { Server as HttpServer } from 'node:http';
import { adoptAuditKey, type AuditKeyAdoption } from './audit';
import { describeAuditKey, loadAuditKey } from './audit-key';
import { describeSigningKey, loadSigningKey, type SigningKey } from './signing-key';
import { databaseAnswers, DEFAULT_DATABASE_URL, migrateToLatest, openDatabase, printableUrl } from './db';
import { parseFrameAncestors } from './http/security-headers';
import { attachRealtime } from './realtime/attach';
import { addressConfigFromEnv, type AddressConfig } from './realtime/client-address';
import { connectCluster, type Cluster } from './realtime/cluster';
import { silentPublisher, type Publisher, type ServiceContext } from './services/context';
import { seedDemoIfEmpty, type DemoCredentials } from './services/demo-seed';
import { textColumns } from './text-columns';

export interface AppConfig {
	databaseUrl: string;
	/**
	 * Redis, joining this process to the others that serve the same database (REDIS_URL): live
	 * changes reach the sockets every process holds. Absent, the process serves alone.
	 */
	redisUrl?: string;
	/** The public origin (ORIGIN), for the socket handshake's origin check. */
	origin?: string;
	/** Where a client's address comes from behind a proxy (ADDRESS_HEADER, XFF_DEPTH, as adapter-node reads them). */
	address: AddressConfig;
	adminPassword?: string;
	seedDemo: boolean;
	/** Origins that may embed the big screen (/live) in a frame (JURI_FRAME_ANCESTORS); nobody else may frame any page. */
	frameAncestors: string[];
}

/** What /readyz answers: whether this process should get traffic, and each dependency's answer. */
export interface Readiness {
	status: 'ready' | 'unready' | 'draining';
	checks: Record<string, boolean>;
}

export interface JuriApp {
	ctx: ServiceContext;
	config: AppConfig;
	/** What the demo seed created this start, to print once; null when the database had data. */
	demo: DemoCredentials | null;
	attachRealtime(server: HttpServer): void;
	/** The start-up banner: where to go and, after a fresh demo seed, how to sign in. */
	describeStart(origin: string): string;
	/**
	 * Adds a dependency /readyz must find answering (the database is always checked, and Redis when
	 * REDIS_URL is set). `check` resolves true when it answers; it should be cheap.
	 * A check that rejects, or has not answered within 2 s, counts as down.
	 */
	addReadinessCheck(name: string, check: () => Promise<boolean>): void;
	/** Whether this process should get traffic: every dependency answers and it is not shutting down. */
	readiness(): Promise<Readiness>;
	/**
	 * A graceful stop: /readyz says 'draining' at once; then every live connection is closed so
	 * that clients reconnect elsewhere, the HTTP server stops accepting and finishes the requests
	 * it is serving, the socket commands being served finish, and the database closes.
	 */
	shutdown(): Promise<void>;
}

const ROLE_LABEL = { admin: 'Secretariat', chair: 'Chair', juror: 'Juror', presenter: 'Presenter' } as const;

function startBanner(
	origin: string,
	config: AppConfig,
	demo: DemoCredentials | null,
	audit: AuditKeyAdoption,
	signingKey: SigningKey | null
): string {
	const lines = [
		`Juri is running at ${origin}  (database: ${printableUrl(config.databaseUrl)})`,
		...describeAuditKey(audit.key, audit.mismatch),
		...describeSigningKey(signingKey),
		`  Audience (no sign-in): ${origin}/live`,
		`  Verify results:        ${origin}/verify`
	];
	if (!demo) {
		lines.push(`  Secretariat sign-in:   ${origin}/login  (join links are issued there, under People)`);
		return lines.join('\n');
	}
	const password = demo.admin.password ?? '(the value of JURI_ADMIN_PASSWORD)';
	lines.push(`  Secretariat sign-in:   ${origin}/login  username: ${demo.admin.username}  password: ${password}`);
	if (demo.admin.password) lines.push('  (this password is shown only now; keep it)');
	lines.push('', 'One-time join links (each signs in one device; re-issue them on the secretariat page):');
	lines.push(
		...textColumns(
			demo.joinCodes.map((person) => [ROLE_LABEL[person.role], person.name, person.detail, `${origin}/join/${person.code}`]),
			'  '
		)
	);
	return lines.join('\n');
}

const KEY = Symbol.for('juri.app');
type Global = typeof globalThis & { [KEY]?: Promise<JuriApp> };

export function configFromEnv(env: Record<string, string | undefined> = process.env): AppConfig {
	return {
		databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
		redisUrl: env.REDIS_URL || undefined,
		origin: env.ORIGIN || undefined,
		address: addressConfigFromEnv(env),
		adminPassword: env.JURI_ADMIN_PASSWORD || undefined,
		seedDemo: env.JURI_SEED_DEMO !== '0',
		frameAncestors: parseFrameAncestors(env.JURI_FRAME_ANCESTORS)
	};
}

/** A probe answered within this long reuses the answer: /readyz is public, and must stay cheap under a flood. */
const READINESS_CACHE_MS = 1000;

/**
 * Builds an app (database migrated, audit key adopted, demo seeded) without keeping it on
 * globalThis: `startApp` does that; tests build their own, with their own clock.
 *
 * @example const app = await createApp(configFromEnv({ DATABASE_URL: url, JURI_SEED_DEMO: '0' }));
 */
export async function createApp(
	config: AppConfig,
	{ now = Date.now, checkTimeoutMs = 2000 }: { now?: () => number; checkTimeoutMs?: number } = {}
): Promise<JuriApp> {
	const db = openDatabase(config.databaseUrl);
	await migrateToLatest(db);
	// Before the seed, so a new database is MACed from its first row.
	const audit = await adoptAuditKey(db, loadAuditKey({ databaseUrl: config.databaseUrl, create: true }));
	const demo = config.seedDemo ? await seedDemoIfEmpty(db, { adminPassword: config.adminPassword }) : null;
	// Services read ctx.publisher at call time, so attaching socket.io later swaps it in for all.
	const signingKey = loadSigningKey({ databaseUrl: config.databaseUrl, create: true });
	const ctx: ServiceContext = { db, publisher: silentPublisher as Publisher, signingKey, publicOrigin: config.origin };
	let closeRealtime: (() => Promise<void>) | null = null;
	const checks = new Map<string, () => Promise<boolean>>([['database', () => databaseAnswers(db)]]);
	const cluster: Cluster | null = config.redisUrl ? connectCluster(config.redisUrl) : null;
	if (cluster) checks.set('redis', cluster.answers);
	let draining = false;
	let lastReadiness: { at: number; answer: Promise<Readiness> } | null = null;
	// A dependency that does not answer in time is down: a probe never hangs on it.
	const answered = (check: () => Promise<boolean>) =>
		new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => resolve(false), checkTimeoutMs);
			check()
				.then(
					(ok) => resolve(ok === true),
					() => resolve(false)
				)
				.finally(() => clearTimeout(timer));
		});
	const probe = async (): Promise<Readiness> => {
		const answers = await Promise.all([...checks].map(async ([name, check]) => [name, await answered(check)] as const));
		return { status: answers.every(([, ok]) => ok) ? 'ready' : 'unready', checks: Object.fromEntries(answers) };
	};
	return {
		ctx,
		config,
		demo,
		attachRealtime(server) {
			const realtime = attachRealtime(server, ctx, { origin: config.origin, address: config.address, adapter: cluster?.adapter });
			ctx.publisher = realtime.publisher;
			closeRealtime = realtime.close;
		},
		describeStart(origin) {
			return startBanner(origin, config, demo, audit, signingKey);
		},
		addReadinessCheck(name, check) {
			checks.set(name, check);
			lastReadiness = null;
		},
		async readiness() {
			// A stopping process asks nothing more of the database it is closing.
			if (draining) return { status: 'draining', checks: {} };
			const at = now();
			if (!lastReadiness || at - lastReadiness.at >= READINESS_CACHE_MS) lastReadiness = { at, answer: probe() };
			return lastReadiness.answer;
		},
		async shutdown() {
			draining = true;
			await closeRealtime?.();
			await cluster?.close();
			await db.destroy();
		}
	};
}

/** Starts the app once per process (later calls get the same instance). */
export function startApp(config: AppConfig = configFromEnv()): Promise<JuriApp> {
	const g = globalThis as Global;
	g[KEY] ??= createApp(config);
	return g[KEY];
}
