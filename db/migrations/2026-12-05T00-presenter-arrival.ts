import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * What a presenter's page needs beyond the schedule: the directions to each room (free text the
 * secretariat writes, shown to the bodies presenting there), a slot's online meeting link (a
 * hybrid event holds some slots online), and when the body checked in ("Kami sudah hadir"), which
 * the chair sees in the queue. Plain nullable columns, the same on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('panels').addColumn('directions', 'text').execute();
	await db.schema.alterTable('slots').addColumn('meeting_link', 'text').execute();
	await db.schema.alterTable('slots').addColumn('checked_in_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('slots').dropColumn('checked_in_at').execute();
	await db.schema.alterTable('slots').dropColumn('meeting_link').execute();
	await db.schema.alterTable('panels').dropColumn('directions').execute();
}
