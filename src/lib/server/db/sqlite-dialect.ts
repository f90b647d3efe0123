import type SQLite from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';

/**
 * Kysely's SQLite dialect, with the two costs that dominate a burst of score submissions removed
 * (profiled under bench/fanout.ts's P5: a third of the server's time was spent on them):
 *
 * - **Statements are prepared once.** Kysely prepares every query anew; the same few dozen SQL
 *   strings run for every submission. Prepared statements are kept by their SQL, most recently used
 *   first, up to `STATEMENTS_KEPT`.
 * - **Waiters for the one connection queue in order.** SQLite has one connection, and Kysely's lock
 *   wakes every waiter each time it is released (all but one go back to sleep): with a thousand
 *   transactions waiting, each release costs a thousand wake-ups. Here each waiter is woken alone,
 *   first come first served. Kysely's own lock stays inside, never contended.
 */
export function queuedSqliteDialect(sqlite: SQLite.Database): SqliteDialect {
	return new QueuedSqliteDialect(sqlite);
}

/** Enough for every query the app writes; `in (…)` lists of varying length add a few more. */
const STATEMENTS_KEPT = 500;

/** better-sqlite3 with its prepared statements kept, as Kysely's driver sees it. */
function withKeptStatements(sqlite: SQLite.Database): SqliteDatabase {
	const kept = new Map<string, SQLite.Statement>();
	return {
		close: () => void sqlite.close(),
		prepare(sql: string) {
			let statement = kept.get(sql);
			if (statement) kept.delete(sql);
			else statement = sqlite.prepare(sql);
			kept.set(sql, statement);
			if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
			return statement;
		}
	};
}

class QueuedSqliteDialect extends SqliteDialect {
	readonly #database: SqliteDatabase;

	constructor(sqlite: SQLite.Database) {
		const database = withKeptStatements(sqlite);
		super({ database });
		this.#database = database;
	}

	createDriver(): Driver {
		return new QueuedSqliteDriver({ database: this.#database });
	}
}

class QueuedSqliteDriver extends SqliteDriver {
	/** Resolvers of the waiters, in arrival order; `held` while someone has the connection. */
	readonly #waiting: (() => void)[] = [];
	#held = false;

	async acquireConnection(): Promise<DatabaseConnection> {
		if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.#held = true;
		return super.acquireConnection();
	}

	async releaseConnection(): Promise<void> {
		await super.releaseConnection();
		// Handed straight to the next in line (it stays held), or free.
		const next = this.#waiting.shift();
		if (next) next();
		else this.#held = false;
	}
}
