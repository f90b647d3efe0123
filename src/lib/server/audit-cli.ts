// `npm run audit:verify -- [--anchor <seq>:<hash>]… [--db <url>] [--key-file <path>]`: checks the
// audit log of DATABASE_URL (or --db): its hash chain, every anchor stored with result versions and
// certifications and every --anchor given (e.g. from an exported document), the MAC when the audit
// key is at hand, and every score sheet against its audit row. One line per problem; exit code 1 on
// any problem, 2 when the command itself is wrong.
import { parseArgs } from 'node:util';
import { parseAnchor, type AuditAnchor } from '$lib/domain/audit';
import { loadAuditKey } from './audit-key';
import { auditReportLines, verifyDatabase } from './audit-verify';
import { DEFAULT_DATABASE_URL, printableUrl } from './db/index';

const USAGE = 'usage: npm run audit:verify -- [--anchor <seq>:<hash>]… [--db <url>] [--key-file <path>]';

/** A mistake in the command line rather than in the log. */
class UsageError extends Error {}

try {
	const { values } = parseArgs({
		options: { anchor: { type: 'string', multiple: true }, db: { type: 'string' }, 'key-file': { type: 'string' } }
	});
	const url = values.db ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
	const anchors: AuditAnchor[] = (values.anchor ?? []).map((text) => {
		const head = parseAnchor(text);
		if (!head) throw new UsageError(`--anchor ${text}: expected <seq>:<64 hex characters of the hash>`);
		return { ...head, source: '--anchor' };
	});
	const env = values['key-file'] ? { ...process.env, JURI_AUDIT_KEY: undefined, JURI_AUDIT_KEY_FILE: values['key-file'] } : process.env;
	const key = loadAuditKey({ env, databaseUrl: url, create: false });
	if (values['key-file'] && !key) throw new UsageError(`--key-file ${values['key-file']}: no such file`);
	const { integrity, audit } = await verifyDatabase(url, { key, anchors });
	for (const line of integrity) console.log(`integrity_check: ${line}`);
	for (const line of auditReportLines(printableUrl(url), audit)) console.log(line);
	if (integrity.length > 0 || audit.findings.length > 0) process.exitCode = 1;
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) console.error(USAGE);
	process.exitCode = 2;
}
