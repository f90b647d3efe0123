import type { Kysely } from 'kysely';
import { realType } from './dialect';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * A practice (calibration) slot a chair runs before a panel's first real slot, and its sheets: in
 * tables of their own, so that no result, shortlist, export, document or public view (which all
 * read `slots` and `score_submissions`) can ever count them. The columns follow `slots` and
 * `score_submissions`, so the same slot state machine and scoring core run them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('practice_slots')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id').onDelete('cascade'))
		.addColumn('presentation_minutes', 'integer', (c) => c.notNull())
		.addColumn('qa_minutes', 'integer', (c) => c.notNull())
		.addColumn('scoring_minutes', 'integer', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('presentation_started_at', 'bigint')
		.addColumn('qa_started_at', 'bigint')
		.addColumn('scoring_opened_at', 'bigint')
		.addColumn('scoring_closed_at', 'bigint')
		.addColumn('certified_at', 'bigint')
		.addColumn('created_by', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('practice_slots_panel').on('practice_slots').column('panel_id').execute();
	await db.schema
		.createTable('practice_sheets')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('practice_slot_id', 'text', (c) => c.notNull().references('practice_slots.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('scores', 'text', (c) => c.notNull())
		.addColumn('total', realType(db), (c) => c.notNull())
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('practice_sheets_slot').on('practice_sheets').columns(['practice_slot_id', 'juror_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('practice_sheets').execute();
	await db.schema.dropTable('practice_slots').execute();
}
