/**
 * Online backups and restores of the SQLite file. A backup runs while the app serves: it reads the
 * live file through a connection of its own with SQLite's backup API, which under WAL never blocks
 * the app's writers, copies one consistent snapshot, and is then checked like any database
 * (integrity, audit chain, anchors, MAC, score sheets). A restore refuses while the database is open.
 */
import SQLite from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditKey } from '../audit-key';
import { verifyDatabase, type DatabaseVerification } from '../audit-verify';
import { databaseFile, engineOf } from './index';

/**
 * What db:backup and db:restore say on PostgreSQL: they copy SQLite files; a server's databases are
 * copied with the server's own tools, which take a consistent snapshot while the app writes.
 */
export const POSTGRES_BACKUPS =
	'db:backup and db:restore copy SQLite files; this database is PostgreSQL. Back it up with pg_dump while the app runs ' +
	'(pg_dump --format=custom --file=juri.dump "$DATABASE_URL"), restore it into an empty database with pg_restore ' +
	'(pg_restore --no-owner --dbname=<new database URL> juri.dump), and check the restored copy with ' +
	'npm run audit:verify -- --db <new database URL>. See docs/deploy.md, "Backups".';

/**
 * Refuses a PostgreSQL URL with the advice above, before anything is touched.
 *
 * @example refusePostgres(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
 */
export function refusePostgres(databaseUrl: string): void {
	if (engineOf(databaseUrl) === 'postgres') throw new Error(POSTGRES_BACKUPS);
}

export interface BackupResult {
	path: string;
	bytes: number;
	verification: DatabaseVerification;
}

/** SQLite copies this many pages per step: all of them, so the copy is one snapshot (see below). */
const ALL_PAGES = 0x7fffffff;

/** '20261202-093000': the machine's local time, for file names that sort by time. */
function fileStamp(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/**
 * Where a backup goes by default: a `backups` folder next to the database, named by the local time.
 *
 * @example defaultBackupPath('db/juri.sqlite', new Date(2026, 11, 2, 9, 30)) // → 'db/backups/juri-20261202-093000.sqlite'
 */
export function defaultBackupPath(databaseUrl: string, now: Date): string {
	return join(dirname(databaseFile(databaseUrl)), 'backups', `juri-${fileStamp(now)}.sqlite`);
}

/**
 * Copies the live database to `destination` (a new file) while the app keeps running, then verifies
 * the copy. The copy is consistent even if it fails verification (the live log may already be
 * broken): the result says so and the caller decides.
 *
 * @example const { path, verification } = await backupDatabase('db/juri.sqlite', 'db/backups/juri-20261202-093000.sqlite', { key });
 */
export async function backupDatabase(databaseUrl: string, destination: string, { key }: { key: AuditKey | null }): Promise<BackupResult> {
	const source = databaseFile(databaseUrl);
	if (!existsSync(source)) throw new Error(`There is no database at ${databaseUrl}`);
	if (existsSync(destination)) throw new Error(`${destination} already exists: choose another name`);
	mkdirSync(dirname(destination), { recursive: true });
	const live = new SQLite(source, { fileMustExist: true });
	try {
		live.pragma('busy_timeout = 5000');
		// One step for every page: a write by the app between two steps would restart the copy, and
		// under a steady stream of writes a paged copy might never finish. One step reads one snapshot.
		await live.backup(destination, { progress: () => ALL_PAGES });
	} finally {
		live.close();
	}
	const verification = await verifyDatabase(destination, { key });
	return { path: destination, bytes: statSync(destination).size, verification };
}

export interface RestoreResult {
	/** Where the database that was replaced now lives (with its -wal and -shm), or null if there was none. */
	keptAs: string | null;
	verification: DatabaseVerification;
}

/**
 * Puts a backup in place of the database at `databaseUrl`. Refuses while any process has that
 * database open (the app must be stopped) and refuses a backup that does not verify. The database it
 * replaces is not deleted: it is renamed, with its -wal and -shm files, to `<name>.replaced-<time>`.
 *
 * @example await restoreDatabase('db/backups/juri-20261202-093000.sqlite', 'db/juri.sqlite', { key, now: new Date() });
 */
export async function restoreDatabase(
	backupFile: string,
	databaseUrl: string,
	{ key, now }: { key: AuditKey | null; now: Date }
): Promise<RestoreResult> {
	const target = databaseFile(databaseUrl);
	const verification = await verifyDatabase(backupFile, { key });
	if (verification.integrity.length > 0 || verification.audit.findings.length > 0) {
		throw new Error(`${backupFile} does not verify; it was not restored (run npm run audit:verify -- --db ${backupFile})`);
	}
	let keptAs: string | null = null;
	if (existsSync(target)) {
		if (isOpenElsewhere(target)) throw new Error(`${target} is open in another process: stop the app before restoring`);
		keptAs = `${target}.replaced-${fileStamp(now)}`;
		if (existsSync(keptAs)) throw new Error(`${keptAs} already exists: try again in a second`);
		// The -wal may hold committed transactions: it moves with its database, under the matching name.
		for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, keptAs + suffix);
	}
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(backupFile, `${target}.restoring`);
	renameSync(`${target}.restoring`, target);
	return { keptAs, verification };
}

/**
 * Whether another connection has the database open. A WAL connection holds a shared lock for as
 * long as it is open, so an exclusive lock taken without waiting succeeds only when nobody else
 * has the file open.
 */
function isOpenElsewhere(path: string): boolean {
	const probe = new SQLite(path, { fileMustExist: true, timeout: 0 });
	try {
		probe.pragma('locking_mode = EXCLUSIVE');
		probe.exec('BEGIN EXCLUSIVE');
		probe.exec('COMMIT');
		return false;
	} catch (error) {
		if (error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY') return true;
		throw error;
	} finally {
		probe.close();
	}
}
