/**
 * Everything `npm run audit:verify` checks, as one function over a database: the hash chain, the
 * anchors stored with result versions and certifications plus any given by hand, the MAC when the
 * key is at hand, and every score sheet against its audit row.
 */
import {
	checkAnchors,
	checkMacCoverage,
	crossCheckSheets,
	describeAuditFinding,
	formatAnchor,
	type AuditAnchor,
	type AuditFinding,
	type AuditHead,
	type MacStatus
} from '$lib/domain/audit';
import { existsSync } from 'node:fs';
import { chainBreaks } from './audit';
import { auditMac, type AuditKey } from './audit-key';
import { databaseFile, engineOf, integrityProblems, openDatabase, pendingMigrations, printableUrl, type DB, type Engine } from './db';

export interface AuditVerification {
	rows: number;
	head: AuditHead | null;
	/** Empty when every check passed. */
	findings: AuditFinding[];
	anchors: { stored: number; given: number };
	/** Result versions published before anchors were stored: nothing to compare them with. */
	unanchoredVersions: number;
	mac: { checked: false } | { checked: true; fingerprint: string; source: string; firstSigned: number | null };
	sheets: number;
}

export interface VerifyOptions {
	/** The audit key, or null to check everything but the MAC. */
	key: AuditKey | null;
	/** Anchors from outside the database: a document's stamp, a note in the minutes. */
	anchors?: readonly AuditAnchor[];
}

/**
 * Runs every check over the log and the tables anchored to it. Read-only.
 *
 * @example const report = await verifyAudit(db, { key, anchors: [{ ...parseAnchor('42:9f86…')!, source: '--anchor' }] }); // report.findings → []
 */
export async function verifyAudit(db: DB, { key, anchors = [] }: VerifyOptions): Promise<AuditVerification> {
	const [rows, versions, certifications, sheets] = await Promise.all([
		db.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
		db
			.selectFrom('result_versions')
			.innerJoin('evaluations', 'evaluations.id', 'result_versions.evaluation_id')
			.select(['result_versions.version', 'result_versions.audit_seq', 'result_versions.audit_hash', 'evaluations.name'])
			.orderBy('result_versions.created_at')
			.execute(),
		db
			.selectFrom('slots')
			.innerJoin('bodies', 'bodies.id', 'slots.body_id')
			.select(['slots.id', 'slots.certified_audit_seq', 'slots.certified_audit_hash', 'bodies.name'])
			.where('slots.certified_audit_seq', 'is not', null)
			.execute(),
		db.selectFrom('score_submissions').selectAll().execute()
	]);

	const stored: AuditAnchor[] = [
		...versions.flatMap((v) =>
			v.audit_seq === null || v.audit_hash === null
				? []
				: [{ seq: v.audit_seq, hash: v.audit_hash, source: `results version ${v.version} of "${v.name}"` }]
		),
		...certifications.map((c) => ({
			seq: c.certified_audit_seq!,
			hash: c.certified_audit_hash ?? '',
			source: `certification of ${c.name} (slot ${c.id})`
		}))
	];
	const hashes = new Map(rows.map((r) => [r.seq, r.hash]));
	const last = rows.at(-1);

	const findings: AuditFinding[] = [
		...chainBreaks(rows).map((b) => ({ kind: 'chain' as const, ...b })),
		...checkAnchors([...stored, ...anchors], (seq) => hashes.get(seq), last?.seq ?? 0)
	];

	let mac: AuditVerification['mac'] = { checked: false };
	if (key) {
		const statuses = rows.map((r) => ({ seq: r.seq, mac: macStatus(key, r.hash, r.mac) }));
		const coverage = checkMacCoverage(statuses);
		findings.push(...coverage.findings);
		mac = { checked: true, fingerprint: key.fingerprint, source: key.source, firstSigned: coverage.firstSigned };
	}

	findings.push(
		...crossCheckSheets(
			sheets.map((s) => ({
				id: s.id,
				slotId: s.slot_id,
				jurorId: s.juror_id,
				revision: s.revision,
				scores: parseJson(s.scores) as Record<string, number>,
				total: s.total
			})),
			rows
				.filter((r) => r.action === 'score.submit')
				.map((r) => ({ seq: r.seq, sheetId: r.entity_id, actorId: r.actor_id, after: parseJson(r.after) }))
		)
	);

	return {
		rows: rows.length,
		head: last ? { seq: last.seq, hash: last.hash } : null,
		findings,
		anchors: { stored: stored.length, given: anchors.length },
		unanchoredVersions: versions.filter((v) => v.audit_seq === null).length,
		mac,
		sheets: sheets.length
	};
}

function macStatus(key: AuditKey, hash: string, mac: string | null): MacStatus {
	if (mac === null) return 'absent';
	return auditMac(key, hash) === mac ? 'valid' : 'invalid';
}

/** A column edited into invalid JSON reads as null; the chain walk, the sheet check or the replay names it. */
export function parseJson(text: string | null): unknown {
	if (text === null) return null;
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/**
 * The verifier's printout: one line per problem (naming the row, anchor or sheet), then what was
 * checked and what was not.
 *
 * @example console.log(auditReportLines('db/juri.sqlite', report).join('\n'));
 */
export function auditReportLines(label: string, report: AuditVerification): string[] {
	const lines = report.findings.map(describeAuditFinding);
	const head = report.head ? `head ${formatAnchor(report.head)}` : 'empty';
	lines.push(
		report.findings.length === 0
			? `Audit log of ${label} verifies: ${report.rows} rows, ${head}.`
			: `Audit log of ${label} is BROKEN: ${report.findings.length} problem(s) above; ${report.rows} rows, ${head}.`
	);
	lines.push(`  hash chain: walked over all ${report.rows} rows`);
	lines.push(
		`  anchors: ${report.anchors.stored} stored with result versions and certifications, ${report.anchors.given} given` +
			(report.unanchoredVersions > 0 ? `; ${report.unanchoredVersions} result version(s) published before anchors were stored` : '')
	);
	if (!report.mac.checked) {
		lines.push('  MAC: NOT checked (no audit key: set JURI_AUDIT_KEY or JURI_AUDIT_KEY_FILE, or pass --key-file)');
	} else if (report.mac.firstSigned === null) {
		lines.push(`  MAC: key ${report.mac.fingerprint} (${report.mac.source}), but no row carries a MAC`);
	} else {
		const before =
			report.mac.firstSigned > 1 ? `; rows 1–${report.mac.firstSigned - 1} predate the key and rest on the hash chain alone` : '';
		lines.push(`  MAC: checked with key ${report.mac.fingerprint} (${report.mac.source}) from row ${report.mac.firstSigned}${before}`);
	}
	lines.push(`  score sheets: ${report.sheets} compared with their 'score.submit' rows, and every such row with its sheet`);
	return lines;
}

export interface DatabaseVerification {
	/** SQLite's own `integrity_check`: empty when the file is sound (always empty on PostgreSQL, which has none). */
	integrity: string[];
	audit: AuditVerification;
}

/**
 * Opens an existing database (see `withExistingDatabase`), runs the engine's integrity check and
 * `verifyAudit`, and closes it.
 *
 * @example const { integrity, audit } = await verifyDatabase('db/backups/juri-20261202-093000.sqlite', { key });
 */
export async function verifyDatabase(url: string, options: VerifyOptions): Promise<DatabaseVerification> {
	return withExistingDatabase(url, async (db, engine) => ({
		integrity: await integrityProblems(db, engine),
		audit: await verifyAudit(db, options)
	}));
}

/**
 * Opens an existing database for a check (never creates one: a SQLite file must exist), runs
 * `work` and closes it. Throws when there is no database or its schema is behind the app's.
 *
 * @example const report = await withExistingDatabase(url, (db) => verifyAudit(db, { key }));
 */
export async function withExistingDatabase<T>(url: string, work: (db: DB, engine: Engine) => Promise<T>): Promise<T> {
	const engine = engineOf(url);
	if (engine === 'sqlite' && !existsSync(databaseFile(url))) throw new Error(`There is no database at ${url}`);
	const db = openDatabase(url);
	try {
		const pending = await pendingMigrations(db);
		if (pending.length > 0)
			throw new Error(
				`${printableUrl(url)} lacks migrations ${pending.join(', ')}: migrate it first (DATABASE_URL=${printableUrl(url)} npm run db:migrate)`
			);
		return await work(db, engine);
	} finally {
		await db.destroy();
	}
}
