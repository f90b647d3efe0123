/**
 * The SQLite dialect under the app (src/lib/server/db/sqlite-dialect.ts), on a real database file:
 * transactions waiting for the one connection get it one at a time and in the order they asked,
 * and a statement is prepared once however often it runs, with the kept ones bounded.
 */
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { queuedSqliteDialect } from '$lib/server/db/sqlite-dialect';

interface Tables {
	counter: { id: number; value: number };
	arrivals: { position: Generated<number>; waiter: number };
}

let dir: string;
let sqlite: SQLite.Database;
let prepared: string[];
let db: Kysely<Tables>;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'juri-dialect-'));
	sqlite = new SQLite(join(dir, 'test.sqlite'));
	sqlite.pragma('journal_mode = WAL');
	// Every statement better-sqlite3 is asked to prepare, by its SQL.
	prepared = [];
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		prepared.push(source);
		return prepare(source);
	}) as typeof sqlite.prepare;
	db = new Kysely<Tables>({ dialect: queuedSqliteDialect(sqlite) });
	await sql`create table counter (id integer primary key, value integer not null)`.execute(db);
	await sql`create table arrivals (position integer primary key autoincrement, waiter integer not null)`.execute(db);
	await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
});

afterEach(async () => {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

test('transactions waiting for the connection run one at a time, in the order they asked', async () => {
	const waiters = 300;
	await Promise.all(
		Array.from({ length: waiters }, (_, waiter) =>
			db.transaction().execute(async (trx) => {
				await trx.insertInto('arrivals').values({ waiter }).execute();
				// A read, a pause, a write: another transaction in between would lose an increment.
				const { value } = await trx.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
				await new Promise((resolve) => setImmediate(resolve));
				await trx
					.updateTable('counter')
					.set({ value: value + 1 })
					.where('id', '=', 1)
					.execute();
			})
		)
	);
	expect((await db.selectFrom('counter').select('value').executeTakeFirstOrThrow()).value).toBe(waiters);
	const order = (await db.selectFrom('arrivals').select('waiter').orderBy('position').execute()).map((r) => r.waiter);
	expect(order).toEqual(Array.from({ length: waiters }, (_, i) => i));
});

test('a failed transaction hands the connection on: the next ones run', async () => {
	const failing = db.transaction().execute(async (trx) => {
		await trx.insertInto('arrivals').values({ waiter: 1 }).execute();
		throw new Error('refused');
	});
	const next = db.transaction().execute((trx) => trx.insertInto('arrivals').values({ waiter: 2 }).execute());
	await expect(failing).rejects.toThrow('refused');
	await next;
	expect((await db.selectFrom('arrivals').select('waiter').execute()).map((r) => r.waiter)).toEqual([2]);
});

test('a statement is prepared once however often it runs; the kept ones are bounded and reused by SQL', async () => {
	const readCounter = () => db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
	for (let i = 0; i < 50; i++) await readCounter();
	const readSql = prepared.filter((s) => s.startsWith('select "value" from "counter"'));
	expect(readSql).toHaveLength(1);

	// More distinct statements than are kept: the oldest is dropped, then prepared again when it comes back.
	for (let width = 1; width <= 520; width++) {
		await db
			.selectFrom('counter')
			.select('value')
			.where(
				'id',
				'in',
				Array.from({ length: width }, (_, i) => i + 1)
			)
			.execute();
	}
	await readCounter();
	expect(prepared.filter((s) => s.startsWith('select "value" from "counter" where "id" = ?'))).toHaveLength(2);
	// And the values are still right through a kept statement.
	await db.updateTable('counter').set({ value: 7 }).where('id', '=', 1).execute();
	expect((await readCounter()).value).toBe(7);
});
