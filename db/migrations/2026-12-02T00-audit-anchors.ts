import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.
// One ALTER per column: SQLite adds a single column per statement. Plain ADD COLUMN, portable to PostgreSQL.

/**
 * Audit anchors: the audit head (seq + hash of the newest row) stored with each published results
 * version and each certification, and a keyed MAC on each audit row. Rows and versions written
 * before this migration keep nulls: they stay verifiable by the hash chain alone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();
	await db.schema.alterTable('result_versions').addColumn('audit_seq', 'integer').execute();
	await db.schema.alterTable('result_versions').addColumn('audit_hash', 'text').execute();
	await db.schema.alterTable('slots').addColumn('certified_audit_seq', 'integer').execute();
	await db.schema.alterTable('slots').addColumn('certified_audit_hash', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('slots').dropColumn('certified_audit_hash').execute();
	await db.schema.alterTable('slots').dropColumn('certified_audit_seq').execute();
	await db.schema.alterTable('result_versions').dropColumn('audit_hash').execute();
	await db.schema.alterTable('result_versions').dropColumn('audit_seq').execute();
	await db.schema.alterTable('audit_log').dropColumn('mac').execute();
}
