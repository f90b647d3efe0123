/**
 * What the services rely on from the database, on the engine of this run (SQLite, or PostgreSQL
 * with JURI_TEST_DATABASE): numbers come back as numbers (epoch milliseconds, counts, sums; on
 * PostgreSQL a value a JS number cannot hold exactly is an error rather than a rounded one), write
 * transactions run one at a time (so concurrent changes keep one unbroken audit chain), and a
 * unique violation is recognised as such.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { appendAudit, verifyAuditChain } from '$lib/server/audit';
import { isUniqueViolation, migrateToLatest, openDatabase, type DB } from '$lib/server/db';
import { freshTestDatabase, testPostgresServer, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let db: DB;
beforeAll(async () => {
	database = await freshTestDatabase();
	db = openDatabase(database.url);
	await migrateToLatest(db);
	await db
		.insertInto('evaluations')
		.values({
			id: 'ev',
			name: 'Monev',
			prior_stage_label: 'SAQ',
			prior_weight: 70,
			presentation_weight: 30,
			passing_grade: 60,
			bands: '[]',
			aggregation: '{}',
			tie_break: '[]',
			non_presenter: 'prior_only',
			divergence_tolerance: 15.5,
			presentation_minutes: 10,
			qa_minutes: 5,
			scoring_minutes: 3,
			changeover_minutes: 2,
			live_version: 0,
			public_version: 0,
			published_result_version: null,
			settings_locked_at: null,
			created_at: 1_796_000_000_123
		})
		.execute();
});
afterAll(async () => {
	await db.destroy();
	await database.drop();
});

test('times, counts, sums and fractions come back as JS numbers, exactly', async () => {
	const row = await db.selectFrom('evaluations').select(['created_at', 'divergence_tolerance', 'live_version']).executeTakeFirstOrThrow();
	expect(row).toEqual({ created_at: 1_796_000_000_123, divergence_tolerance: 15.5, live_version: 0 });
	const counted = await db
		.selectFrom('evaluations')
		.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('created_at').as('total'), eb.fn.max('created_at').as('newest')])
		.executeTakeFirstOrThrow();
	expect(counted).toEqual({ n: 1, total: 1_796_000_000_123, newest: 1_796_000_000_123 });
	// Doubles keep their digits (PostgreSQL's `real` would keep about 7).
	await db.updateTable('evaluations').set({ prior_weight: 69.99999999 }).execute();
	expect((await db.selectFrom('evaluations').select('prior_weight').executeTakeFirstOrThrow()).prior_weight).toBe(69.99999999);
});

// better-sqlite3 rounds such a value, as it always has; Juri's integers (times, counts) are far below it.
test.runIf(testPostgresServer() !== null)('on PostgreSQL, an int8 beyond 2^53 is an error, never a rounded number', async () => {
	const huge = sql<{ v: number }>`select cast(${'9007199254740993'} as bigint) as v`.execute(db);
	await expect(huge).rejects.toThrow(/beyond what a JS number holds exactly/);
	expect((await sql<{ v: number }>`select cast(${'9007199254740991'} as bigint) as v`.execute(db)).rows).toEqual([{ v: 9007199254740991 }]);
});

test('concurrent write transactions run one at a time: every audit row chains on the one before', async () => {
	const writers = Array.from({ length: 24 }, (_, i) =>
		db.transaction().execute(async (trx) => {
			// Reads, then writes after a pause: interleaved transactions would append after the same head.
			const { live_version } = await trx.selectFrom('evaluations').select('live_version').executeTakeFirstOrThrow();
			await new Promise((resolve) => setImmediate(resolve));
			await trx
				.updateTable('evaluations')
				.set({ live_version: live_version + 1 })
				.execute();
			return appendAudit(trx, { actorId: null, evaluationId: 'ev', action: 'test.write', entity: 'test', entityId: String(i) });
		})
	);
	const heads = await Promise.all(writers);
	expect(heads.map((h) => h.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
	expect((await db.selectFrom('evaluations').select('live_version').executeTakeFirstOrThrow()).live_version).toBe(24);
	expect(await verifyAuditChain(db)).toEqual([]);
});

test('a duplicate key is recognised as a unique violation, and other errors are not', async () => {
	const duplicate = await db
		.insertInto('categories')
		.values([
			{ id: 'c1', evaluation_id: 'ev', name: 'Provinsi', sort_order: 1 },
			{ id: 'c1', evaluation_id: 'ev', name: 'Kementerian', sort_order: 2 }
		])
		.execute()
		.catch((e: unknown) => e);
	expect(isUniqueViolation(duplicate)).toBe(true);
	const syntax = await sql`select nothing from nowhere`.execute(db).catch((e: unknown) => e);
	expect(isUniqueViolation(syntax)).toBe(false);
});
