import { sql, type Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * Results on the record:
 * - a published results version keeps the words it was published with: the bodies' names, the
 *   categories' names and order, and the prior stage's label (JSON), so a version reopened after a
 *   body was renamed, a category moved or a re-import reads as it did on the decree (versions
 *   published before keep null and are read with today's names);
 * - amendments are append-only like the audit log: the database refuses to edit or delete one (a
 *   correction is corrected by a later amendment). SQLite syntax: the PostgreSQL path (not wired
 *   yet) needs its own trigger here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').addColumn('labels', 'text').execute();
	await sql`CREATE TRIGGER IF NOT EXISTS score_amendments_no_update BEFORE UPDATE ON score_amendments
		BEGIN SELECT RAISE(ABORT, 'score_amendments is append-only'); END`.execute(db);
	await sql`CREATE TRIGGER IF NOT EXISTS score_amendments_no_delete BEFORE DELETE ON score_amendments
		BEGIN SELECT RAISE(ABORT, 'score_amendments is append-only'); END`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TRIGGER IF EXISTS score_amendments_no_delete`.execute(db);
	await sql`DROP TRIGGER IF EXISTS score_amendments_no_update`.execute(db);
	await db.schema.alterTable('result_versions').dropColumn('labels').execute();
}
