import type SQLite from 'better-sqlite3';
import {
	CompiledQuery,
	SelectQueryNode,
	SqliteAdapter,
	SqliteIntrospector,
	SqliteQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type Kysely,
	type QueryResult
} from 'kysely';

/**
 * Kysely's SQLite dialect, rebuilt for a burst of durable writes (profiled under bench/fanout.ts's
 * P5, score submissions while the audience is attached):
 *
 * - **Group commit.** A durable COMMIT waits for the disk (~0.2 ms of fsync here, a third of a
 *   submission's time). When a transaction finishes while others wait for the connection, its work
 *   is kept in an open outer transaction, the next one runs in the same group, and one COMMIT makes
 *   the whole group durable. Each transaction runs in a savepoint of its own, so it still commits or
 *   rolls back alone, and its `execute()` resolves only once the group's COMMIT is on disk: an
 *   acknowledgement still means durable. If that COMMIT fails, every transaction of the group fails.
 * - **Reads beside the writes.** With a second connection (a database file, not `:memory:`), a
 *   select outside any transaction reads there, without waiting for the writer: it sees what is
 *   committed and durable, never a group in progress (so nothing is shown that a crash could take
 *   back), and it never forces an open group to commit early.
 * - **Writers wait in order.** Transactions and writes wait for the one writing connection first
 *   come, first served, each woken alone (Kysely's lock wakes every waiter at each release).
 * - **Statements are prepared once.** The same few dozen SQL strings run for every submission;
 *   prepared statements are kept by their SQL, most recently used first, up to `STATEMENTS_KEPT`.
 *
 * A write outside any transaction first commits an open group, and is durable when it returns.
 */
export function queuedSqliteDialect(writer: SQLite.Database, reader?: SQLite.Database): Dialect {
	return {
		createAdapter: () => new SqliteAdapter(),
		createDriver: () => new GroupCommitDriver(writer, reader),
		createQueryCompiler: () => new SqliteQueryCompiler(),
		createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db)
	};
}

/** Enough for every query the app writes; `in (…)` lists of varying length add a few more. */
const STATEMENTS_KEPT = 500;

/**
 * Transactions per group at most: the first of a group waits for the last before its COMMIT, so
 * this bounds how long a busy moment can hold an acknowledgement back.
 */
export const GROUP_LIMIT = 32;

/** The savepoint each transaction of a group runs in (one at a time, so one name serves all). */
const MEMBER = 'juri_group_member';

/** One SQLite connection with its prepared statements kept. */
class Connection {
	readonly #kept = new Map<string, SQLite.Statement>();

	constructor(readonly sqlite: SQLite.Database) {}

	prepare(sql: string): SQLite.Statement {
		let statement = this.#kept.get(sql);
		if (statement) this.#kept.delete(sql);
		else statement = this.sqlite.prepare(sql);
		this.#kept.set(sql, statement);
		if (this.#kept.size > STATEMENTS_KEPT) this.#kept.delete(this.#kept.keys().next().value!);
		return statement;
	}

	run(query: CompiledQuery): QueryResult<unknown> {
		const statement = this.prepare(query.sql);
		if (statement.reader) return { rows: statement.all(query.parameters as unknown[]) };
		const { changes, lastInsertRowid } = statement.run(query.parameters as unknown[]);
		return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
	}

	*stream(query: CompiledQuery): Generator<QueryResult<unknown>> {
		if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
		for (const row of this.prepare(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row] };
	}

	exec(sql: string): void {
		this.prepare(sql).run();
	}
}

/** What one caller of Kysely holds between acquiring and releasing "the connection". */
class Lease implements DatabaseConnection {
	/** Holds the writing connection (taken at the first write or transaction). */
	writing = false;
	inTransaction = false;
	/** Committed into the open group and gave the writer on: its release is not its to do. */
	passedOn = false;

	constructor(private readonly driver: GroupCommitDriver) {}

	async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		return (await this.driver.connectionFor(this, query)).run(query) as QueryResult<R>;
	}

	async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		yield* (await this.driver.connectionFor(this, query)).stream(query) as Generator<QueryResult<R>>;
	}
}

interface Member {
	resolve(): void;
	reject(error: unknown): void;
}

class GroupCommitDriver implements Driver {
	readonly #writer: Connection;
	readonly #reader: Connection | null;
	/** Leases waiting for the writer, in arrival order; `#writerTaken` while a lease has it. */
	readonly #waiting: (() => void)[] = [];
	#writerTaken = false;
	/** The open group: transactions done and waiting for its COMMIT; null when none is open. */
	#group: Member[] | null = null;

	constructor(writer: SQLite.Database, reader?: SQLite.Database) {
		this.#writer = new Connection(writer);
		this.#reader = reader ? new Connection(reader) : null;
	}

	async init(): Promise<void> {}

	async acquireConnection(): Promise<DatabaseConnection> {
		return new Lease(this);
	}

	/** The connection a query of `lease` runs on, taking the writer first when it needs it. */
	async connectionFor(lease: Lease, query: CompiledQuery): Promise<Connection> {
		if (lease.inTransaction) return this.#writer;
		if (this.#reader && SelectQueryNode.is(query.query)) return this.#reader;
		await this.#takeWriter(lease);
		// Outside a transaction a write commits at once, so the group before it commits first.
		if (this.#group) this.#commitGroup();
		return this.#writer;
	}

	async beginTransaction(lease: DatabaseConnection): Promise<void> {
		const own = lease as Lease;
		await this.#takeWriter(own);
		if (!this.#group) {
			this.#writer.exec('begin');
			this.#group = [];
		}
		this.#writer.exec(`savepoint ${MEMBER}`);
		own.inTransaction = true;
	}

	async commitTransaction(lease: DatabaseConnection): Promise<void> {
		const own = lease as Lease;
		this.#writer.exec(`release ${MEMBER}`);
		own.inTransaction = false;
		if (this.#groupGoesOn()) {
			// Others wait: the next one runs in this group, and this one is durable with it.
			const group = this.#group!;
			const durable = new Promise<void>((resolve, reject) => group.push({ resolve, reject }));
			own.passedOn = true;
			this.#waiting.shift()!();
			return durable;
		}
		this.#commitGroup();
	}

	async rollbackTransaction(lease: DatabaseConnection): Promise<void> {
		const own = lease as Lease;
		// A transaction whose group failed to commit: the writer has moved on to others.
		if (own.passedOn) return;
		own.inTransaction = false;
		if (this.#writer.sqlite.inTransaction) {
			this.#writer.exec(`rollback to ${MEMBER}`);
			this.#writer.exec(`release ${MEMBER}`);
		} else if (this.#group) {
			// SQLite itself undid the whole transaction (an I/O error, a full disk…): the group is lost.
			this.#failGroup(new Error('The database undid a group of transactions (see the error of the transaction that failed)'));
		}
	}

	async releaseConnection(lease: DatabaseConnection): Promise<void> {
		const own = lease as Lease;
		if (!own.writing || own.passedOn) return;
		try {
			// A transaction that rolled back may leave its group open: pass it on, or commit it.
			if (this.#group && !this.#groupGoesOn()) this.#commitGroup();
		} finally {
			const next = this.#waiting.shift();
			if (next) next();
			else this.#writerTaken = false;
		}
	}

	async destroy(): Promise<void> {
		this.#writer.sqlite.close();
		this.#reader?.sqlite.close();
	}

	async #takeWriter(lease: Lease): Promise<void> {
		if (lease.writing) return;
		// Handed straight from lease to lease (it stays taken), or free.
		if (this.#writerTaken) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.#writerTaken = true;
		lease.writing = true;
	}

	/** Whether the open group is handed to the next writer rather than committed now: someone waits, and it has room. */
	#groupGoesOn(): boolean {
		return this.#waiting.length > 0 && this.#group!.length + 1 < GROUP_LIMIT;
	}

	#commitGroup(): void {
		const members = this.#group!;
		this.#group = null;
		try {
			this.#writer.exec('commit');
		} catch (error) {
			if (this.#writer.sqlite.inTransaction) this.#writer.exec('rollback');
			for (const member of members) member.reject(error);
			throw error;
		}
		for (const member of members) member.resolve();
	}

	#failGroup(error: Error): void {
		const members = this.#group!;
		this.#group = null;
		for (const member of members) member.reject(error);
	}
}
