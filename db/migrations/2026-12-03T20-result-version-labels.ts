import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * A published results version keeps the words it was published with: the bodies' names, the
 * categories' names and order, and the prior stage's label (JSON). A version reopened after a
 * body was renamed, a category moved or a re-import reads as it did on the decree. Versions
 * published before keep null and are read with today's names.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').addColumn('labels', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').dropColumn('labels').execute();
}
