import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * The staged reveal of an award ceremony: a public-results policy 'staged' (a text value of
 * `evaluations.public_results`, no new column for it), per category how many bodies are revealed
 * from the bottom, and the category the reveal console stepped last (the big screen shows it).
 * Plain tables and columns, the same on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('result_reveals')
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('category_id', 'text', (c) => c.notNull().references('categories.id').onDelete('cascade'))
		.addColumn('revealed', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('result_reveals_pk', ['evaluation_id', 'category_id'])
		.execute();
	await db.schema.alterTable('evaluations').addColumn('reveal_category_id', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('evaluations').dropColumn('reveal_category_id').execute();
	await db.schema.dropTable('result_reveals').execute();
}
