// `npm run db:restore <backup> [-- --db <url>]`: puts a verified backup in place of DATABASE_URL (or
// --db). Stop the app first: it refuses while the database is open. The replaced database is kept
// as <name>.replaced-YYYYMMDD-HHMMSS (with its -wal and -shm). Exit code 2 when nothing was restored.
// SQLite only: on PostgreSQL it says to use pg_restore.
import { parseArgs } from 'node:util';
import { formatAnchor } from '$lib/domain/audit';
import { loadAuditKey } from '../audit-key';
import { refusePostgres, restoreDatabase } from './backup';
import { DEFAULT_DATABASE_URL } from './index';

try {
	const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true });
	if (positionals.length !== 1) throw new Error('usage: npm run db:restore <backup file> [-- --db <url>]');
	const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	refusePostgres(url);
	const key = loadAuditKey({ databaseUrl: url, create: false });
	const { keptAs, verification } = await restoreDatabase(positionals[0], url, { key, now: new Date() });
	const head = verification.audit.head;
	console.log(
		`Restored ${positionals[0]} to ${url} (audit log verified: ${verification.audit.rows} rows, head ${head ? formatAnchor(head) : 'none'}).`
	);
	if (keptAs) console.log(`The database it replaced is kept as ${keptAs}.`);
	if (!verification.audit.mac.checked) console.log('MAC not checked: no audit key found for this database.');
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exitCode = 2;
}
