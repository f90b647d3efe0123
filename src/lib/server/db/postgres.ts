/**
 * The PostgreSQL side of the database layer: what makes `pg` behave, for the app, as better-sqlite3
 * does. Everything engine-specific about PostgreSQL lives here; queries and types stay neutral.
 *
 * - Numbers: `pg` returns int8 (bigint: epoch-millisecond times, count(*)) and numeric (sum/avg of
 *   integers) as strings, to be safe beyond 2^53. Juri's bigints are times and counts, far below
 *   that, and SQLite returns them as numbers: here they are parsed to numbers, and a value a JS
 *   number cannot hold exactly fails loudly instead of rounding.
 * - Writers one at a time: SQLite serialises every transaction (one writer, and Kysely's driver
 *   holds one connection behind a mutex), and the services rely on it: the audit chain reads its
 *   head and appends after it, the sign-in throttle reserves before it checks, a slot command reads
 *   the state it changes. On PostgreSQL every transaction takes one transaction-level advisory lock
 *   as its first statement, so transactions run one at a time across every process sharing the
 *   database, and each statement in them (READ COMMITTED) sees every earlier commit. Reads outside
 *   transactions run in parallel, as they do under SQLite's WAL.
 */
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, type DatabaseConnection, type TransactionSettings } from 'kysely';
import type { Database } from './schema';

const INT8 = 20;
const NUMERIC = 1700;

/** The key of the advisory lock every transaction takes ('JURI' in ASCII): any constant shared by all processes. */
const WRITER_LOCK = 0x4a555249;

function exactInteger(text: string): number {
	const n = Number(text);
	if (!Number.isSafeInteger(n)) throw new RangeError(`PostgreSQL returned the integer ${text}, beyond what a JS number holds exactly`);
	return n;
}

const parsers: Record<number, (text: string) => number> = { [INT8]: exactInteger, [NUMERIC]: Number };

/** This pool's type parsers (not pg's global ones, which other code in the process might share). */
const types: pg.CustomTypesConfig = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		parsers[oid] ?? pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser']
};

class OneWriterDriver extends PostgresDriver {
	override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		await super.beginTransaction(connection, settings);
		await connection.executeQuery(CompiledQuery.raw(`select pg_advisory_xact_lock(${WRITER_LOCK})`));
	}
}

class OneWriterDialect extends PostgresDialect {
	readonly #pool: pg.Pool;
	constructor(pool: pg.Pool) {
		super({ pool });
		this.#pool = pool;
	}
	override createDriver(): PostgresDriver {
		return new OneWriterDriver({ pool: this.#pool });
	}
}

/**
 * A Kysely over a `pg` pool for a `postgres://` URL, with the number parsers and the one-writer
 * rule above. Connects lazily: the first query (the migrations, at start) reports a wrong URL.
 *
 * @example const db = openPostgres('postgres://juri:secret@127.0.0.1:5432/juri');
 */
export function openPostgres(url: string, onIdleError: (error: Error) => void): Kysely<Database> {
	const pool = new pg.Pool({ connectionString: url, types, application_name: 'juri' });
	// A pooled connection the server drops while idle (a restart, a failover) is reported here and
	// replaced on next use; unhandled, the event would end the process.
	pool.on('error', onIdleError);
	return new Kysely<Database>({ dialect: new OneWriterDialect(pool) });
}

/** PostgreSQL's SQLSTATE for a unique or primary-key violation. */
export const UNIQUE_VIOLATION = '23505';
