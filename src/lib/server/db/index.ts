import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql, type MigrationResultSet } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from '../../../../db/migrations/index';
import { logger } from '../log.js';
import { openPostgres, UNIQUE_VIOLATION } from './postgres';
import type { Database } from './schema';
import { queuedSqliteDialect } from './sqlite-dialect';

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = 'db/juri.sqlite';

/** The two engines Juri runs on: SQLite for one venue (the default), PostgreSQL to scale out. */
export type Engine = 'sqlite' | 'postgres';

/**
 * The engine a `DATABASE_URL`-style string names: `postgres://` or `postgresql://` is PostgreSQL,
 * anything else a SQLite file.
 *
 * @example engineOf('postgres://juri@127.0.0.1/juri') // → 'postgres'
 */
export function engineOf(url: string): Engine {
	return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/**
 * A database URL fit to print: a PostgreSQL password is replaced by `***` (banners and logs are
 * read by more people than the configuration).
 *
 * @example printableUrl('postgres://juri:s3cret@db:5432/juri') // → 'postgres://juri:***@db:5432/juri'
 */
export function printableUrl(url: string): string {
	return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/**
 * The SQLite file a `DATABASE_URL`-style string names (`:memory:` stays as it is). Only file tools
 * (backup, restore) need it; on PostgreSQL they are replaced by the server's own (pg_dump).
 *
 * @example databaseFile('file:db/juri.sqlite') // → 'db/juri.sqlite'
 */
export function databaseFile(url: string): string {
	if (engineOf(url) === 'postgres') {
		throw new Error('This is a PostgreSQL database: back it up and restore it with pg_dump and pg_restore (see docs/deploy.md)');
	}
	return url.replace(/^file:/, '');
}

function openSqlite(url: string): DB {
	const path = databaseFile(url);
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	// WAL lets readers (live views) run while a score commits; FULL makes an acknowledged score
	// survive power loss, at a cost (~6,800 commits/s measured) far above a jury's rate.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: queuedSqliteDialect(sqlite, path === ':memory:' ? undefined : readerOf(path)) });
}

/** A second connection to the same file for selects outside transactions (see sqlite-dialect.ts). */
function readerOf(path: string): SQLite.Database {
	const reader = new SQLite(path);
	reader.pragma('query_only = ON');
	reader.pragma('busy_timeout = 5000');
	return reader;
}

/**
 * Opens the database named by a `DATABASE_URL`-style string: a SQLite file path (or `file:` URL,
 * or `:memory:` for tests), or a `postgres://` URL. Both behave alike for the app (see postgres.ts).
 *
 * @example const db = openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
 */
export function openDatabase(url: string): DB {
	if (engineOf(url) === 'sqlite') return openSqlite(url);
	return openPostgres(url, (error) => logger.warn('database connection lost while idle', { error }));
}

const migrator = (db: DB) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** Applies every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: DB): Promise<MigrationResultSet> {
	const result = await migrator(db).migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
			cause: result.error
		});
	}
	return result;
}

/**
 * The names of migrations not yet applied: tools that only read (verifiers, backups) refuse a
 * database whose schema is behind instead of migrating it.
 *
 * @example if ((await pendingMigrations(db)).length) throw new Error('run npm run db:migrate first');
 */
export async function pendingMigrations(db: DB): Promise<string[]> {
	const all = await migrator(db).getMigrations();
	return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Whether a failed insert hit a unique or primary-key constraint (a retry racing its first
 * delivery), in either engine's words.
 *
 * @example if (isUniqueViolation(error)) return await storedReceipt();
 */
export function isUniqueViolation(error: unknown): boolean {
	if (!(error instanceof Error) || !('code' in error)) return false;
	const code = String(error.code);
	return code === UNIQUE_VIOLATION || code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * The engine's own check of the stored data: SQLite's `integrity_check` lines (empty when sound).
 * PostgreSQL checks pages as it reads them and has no cheap equivalent: nothing to report there.
 *
 * @example const problems = await integrityProblems(db, engineOf(url));
 */
export async function integrityProblems(db: DB, engine: Engine): Promise<string[]> {
	if (engine === 'postgres') return [];
	const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
	return rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
}

/**
 * Whether the database answers (the readiness probe): one round trip, no data read.
 *
 * @example if (!(await databaseAnswers(db))) res.statusCode = 503;
 */
export async function databaseAnswers(db: DB): Promise<boolean> {
	try {
		await sql`select 1`.execute(db);
		return true;
	} catch {
		return false;
	}
}
