import type { Kysely } from 'kysely';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.

/**
 * Signed results versions: each version published from now on keeps the Ed25519 signature of its
 * statement (base64) and the public key that made it (SPKI PEM), so a key that was later replaced
 * still names what signed an old version. Versions published before stay unsigned (null).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').addColumn('signature', 'text').execute();
	await db.schema.alterTable('result_versions').addColumn('signing_key', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('result_versions').dropColumn('signing_key').execute();
	await db.schema.alterTable('result_versions').dropColumn('signature').execute();
}
