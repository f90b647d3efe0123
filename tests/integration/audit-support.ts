/**
 * Shared by the audit-anchor and backup tests: a scripted session with the real services, the
 * key they MAC with, the attacker's tools (rewriting the chain with recomputed hashes, cutting the
 * tail), and the repository's CLIs run as processes.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { onPostgres } from '../../db/migrations/dialect';
import type { AuditHead } from '$lib/domain/audit';
import { auditRowHash, useAuditKey } from '$lib/server/audit';
import { loadAuditKey, type AuditKey } from '$lib/server/audit-key';
import type { DB } from '$lib/server/db';
import type { AuditLogTable } from '$lib/server/db/schema';
import { publishResults } from '$lib/server/services/results/publish';
import { submitScores } from '$lib/server/services/scoring';
import { flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp } from './harness';

export const KEY_HEX = '5a'.repeat(32);
export const KEY: AuditKey = loadAuditKey({ env: { JURI_AUDIT_KEY: KEY_HEX }, databaseUrl: ':memory:', create: false })!;

export interface Session {
	app: TestApp;
	fx: Fixture;
	/** The test app's DATABASE_URL (on SQLite, the file its database lives in), for the CLIs' --db. */
	path: string;
	/** A key file holding KEY, in the database's temporary folder (for the CLIs). */
	keyFile: string;
	published: { version: number; hash: string; auditHead: AuditHead };
	/** The three juror users of panel A, signed in. */
	jurors: Awaited<ReturnType<TestApp['signIn']>>['user'][];
}

/**
 * A scripted session on a fresh database, MACed with KEY (or none): the demo seed, panel A's first
 * slot scored by its three jurors, certified, the results published, then the second slot started
 * (so the head has moved past the anchors).
 */
export async function runSession({ key = KEY }: { key?: AuditKey | null } = {}): Promise<Session> {
	useAuditKey(key);
	const app = await startTestApp();
	const fx = await app.fixture();
	const path = app.database.url;
	const keyFile = join(app.database.dir, 'test-audit.key');
	writeFileSync(keyFile, `${KEY_HEX}\n`, { mode: 0o600 });
	const jurors = await Promise.all([0, 1, 2].map(async (i) => (await app.signIn('juror', i)).user));
	const slotId = fx.panelA.slots[0].id;
	await app.drive(slotId, 'start_presentation', 'open_scoring');
	for (const [i, juror] of jurors.entries()) {
		await submitScores(app.ctx, juror, { slotId, submissionId: newSubmissionId('session'), scores: flatSheet(70 + i * 5) });
	}
	await app.drive(slotId, 'close_scoring', 'certify');
	const admin = (await app.signInAdmin()).user;
	const published = await publishResults(app.ctx, admin, {
		evaluationId: fx.evaluationId,
		reason: 'Hasil sementara hari pertama',
		decreeNumber: '1/KEP/KIP/XI/2023',
		decreeDate: '2023-11-30'
	});
	await app.drive(fx.panelA.slots[1].id, 'start_presentation');
	return { app, fx, path, keyFile, published, jurors };
}

/**
 * What an operator with the database does first to edit the log: drops the trigger that refuses it,
 * in the engine's own syntax.
 */
export async function dropAuditTrigger(db: DB, name: 'audit_log_no_update' | 'audit_log_no_delete'): Promise<void> {
	await (onPostgres(db) ? sql`DROP TRIGGER IF EXISTS ${sql.id(name)} ON audit_log` : sql`DROP TRIGGER IF EXISTS ${sql.id(name)}`).execute(
		db
	);
}

export const auditRows = (db: DB) => db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

/**
 * What an operator with the database file (but not the key) can do: change row `seq` and recompute
 * the hash and link of every row after it, so the chain walk passes. The MACs stay as they were.
 */
export async function rewriteChainFrom(
	db: DB,
	seq: number,
	change: Partial<Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>>
): Promise<void> {
	await dropAuditTrigger(db, 'audit_log_no_update');
	const rows = await auditRows(db);
	let prevHash = rows.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
	for (const row of rows.filter((r) => r.seq >= seq)) {
		const content = row.seq === seq ? { ...row, ...change } : row;
		const hash = auditRowHash(prevHash, row.seq, content);
		await db
			.updateTable('audit_log')
			.set({ ...(row.seq === seq ? change : {}), prev_hash: prevHash, hash })
			.where('seq', '=', row.seq)
			.execute();
		prevHash = hash;
	}
}

/** Cuts the log after row `keep` (the triggers dropped first, as an operator would). */
export async function cutTailAfter(db: DB, keep: number): Promise<void> {
	await dropAuditTrigger(db, 'audit_log_no_delete');
	await db.deleteFrom('audit_log').where('seq', '>', keep).execute();
	expect((await auditRows(db)).at(-1)!.seq).toBe(keep);
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

/**
 * Runs one of the repository's CLIs (`src/lib/server/…-cli.ts`) as `npm run` would, with `vars`
 * instead of this process's audit key and database variables.
 */
export function runCli(
	script: string,
	args: string[],
	vars: Record<string, string> = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
	const env = { ...process.env };
	delete env.JURI_AUDIT_KEY;
	delete env.JURI_AUDIT_KEY_FILE;
	delete env.DATABASE_URL;
	Object.assign(env, vars);
	return new Promise((resolve) => {
		execFile(TSX, [script, ...args], { env }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
