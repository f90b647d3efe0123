import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.
// One ALTER per column: SQLite adds a single column per statement. Plain ADD COLUMN, portable to PostgreSQL.

/**
 * Results as the commission publishes them:
 * - per evaluation, what the public sees before publication (`public_results`: 'provisional',
 *   'ranks_only' or 'hidden') and whether it is the evaluation running now (`running`: the one
 *   /admin and /live show by default, at most one);
 * - per published version, the decree (SK) that announces it: number and date;
 * - amendments of every kind (prior-stage score, a juror's sheet, the presentation score, the final
 *   score), with the decree they cite, the consent recorded for a sheet, and a JSON payload for
 *   what a number alone cannot hold (a sheet). Existing rows are prior-score corrections from visits.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('evaluations')
		.addColumn('public_results', 'text', (c) => c.notNull().defaultTo('provisional'))
		.execute();
	await db.schema
		.alterTable('evaluations')
		.addColumn('running', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('result_versions').addColumn('decree_number', 'text').execute();
	await db.schema.alterTable('result_versions').addColumn('decree_date', 'text').execute();
	await db.schema.alterTable('score_amendments').addColumn('juror_id', 'text').execute();
	await db.schema.alterTable('score_amendments').addColumn('payload', 'text').execute();
	await db.schema.alterTable('score_amendments').addColumn('decree_reference', 'text').execute();
	await db.schema.alterTable('score_amendments').addColumn('consent', 'text').execute();
	// The newest evaluation was what /admin and /live showed until now: it stays the running one.
	const newest = await db.selectFrom('evaluations').select('id').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
	if (newest) await db.updateTable('evaluations').set({ running: 1 }).where('id', '=', newest.id).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const column of ['consent', 'decree_reference', 'payload', 'juror_id']) {
		await db.schema.alterTable('score_amendments').dropColumn(column).execute();
	}
	await db.schema.alterTable('result_versions').dropColumn('decree_date').execute();
	await db.schema.alterTable('result_versions').dropColumn('decree_number').execute();
	await db.schema.alterTable('evaluations').dropColumn('running').execute();
	await db.schema.alterTable('evaluations').dropColumn('public_results').execute();
}
