import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventTime, insideOneWindow } from '$lib/domain/setup/schedule';
import { migrateToLatest, openDatabase } from '$lib/server/db';
import { seedDemoIfEmpty } from '$lib/server/services/demo-seed';
import { freshTestDatabase } from '../support/test-database';
import { startTestApp, type TestApp } from './harness';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.close());

describe('the demo seed', () => {
	test('imports the 34 provinces and schedules the 26 invited ones over both rooms, inside its three days of windows', async () => {
		const bodies = await app.db.selectFrom('bodies').select(['id', 'invited', 'prior_score']).execute();
		expect(bodies).toHaveLength(34);
		expect(bodies.filter((b) => b.invited === 1)).toHaveLength(26);
		expect(bodies.every((b) => (b.invited === 1) === b.prior_score >= 60)).toBe(true);

		const windows = (await app.db.selectFrom('schedule_windows').selectAll().execute()).map((w) => ({
			start: w.starts_at,
			end: w.ends_at
		}));
		expect(windows.map((w) => `${eventTime(w.start, 'Asia/Jakarta')}-${eventTime(w.end, 'Asia/Jakarta')}`)).toEqual(
			Array(3).fill(['08:00-12:00', '13:00-17:00']).flat()
		);

		const slots = await app.db
			.selectFrom('slots')
			.innerJoin('panels', 'panels.id', 'slots.panel_id')
			.select(['panels.name as panel', 'slots.position', 'slots.planned_start'])
			.orderBy('panels.name')
			.orderBy('slots.position')
			.execute();
		expect(slots).toHaveLength(26);
		expect(slots.filter((s) => s.panel === 'Panel A')).toHaveLength(13);
		const slotMs = 35 * 60_000;
		expect(slots.every((s) => insideOneWindow({ start: s.planned_start, end: s.planned_start + slotMs }, windows))).toBe(true);
		// Each room starts its first day at 08:00 event time (WIB), whatever the server's time zone.
		expect(slots.filter((s) => s.position === 0).map((s) => eventTime(s.planned_start, 'Asia/Jakarta'))).toEqual(['08:00', '08:00']);
	});

	test('seeds nothing into a database that already has users', async () => {
		expect(await seedDemoIfEmpty(app.db)).toBeNull();
		expect(await app.db.selectFrom('evaluations').select('id').execute()).toHaveLength(1);
	});
});

test('processes starting together on one empty database seed it once: one process prints the demo, the others nothing', async () => {
	const database = await freshTestDatabase();
	const connections = [openDatabase(database.url), openDatabase(database.url)];
	try {
		await migrateToLatest(connections[0]);
		const seeds = await Promise.all(connections.map((db) => seedDemoIfEmpty(db, { adminPassword: 'correct horse battery staple' })));
		expect(seeds.filter((s) => s !== null)).toHaveLength(1);
		expect(await connections[0].selectFrom('users').select('id').where('role', '=', 'admin').execute()).toHaveLength(1);
		expect(await connections[1].selectFrom('evaluations').select('id').execute()).toHaveLength(1);
	} finally {
		for (const db of connections) await db.destroy();
		await database.drop();
	}
});
