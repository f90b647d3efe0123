import type { Kysely } from 'kysely';
import { dropAppendOnly, makeAppendOnly } from './dialect';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * Results on the record:
 * - a published results version keeps the words it was published with: the bodies' names, the
 *   categories' names and order, and the prior stage's label (JSON), so a version reopened after a
 *   body was renamed, a category moved or a re-import reads as it did on the decree (versions
 *   published before keep null and are read with today's names);
 * - amendments are append-only like the audit log: the database refuses to edit or delete one (a
 *   correction is corrected by a later amendment), in each engine's own syntax.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').addColumn('labels', 'text').execute();
	await makeAppendOnly(db, 'score_amendments');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await dropAppendOnly(db, 'score_amendments');
	await db.schema.alterTable('result_versions').dropColumn('labels').execute();
}
