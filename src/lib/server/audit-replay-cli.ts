// `npm run audit:replay -- [--evaluation <id or name>] [--db <url>] [--key-file <path>]`: rebuilds
// each evaluation's results from its audit log alone and recomputes every published version with
// the scoring core; reports per version whether the recomputed result set has the published hash
// (a difference names the body and the field), and whether the tables now give the inputs the log
// does. Exit code 0 when everything is reproduced and the log verifies, 1 otherwise (a difference,
// a version the log cannot replay, a broken log), 2 when the command itself is wrong.
import { parseArgs } from 'node:util';
import { loadAuditKey } from './audit-key';
import { replayAudit, replayPasses, replayReportLines } from './audit-replay';
import { withExistingDatabase } from './audit-verify';
import { DEFAULT_DATABASE_URL, printableUrl } from './db/index';

const USAGE = 'usage: npm run audit:replay -- [--evaluation <id or name>] [--db <url>] [--key-file <path>]';

/** A mistake in the command line rather than in the log. */
class UsageError extends Error {}

try {
	const { values } = parseArgs({
		options: { evaluation: { type: 'string' }, db: { type: 'string' }, 'key-file': { type: 'string' } }
	});
	const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	const env = values['key-file'] ? { ...process.env, JURI_AUDIT_KEY: undefined, JURI_AUDIT_KEY_FILE: values['key-file'] } : process.env;
	const key = loadAuditKey({ env, databaseUrl: url, create: false });
	if (values['key-file'] && !key) throw new UsageError(`--key-file ${values['key-file']}: no such file`);
	const report = await withExistingDatabase(url, (db) => replayAudit(db, { key, evaluation: values.evaluation }));
	for (const line of replayReportLines(printableUrl(url), report)) console.log(line);
	if (!replayPasses(report)) process.exitCode = 1;
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) console.error(USAGE);
	process.exitCode = 2;
}
