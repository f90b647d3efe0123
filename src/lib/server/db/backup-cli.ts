// `npm run db:backup [destination] [-- --db <url>]`: copies DATABASE_URL (or --db) while the app
// keeps running, to `destination` or db/backups/juri-YYYYMMDD-HHMMSS.sqlite, then verifies the copy
// (SQLite's integrity check and everything `npm run audit:verify` checks). Exit code 1 when the copy
// does not verify (it is kept: it is a faithful copy of what is live), 2 when no copy was made.
// SQLite only: on PostgreSQL it says to use pg_dump (exit code 2).
import { parseArgs } from 'node:util';
import { loadAuditKey } from '../audit-key';
import { auditReportLines } from '../audit-verify';
import { backupDatabase, defaultBackupPath, refusePostgres } from './backup';
import { DEFAULT_DATABASE_URL } from './index';

try {
	const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
	if (positionals.length > 1) throw new Error('usage: npm run db:backup [destination] [-- --db <url>]');
	const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	refusePostgres(url);
	const destination = positionals[0] ?? defaultBackupPath(url, new Date());
	// The live database's key: the copy's MACs were made with it.
	const key = loadAuditKey({ databaseUrl: url, create: false });
	const { path, bytes, verification } = await backupDatabase(url, destination, { key });
	console.log(`Backed up ${url} to ${path} (${(bytes / 1024).toFixed(0)} KB).`);
	console.log(`  integrity_check: ${verification.integrity.length === 0 ? 'ok' : verification.integrity.join('; ')}`);
	for (const line of auditReportLines(path, verification.audit)) console.log(line);
	if (verification.integrity.length > 0 || verification.audit.findings.length > 0) process.exitCode = 1;
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exitCode = 2;
}
