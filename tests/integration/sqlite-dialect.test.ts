/**
 * The SQLite dialect under the app (src/lib/server/db/sqlite-dialect.ts), on a real database file
 * with its writing and its reading connection: transactions waiting for the writer get it one at a
 * time and in the order they asked; those that wait together share one durable COMMIT, yet each
 * commits or rolls back alone and resolves only once it is on disk; reads outside transactions see
 * only what is committed and never wait for the writer; a statement is prepared once however often
 * it runs, with the kept ones bounded.
 */
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { GROUP_LIMIT, queuedSqliteDialect } from '$lib/server/db/sqlite-dialect';

interface Tables {
	counter: { id: number; value: number };
	arrivals: { position: Generated<number>; waiter: number };
	members: { id: number };
	pledges: { id: number; member_id: number };
}

let dir: string;
let file: string;
let prepared: string[];
let commits: number;
let db: Kysely<Tables>;

/**
 * A connection to the test's file that records every statement it is asked to prepare (by its SQL)
 * and counts the COMMITs it runs.
 */
function observed(): SQLite.Database {
	const sqlite = new SQLite(file);
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		prepared.push(source);
		const statement = prepare(source);
		if (source === 'commit') {
			const run = statement.run.bind(statement);
			statement.run = ((...args: unknown[]) => (commits++, run(...args))) as typeof statement.run;
		}
		return statement;
	}) as typeof sqlite.prepare;
	return sqlite;
}

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'juri-dialect-'));
	file = join(dir, 'test.sqlite');
	prepared = [];
	commits = 0;
	const writer = observed();
	writer.pragma('journal_mode = WAL');
	writer.pragma('foreign_keys = ON');
	db = new Kysely<Tables>({ dialect: queuedSqliteDialect(writer, observed()) });
	await sql`create table counter (id integer primary key, value integer not null)`.execute(db);
	await sql`create table arrivals (position integer primary key autoincrement, waiter integer not null)`.execute(db);
	await sql`create table members (id integer primary key)`.execute(db);
	// Checked at COMMIT, not at the insert: the way to make a group's COMMIT itself fail.
	await sql`create table pledges (id integer primary key, member_id integer not null references members (id) deferrable initially deferred)`.execute(
		db
	);
	await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
	commits = 0;
});

afterEach(async () => {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

/** What another process reading the file sees: only what is committed. */
function committedArrivals(): number[] {
	const outsider = new SQLite(file, { readonly: true });
	try {
		return outsider
			.prepare('select waiter from arrivals order by position')
			.all()
			.map((row) => (row as { waiter: number }).waiter);
	} finally {
		outsider.close();
	}
}

const arrive = (waiter: number) => db.transaction().execute((trx) => trx.insertInto('arrivals').values({ waiter }).execute());

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

test('transactions that wait for the writer together share one COMMIT, and each resolves only once it is committed', async () => {
	const transactions = 200;
	const seenAtResolve: boolean[] = [];
	await Promise.all(
		Array.from({ length: transactions }, (_, waiter) => arrive(waiter).then(() => seenAtResolve.push(committedArrivals().includes(waiter))))
	);
	expect(seenAtResolve).toEqual(Array(transactions).fill(true));
	expect(committedArrivals()).toEqual(Array.from({ length: transactions }, (_, i) => i));
	// One waits alone; the rest wait together and commit in groups of at most GROUP_LIMIT.
	expect(commits).toBeLessThan(transactions / 4);
	expect(commits).toBeGreaterThanOrEqual(Math.ceil(transactions / GROUP_LIMIT));
});

test('one transaction of a group that fails takes back only its own work', async () => {
	const results = await Promise.allSettled([
		arrive(1),
		arrive(2),
		db.transaction().execute(async (trx) => {
			await trx.insertInto('arrivals').values({ waiter: 3 }).execute();
			throw new Error('refused');
		}),
		arrive(4)
	]);
	expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
	expect(commits).toBeLessThan(4);
	expect(committedArrivals()).toEqual([1, 2, 4]);
});

test('a group whose COMMIT fails fails every transaction in it, keeps nothing of them, and the next ones run', async () => {
	const results = await Promise.allSettled([
		arrive(1),
		// An orphan pledge: its insert passes, the group's COMMIT does not.
		db.transaction().execute((trx) => trx.insertInto('pledges').values({ id: 1, member_id: 99 }).execute()),
		arrive(3)
	]);
	expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
	expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
	expect(committedArrivals()).toEqual([]);
	await arrive(4);
	expect(committedArrivals()).toEqual([4]);
});

test('a read outside a transaction sees only what is committed and does not wait for the writer', async () => {
	let finish!: () => void;
	const held = new Promise<void>((resolve) => (finish = resolve));
	const writing = db.transaction().execute(async (trx) => {
		await trx.insertInto('arrivals').values({ waiter: 1 }).execute();
		await held;
	});
	const waiters = () => db.selectFrom('arrivals').select('waiter').execute();
	// The writer is held mid-transaction: the read answers at once, without the uncommitted row.
	await expect(waiters()).resolves.toEqual([]);
	finish();
	await writing;
	await expect(waiters()).resolves.toEqual([{ waiter: 1 }]);
});

test('a write outside a transaction waits its turn, commits the group before it, and is committed when it returns', async () => {
	const [, , written] = await Promise.all([
		arrive(1),
		arrive(2),
		db
			.insertInto('arrivals')
			.values({ waiter: 3 })
			.execute()
			.then(() => committedArrivals())
	]);
	expect(written).toEqual([1, 2, 3]);
});
