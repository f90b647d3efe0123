import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * A juror's private notes travel with their score sheet: each revision of a sheet keeps the notes
 * it was sent with (JSON: a note per criterion and an overall note), null when it had none. A
 * nullable text column is added the same way on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('score_submissions').addColumn('notes', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('score_submissions').dropColumn('notes').execute();
}
