/**
 * /readyz's answer, from the composition root: ready while the database answers and every
 * registered dependency does (Redis registers itself where REDIS_URL is wired), unready when one
 * does not, draining from the moment a graceful stop begins. On the engine of this run.
 */
import { afterEach, expect, test } from 'vitest';
import { configFromEnv, createApp, type JuriApp } from '$lib/server/app';
import { freshTestDatabase, type TestDatabase } from '../support/test-database';

let app: JuriApp | null = null;
let clock = 0;
let database: TestDatabase | null = null;
afterEach(async () => {
	await app?.shutdown();
	await database?.drop();
	app = database = null;
});

async function start(): Promise<JuriApp> {
	database = await freshTestDatabase();
	app = await createApp(configFromEnv({ DATABASE_URL: database.url, JURI_SEED_DEMO: '0', JURI_AUDIT_KEY: '5a'.repeat(32) }), {
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
