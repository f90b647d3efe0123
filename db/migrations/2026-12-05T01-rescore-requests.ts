import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * A chair's request that one juror score a closed slot again (their total is far from the others'):
 * open until the juror sends a sheet (answered_at, and the sheet that answered it). Plain columns,
 * the same on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('rescore_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('slot_id', 'text', (c) => c.notNull().references('slots.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('requested_by', 'text', (c) => c.notNull())
		.addColumn('requested_at', 'bigint', (c) => c.notNull())
		.addColumn('answered_at', 'bigint')
		.addColumn('answered_by_submission', 'text')
		.execute();
	await db.schema.createIndex('rescore_requests_slot').on('rescore_requests').columns(['slot_id', 'juror_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('rescore_requests').execute();
}
