/**
 * Item 12 of the hardening issue: `npm run db:backup` copies the live database while the app keeps
 * writing, and the copy restores (`npm run db:restore`) to a database whose audit chain, anchors,
 * MACs and score sheets verify and whose results hash to the published version's hash. A restore
 * over a database that is open is refused. Real SQLite, real services, the CLIs run as processes.
 * On PostgreSQL both CLIs refuse and name pg_dump and pg_restore, the server's own tools.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { verifyAudit } from '$lib/server/audit-verify';
import { openDatabase, type DB } from '$lib/server/db';
import { POSTGRES_BACKUPS } from '$lib/server/db/backup';
import { computeEvaluationResults } from '$lib/server/services/results';
import { submitScores } from '$lib/server/services/scoring';
import { auditRows, KEY, runCli, runSession, type Session } from './audit-support';
import { flatSheet, newSubmissionId } from './harness';
import { testPostgresServer } from '../support/test-database';

const BACKUP = 'src/lib/server/db/backup-cli.ts';
const RESTORE = 'src/lib/server/db/restore-cli.ts';

let session: Session | null = null;
let restored: DB | null = null;
afterEach(async () => {
	await restored?.destroy();
	await session?.app.close();
	session = restored = null;
});

const sheetCount = async (db: DB) => (await db.selectFrom('score_submissions').select('id').execute()).length;

const onPostgres = testPostgresServer() !== null;

describe.skipIf(onPostgres)('SQLite files', () => {
	test('a backup taken mid-session while writes continue restores to a database whose results and audit chain verify', async () => {
		session = await runSession();
		const { app, fx, jurors, path, keyFile, published } = session;
		const keyVars = { JURI_AUDIT_KEY_FILE: keyFile };

		// The next slot is being scored: the jurors keep (re)submitting all through the backup.
		const slotId = fx.panelA.slots[1].id;
		await app.drive(slotId, 'open_scoring');
		let writing = true;
		let written = 0;
		const writer = (async () => {
			while (writing) {
				const scores = flatSheet(50 + (written % 50));
				await submitScores(app.ctx, jurors[written % 3], { slotId, submissionId: newSubmissionId('mid'), scores });
				written++;
				// SQLite answers synchronously: without a turn of the event loop, the backup's exit would never be heard.
				await new Promise((resolve) => setImmediate(resolve));
			}
		})();
		const sheetsAtStart = await sheetCount(app.db);
		const writtenAtStart = written;
		const backupFile = join(dirname(path), 'backups', 'mid-session.sqlite');
		const backup = await runCli(BACKUP, [backupFile, '--db', path], keyVars);
		writing = false;
		await writer;
		const sheetsAtEnd = await sheetCount(app.db);

		expect(backup.stderr).toBe('');
		expect(backup.code).toBe(0);
		expect(backup.stdout).toContain(`Backed up ${path} to ${backupFile}`);
		expect(backup.stdout).toContain('integrity_check: ok');
		expect(backup.stdout).toMatch(/^Audit log of .*mid-session\.sqlite verifies: /m);
		expect(backup.stdout).toContain(`MAC: checked with key ${KEY.fingerprint}`);
		expect(written).toBeGreaterThan(writtenAtStart);

		// Restored to a new place, as on a spare machine.
		const target = join(dirname(path), 'restored', 'juri.sqlite');
		const restore = await runCli(RESTORE, [backupFile, '--db', target], keyVars);
		expect(restore.stderr).toBe('');
		expect(restore.code).toBe(0);
		expect(restore.stdout).toMatch(
			/^Restored .*mid-session\.sqlite to .*restored\/juri\.sqlite \(audit log verified: \d+ rows, head \d+:[0-9a-f]{64}\)\.$/m
		);

		restored = openDatabase(target);
		// A snapshot from the middle: every sheet committed before the copy started, some of those during it, none after.
		const sheets = await sheetCount(restored);
		expect(sheets).toBeGreaterThanOrEqual(sheetsAtStart);
		expect(sheets).toBeLessThanOrEqual(sheetsAtEnd);
		const report = await verifyAudit(restored, {
			key: KEY,
			anchors: [{ ...published.auditHead, source: 'the published version, from the live database' }]
		});
		expect(report.findings).toEqual([]);
		expect(report).toMatchObject({ anchors: { stored: 2, given: 1 }, sheets, mac: { checked: true, firstSigned: 1 } });
		expect((await auditRows(restored)).filter((r) => r.action === 'score.submit')).toHaveLength(sheets);

		// The results recompute, from the restored sheets, to the hash published before the backup.
		const version = await restored.selectFrom('result_versions').selectAll().executeTakeFirstOrThrow();
		expect(version.hash).toBe(published.hash);
		expect((await computeEvaluationResults(restored, fx.evaluationId, 'all')).hash).toBe(published.hash);
	});

	test('a restore over a database that is open (the app running) is refused and changes nothing', async () => {
		session = await runSession();
		const { app, path, keyFile } = session;
		const backupFile = join(dirname(path), 'backups', 'refused.sqlite');
		expect((await runCli(BACKUP, [backupFile, '--db', path], { JURI_AUDIT_KEY_FILE: keyFile })).code).toBe(0);
		const rowsBefore = await auditRows(app.db);

		const restore = await runCli(RESTORE, [backupFile, '--db', path], { JURI_AUDIT_KEY_FILE: keyFile });
		expect(restore.code).toBe(2);
		expect(restore.stderr).toContain(`${path} is open in another process: stop the app before restoring`);
		expect(await auditRows(app.db)).toEqual(rowsBefore);
		expect(readdirSync(dirname(path)).filter((f) => f.includes('.replaced-'))).toEqual([]);

		// A second backup to the same name is refused too: a backup never overwrites another.
		const again = await runCli(BACKUP, [backupFile, '--db', path], { JURI_AUDIT_KEY_FILE: keyFile });
		expect(again.code).toBe(2);
		expect(again.stderr).toContain(`${backupFile} already exists`);
		expect(existsSync(backupFile)).toBe(true);
	});
});

describe.runIf(onPostgres)('PostgreSQL', () => {
	test('db:backup and db:restore refuse, naming pg_dump and pg_restore, and change nothing', async () => {
		session = await runSession();
		const { app, path, keyFile } = session;
		const rowsBefore = await auditRows(app.db);
		const backupFile = join(app.database.dir, 'backups', 'refused.sqlite');
		for (const [cli, args] of [
			[BACKUP, [backupFile, '--db', path]],
			[RESTORE, [backupFile, '--db', path]]
		] as const) {
			const run = await runCli(cli, [...args], { JURI_AUDIT_KEY_FILE: keyFile });
			expect(run.code).toBe(2);
			expect(run.stderr.trim()).toBe(POSTGRES_BACKUPS);
		}
		expect(existsSync(backupFile)).toBe(false);
		expect(await auditRows(app.db)).toEqual(rowsBefore);
	});
});
