import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from '../../../../db/migrations/index';
import type { Database } from './schema';

export type DB = Kysely<Database>;

export const DEFAULT_DATABASE_URL = 'db/juri.sqlite';

/**
 * The SQLite file a `DATABASE_URL`-style string names (`:memory:` stays as it is).
 *
 * @example databaseFile('file:db/juri.sqlite') // → 'db/juri.sqlite'
 */
export function databaseFile(url: string): string {
	if (/^postgres(ql)?:\/\//.test(url)) {
		throw new Error('PostgreSQL is not supported yet: set DATABASE_URL to a SQLite file path');
	}
	return url.replace(/^file:/, '');
}

/**
 * Opens the database named by a `DATABASE_URL`-style string: a file path (or `file:` URL), or
 * `:memory:` for tests. PostgreSQL (`postgres://`) is the scale-out path and is refused until wired.
 *
 * @example const db = openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
 */
export function openDatabase(url: string): DB {
	const path = databaseFile(url);
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	// WAL lets readers (live views) run while a score commits; FULL makes an acknowledged score
	// survive power loss, at a cost (~6,800 commits/s measured) far above a jury's rate.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
