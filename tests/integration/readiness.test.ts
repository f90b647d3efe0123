/**
 * /readyz's answer, from the composition root: ready while the database answers and every
 * registered dependency does (Redis registers itself where REDIS_URL is wired), unready when one
 * does not, draining from the moment a graceful stop begins. On the engine of this run.
 */
import { afterEach, expect, test } from 'vitest';
import { configFromEnv, createApp, type JuriApp } from '$lib/server/app';
import { freePort } from '../e2e/support/server';
import { freshTestDatabase, type TestDatabase } from '../support/test-database';

let app: JuriApp | null = null;
let clock = 0;
let database: TestDatabase | null = null;
afterEach(async () => {
	await app?.shutdown();
	await database?.drop();
	app = database = null;
});

async function start(env: Record<string, string> = {}): Promise<JuriApp> {
	database = await freshTestDatabase();
	app = await createApp(configFromEnv({ DATABASE_URL: database.url, JURI_SEED_DEMO: '0', JURI_AUDIT_KEY: '5a'.repeat(32), ...env }), {
		now: () => clock,
		checkTimeoutMs: 50
	});
	return app;
}

/** Readiness answers are reused for a second (a flood of probes costs one query a second): move past it. */
const fresh = (app: JuriApp) => {
	clock += 1_000;
	return app.readiness();
};

test('ready when the database answers; unready, naming it, when a registered dependency does not', async () => {
	const app = await start();
	expect(await app.readiness()).toEqual({ status: 'ready', checks: { database: true } });
	expect(await app.readiness()).toEqual({ status: 'ready', checks: { database: true } });

	let redisUp = false;
	app.addReadinessCheck('redis', async () => redisUp);
	expect(await app.readiness()).toEqual({ status: 'unready', checks: { database: true, redis: false } });
	redisUp = true;
	expect(await fresh(app)).toEqual({ status: 'ready', checks: { database: true, redis: true } });

	app.addReadinessCheck('flaky', () => Promise.reject(new Error('ECONNREFUSED')));
	expect(await app.readiness()).toMatchObject({ status: 'unready', checks: { flaky: false } });
	app.addReadinessCheck('flaky', () => new Promise<boolean>(() => {}));
	expect(await app.readiness()).toMatchObject({ status: 'unready', checks: { database: true, redis: true, flaky: false } });
});

test('draining from the start of a graceful stop, without asking the database it is closing', async () => {
	const running = await start();
	expect((await running.readiness()).status).toBe('ready');
	const stopping = running.shutdown();
	app = null;
	expect(await running.readiness()).toEqual({ status: 'draining', checks: {} });
	await stopping;
	expect(await fresh(running)).toEqual({ status: 'draining', checks: {} });
});

test('with REDIS_URL, Redis is checked too: unready while it does not answer', async () => {
	// A port nobody listens on: the app starts all the same and keeps trying; traffic goes elsewhere.
	const app = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
	expect(await app.readiness()).toEqual({ status: 'unready', checks: { database: true, redis: false } });
});

test.skipIf(!process.env.JURI_TEST_REDIS)('with REDIS_URL, ready when Redis answers (JURI_TEST_REDIS)', async () => {
	const app = await start({ REDIS_URL: process.env.JURI_TEST_REDIS! });
	// The connection opens in the background: probe until it has (the deadline bounds a hang only).
	const deadline = Date.now() + 15_000;
	let answer = await fresh(app);
	while (answer.status !== 'ready' && Date.now() < deadline) answer = await fresh(app);
	expect(answer).toEqual({ status: 'ready', checks: { database: true, redis: true } });
});
