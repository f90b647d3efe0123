import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * Each evaluation runs in its own time zone (an IANA name: Asia/Jakarta, Asia/Makassar or
 * Asia/Jayapura). Evaluations made before keep the zone every time was entered and shown in: WIB.
 * A column with a constant default is added the same way on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('evaluations')
		.addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Jakarta'))
		.execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('evaluations').dropColumn('time_zone').execute();
}
