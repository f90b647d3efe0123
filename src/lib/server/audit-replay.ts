/**
 * Everything `npm run audit:replay` checks, over a database: each evaluation's results rebuilt
 * from its audit rows alone (`replayEvaluation` of `$lib/domain/audit`), every published version
 * recomputed and compared with the hash its audit row recorded and with the version as stored, and
 * the inputs the log leaves compared with those the tables give now. Read-only.
 */
import {
	inputDifferences,
	replayEvaluation,
	resultDifferences,
	type ReplayDifference,
	type ReplayGap,
	type VersionReplay
} from '$lib/domain/audit';
import type { ResultSet } from '$lib/domain/scoring';
import type { AuditKey } from './audit-key';
import { parseJson, verifyAudit } from './audit-verify';
import type { DB } from './db';
import { evaluationResultInputs } from './services/results';

export type ReplayStatus =
	/** Recomputed from the log to the hash its row recorded, and stored exactly so. */
	| 'reproduced'
	/** Recomputed to another hash, or stored otherwise than recomputed: `differences` says where. */
	| 'differs'
	/** The log lacks what a replay needs before this point: `gap` names the row. */
	| 'not_replayable'
	/** The scoring core refused the inputs the log rebuilds. */
	| 'failed';

export interface VersionCheck {
	version: number;
	/** The 'results.publish' row; null for a stored version the log does not record. */
	seq: number | null;
	loggedHash: string | null;
	/** As the result_versions table holds it; null when the table has no such version. */
	storedHash: string | null;
	recomputedHash: string | null;
	status: ReplayStatus;
	/** Recomputed (log) against stored (database), body by body. */
	differences: ReplayDifference[];
	gap?: ReplayGap;
	message?: string;
}

export interface EvaluationReplayReport {
	evaluationId: string;
	name: string;
	rows: number;
	versions: VersionCheck[];
	/** The inputs the whole log leaves against those the tables give now. */
	tables: { status: ReplayStatus; differences: ReplayDifference[]; gap?: ReplayGap; message?: string };
	/** Names for the report: body and juror ids → names, as the tables hold them now. */
	names: Map<string, string>;
}

export interface ReplayReport {
	evaluations: EvaluationReplayReport[];
	/** The audit log's own checks (`npm run audit:verify`): how far the rows replayed can be trusted. */
	logFindings: number;
	macChecked: boolean;
}

/** A replay's status and, where it could not run, why. */
function outcome(replay: VersionReplay): Pick<VersionCheck, 'status' | 'gap' | 'message'> {
	if (replay.kind === 'not_replayable') return { status: 'not_replayable', gap: replay.gap };
	if (replay.kind === 'failed') return { status: 'failed', message: replay.message };
	return { status: 'reproduced' };
}

/**
 * Replays one evaluation. `evaluationId` must exist.
 *
 * @example const report = await replayAuditOf(db, evaluationId); report.versions.every((v) => v.status === 'reproduced')
 */
export async function replayAuditOf(db: DB, evaluationId: string): Promise<EvaluationReplayReport> {
	const [evaluation, rows, stored, bodies, people] = await Promise.all([
		db.selectFrom('evaluations').select(['id', 'name']).where('id', '=', evaluationId).executeTakeFirstOrThrow(),
		db
			.selectFrom('audit_log')
			.select(['seq', 'action', 'actor_id', 'entity_id', 'after'])
			.where('evaluation_id', '=', evaluationId)
			.orderBy('seq')
			.execute(),
		db.selectFrom('result_versions').select(['version', 'hash', 'result_set']).where('evaluation_id', '=', evaluationId).execute(),
		db.selectFrom('bodies').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute(),
		db.selectFrom('users').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	const replay = replayEvaluation(
		rows.map((r) => ({ seq: r.seq, action: r.action, actorId: r.actor_id, entityId: r.entity_id, after: parseJson(r.after) }))
	);
	const storedBy = new Map(stored.map((v) => [v.version, v]));

	const versions: VersionCheck[] = replay.versions.map((v) => {
		const row = storedBy.get(v.version);
		storedBy.delete(v.version);
		const check: VersionCheck = {
			version: v.version,
			seq: v.seq,
			loggedHash: v.loggedHash,
			storedHash: row?.hash ?? null,
			recomputedHash: v.replay.kind === 'recomputed' ? v.replay.resultSet.hash : null,
			differences: [],
			...outcome(v.replay)
		};
		if (v.replay.kind !== 'recomputed') return check;
		const published = row ? (parseJson(row.result_set) as ResultSet | null) : null;
		check.differences = published?.entries ? resultDifferences(v.replay.resultSet, published) : [];
		const reproduced =
			check.recomputedHash === v.loggedHash && row?.hash === v.loggedHash && published !== null && check.differences.length === 0;
		return reproduced ? check : { ...check, status: 'differs' };
	});
	// A version in the table that no 'results.publish' row records was published outside the app.
	for (const row of storedBy.values())
		versions.push({
			version: row.version,
			seq: null,
			loggedHash: null,
			storedHash: row.hash,
			recomputedHash: null,
			status: 'differs',
			differences: []
		});
	versions.sort((a, b) => a.version - b.version);

	let tables: EvaluationReplayReport['tables'] = { differences: [], ...outcome(replay.now) };
	if (replay.now.kind === 'recomputed') {
		const differences = inputDifferences(replay.now.inputs, (await evaluationResultInputs(db, evaluationId, 'all')).inputs);
		tables = { status: differences.length === 0 ? 'reproduced' : 'differs', differences };
	}
	const names = new Map([...bodies, ...people].map((r) => [r.id, r.name]));
	return { evaluationId, name: evaluation.name, rows: replay.rows, versions, tables, names };
}

export interface ReplayOptions {
	/** The audit key, or null to check the log without its MAC. */
	key: AuditKey | null;
	/** One evaluation's id or exact name; every evaluation when left out. */
	evaluation?: string;
}

/**
 * The log's own checks, then a replay of each evaluation chosen.
 * @throws Error when `evaluation` names none.
 *
 * @example const report = await replayAudit(db, { key, evaluation: 'Monev KIP 2023 — Presentasi' });
 */
export async function replayAudit(db: DB, { key, evaluation }: ReplayOptions): Promise<ReplayReport> {
	let query = db.selectFrom('evaluations').select('id').orderBy('created_at').orderBy('id');
	if (evaluation !== undefined) query = query.where((eb) => eb.or([eb('id', '=', evaluation), eb('name', '=', evaluation)]));
	const chosen = await query.execute();
	if (evaluation !== undefined && chosen.length === 0) throw new Error(`No evaluation has the id or name "${evaluation}"`);
	const log = await verifyAudit(db, { key });
	const evaluations: EvaluationReplayReport[] = [];
	for (const { id } of chosen) evaluations.push(await replayAuditOf(db, id));
	return { evaluations, logFindings: log.findings.length, macChecked: log.mac.checked };
}

/** Whether everything replayed reproduced and the log itself verifies: exit code 0. */
export function replayPasses(report: ReplayReport): boolean {
	return (
		report.logFindings === 0 &&
		report.evaluations.every((e) => e.tables.status === 'reproduced' && e.versions.every((v) => v.status === 'reproduced'))
	);
}

const short = (hash: string | null) => (hash ? `${hash.slice(0, 16)}…` : 'none');
const value = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function gapText(gap: ReplayGap): string {
	if (gap.seq === 0) return `NOT REPLAYABLE from this log: ${gap.missing}`;
	return `NOT REPLAYABLE from here: row ${gap.seq} ('${gap.action}') lacks ${gap.missing} (written before audit rows carried full after-state)`;
}

function differenceLines(differences: readonly ReplayDifference[], names: Map<string, string>, sides: [string, string]): string[] {
	return differences.map((d) => {
		const body = d.bodyId === null ? 'the evaluation' : (names.get(d.bodyId) ?? d.bodyId);
		const juror = d.jurorId ? `, juror ${names.get(d.jurorId) ?? d.jurorId}` : '';
		return `    ${body}${juror}: ${d.field}: ${sides[0]} ${value(d.log)}, ${sides[1]} ${value(d.database)}`;
	});
}

/**
 * The replay's printout: per evaluation, one line per published version and one for the tables
 * now, each difference named by body (and juror) and field; then what the replay rests on.
 *
 * @example console.log(replayReportLines('db/juri.sqlite', report).join('\n'));
 */
export function replayReportLines(label: string, report: ReplayReport): string[] {
	const lines: string[] = [];
	for (const e of report.evaluations) {
		lines.push(`"${e.name}" (${e.evaluationId}): ${e.rows} audit rows replayed`);
		if (e.versions.length === 0) lines.push('  no published version');
		for (const v of e.versions) {
			const head = `  version ${v.version}${v.seq === null ? '' : ` (row ${v.seq})`}: `;
			if (v.seq === null) lines.push(`${head}DIFFERS: stored with hash ${short(v.storedHash)}, but no 'results.publish' row records it`);
			else if (v.status === 'reproduced')
				lines.push(`${head}reproduced: recomputed from the log to the published hash ${short(v.loggedHash)}`);
			else if (v.status === 'not_replayable') lines.push(head + gapText(v.gap!));
			else if (v.status === 'failed') lines.push(`${head}FAILED: the scoring core refused the inputs the log rebuilds: ${v.message}`);
			else {
				const stored = v.storedHash === v.loggedHash ? '' : `; stored with ${short(v.storedHash)}`;
				lines.push(`${head}DIFFERS: recomputed ${short(v.recomputedHash)}, published ${short(v.loggedHash)}${stored}`);
				lines.push(...differenceLines(v.differences, e.names, ['recomputed', 'published']));
			}
		}
		const t = e.tables;
		if (t.status === 'reproduced') lines.push('  tables now: give the same result inputs as the log');
		else if (t.status === 'not_replayable') lines.push(`  tables now: ${gapText(t.gap!)}`);
		else if (t.status === 'failed') lines.push(`  tables now: FAILED: ${t.message}`);
		else {
			lines.push('  tables now: DIFFER from the log (changed outside the app):');
			lines.push(...differenceLines(t.differences, e.names, ['log', 'database']));
		}
	}
	const passes = replayPasses(report);
	lines.push(
		passes
			? `Replay of ${label}: every published version is reproduced from the audit log.`
			: `Replay of ${label}: NOT everything is reproduced; see above.`
	);
	lines.push(
		report.logFindings === 0
			? `  audit log: verifies (hash chain, anchors, sheets${report.macChecked ? ', MAC' : '; MAC NOT checked: no audit key'})`
			: `  audit log: BROKEN (${report.logFindings} problem(s)): run npm run audit:verify for each`
	);
	return lines;
}
