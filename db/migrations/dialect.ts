import { PostgresIntrospector, sql, type Kysely } from 'kysely';

// Frozen with the migrations that use it: what a migration wrote on each engine must never change.
// The only place a migration asks which engine it runs on; everything else in a migration is
// written once, in Kysely's schema builder, for both.

/**
 * Whether a migration runs on PostgreSQL (else SQLite). Asked through Kysely's public introspector,
 * so it works on the database and on the transaction the migrator passes.
 *
 * @example const REAL = onPostgres(db) ? 'double precision' : 'real';
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function onPostgres(db: Kysely<any>): boolean {
	return db.introspection instanceof PostgresIntrospector;
}

/**
 * The column type of a floating-point number: SQLite's REAL is 8 bytes, PostgreSQL's `real` only 4
 * (about 7 digits), so the same numbers need `double precision` there.
 *
 * @example .addColumn('weight', realType(db), (c) => c.notNull())
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function realType(db: Kysely<any>): 'real' | 'double precision' {
	return onPostgres(db) ? 'double precision' : 'real';
}

/**
 * Makes a table append-only in the database itself: UPDATE and DELETE (and, on PostgreSQL,
 * TRUNCATE, which row triggers do not see) are refused, in each engine's own syntax. The SQL is
 * exactly what the initial migration wrote for the audit log, named after the table.
 *
 * @example await makeAppendOnly(db, 'audit_log');
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function makeAppendOnly(db: Kysely<any>, table: string): Promise<void> {
	const name = (suffix: string) => sql.id(`${table}_${suffix}`);
	const message = sql.lit(`${table} is append-only`);
	if (onPostgres(db)) {
		await sql`CREATE OR REPLACE FUNCTION ${name('append_only')}() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN RAISE EXCEPTION ${message}; END $$`.execute(db);
		for (const [event, each] of [
			['UPDATE', 'ROW'],
			['DELETE', 'ROW'],
			['TRUNCATE', 'STATEMENT']
		] as const) {
			await sql`CREATE TRIGGER ${name(`no_${event.toLowerCase()}`)} BEFORE ${sql.raw(event)} ON ${sql.table(table)}
				FOR EACH ${sql.raw(each)} EXECUTE FUNCTION ${name('append_only')}()`.execute(db);
		}
	} else {
		for (const event of ['UPDATE', 'DELETE'] as const) {
			await sql`CREATE TRIGGER IF NOT EXISTS ${name(`no_${event.toLowerCase()}`)} BEFORE ${sql.raw(event)} ON ${sql.table(table)}
				BEGIN SELECT RAISE(ABORT, ${message}); END`.execute(db);
		}
	}
}

/** Undoes makeAppendOnly (a migration's down). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dropAppendOnly(db: Kysely<any>, table: string): Promise<void> {
	const name = (suffix: string) => sql.id(`${table}_${suffix}`);
	for (const event of onPostgres(db) ? ['update', 'delete', 'truncate'] : ['update', 'delete']) {
		await (
			onPostgres(db)
				? sql`DROP TRIGGER IF EXISTS ${name(`no_${event}`)} ON ${sql.table(table)}`
				: sql`DROP TRIGGER IF EXISTS ${name(`no_${event}`)}`
		).execute(db);
	}
	if (onPostgres(db)) await sql`DROP FUNCTION IF EXISTS ${name('append_only')}()`.execute(db);
}
