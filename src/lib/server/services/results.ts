import { computeResults, type JurorEntry, type ResultInputs, type ResultSet, type SlotScores } from '$lib/domain/scoring';
import { appendAudit, type AuditHead } from '../audit';
import { storedAmendments, withAmendments } from './amendments';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Evaluation, Slot } from '../db/schema';
import type { ServiceContext } from './context';
import { forbidden } from './errors';
import { loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';
import { commitLiveChange } from './transaction';

interface SheetRow {
	slot_id: string;
	juror_id: string;
	revision: number;
	scores: string;
}

/**
 * The jurors' entries for the given slots: each panel juror is scored (latest revision), recused
 * (a declared conflict with the slot's body) or absent. One query each, whatever the slot count.
 */
export async function jurorEntries(db: DB, slots: Pick<Slot, 'id' | 'panel_id' | 'body_id'>[]): Promise<Map<string, JurorEntry[]>> {
	const bySlot = new Map<string, JurorEntry[]>();
	if (slots.length === 0) return bySlot;
	const slotIds = slots.map((s) => s.id);
	const [seats, sheets, recusals] = await Promise.all([
		db
			.selectFrom('panel_jurors')
			.select(['panel_id', 'juror_id'])
			.where('panel_id', 'in', [...new Set(slots.map((s) => s.panel_id))])
			.orderBy('seat')
			.execute(),
		db.selectFrom('score_submissions').select(['slot_id', 'juror_id', 'revision', 'scores']).where('slot_id', 'in', slotIds).execute(),
		db
			.selectFrom('recusals')
			.select(['juror_id', 'body_id'])
			.where(
				'body_id',
				'in',
				slots.map((s) => s.body_id)
			)
			.execute()
	]);
	const latest = new Map<string, SheetRow>();
	for (const sheet of sheets) {
		const key = `${sheet.slot_id}:${sheet.juror_id}`;
		if ((latest.get(key)?.revision ?? 0) < sheet.revision) latest.set(key, sheet);
	}
	const recused = new Set(recusals.map((r) => `${r.juror_id}:${r.body_id}`));
	for (const slot of slots) {
		const entries: JurorEntry[] = seats
			.filter((seat) => seat.panel_id === slot.panel_id)
			.map(({ juror_id }) => {
				if (recused.has(`${juror_id}:${slot.body_id}`)) return { jurorId: juror_id, status: 'recused' };
				const sheet = latest.get(`${slot.id}:${juror_id}`);
				return sheet ? { jurorId: juror_id, status: 'scored', sheet: JSON.parse(sheet.scores) } : { jurorId: juror_id, status: 'absent' };
			});
		bySlot.set(slot.id, entries);
	}
	return bySlot;
}

export interface CertificationCheck {
	quorum: number;
	validCount: number;
	quorumMet: boolean;
	missing: { id: string; name: string }[];
}

/** Whether a closed slot can be certified: enough valid sheets, and who has not submitted. */
export async function certificationCheck(db: DB, evaluation: Evaluation, slot: Slot): Promise<CertificationCheck> {
	const entries = (await jurorEntries(db, [slot])).get(slot.id) ?? [];
	const absentIds = entries.filter((e) => e.status === 'absent').map((e) => e.jurorId);
	const names = absentIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', absentIds).execute() : [];
	const quorum = scoringRules(evaluation).aggregation.quorum;
	const validCount = entries.filter((e) => e.status === 'scored').length;
	return { quorum, validCount, quorumMet: validCount >= quorum, missing: names };
}

/**
 * The inputs of the results from the certified slots only (nothing a juror entered for an open slot
 * is read), corrections applied. `scope: 'presented'` takes only bodies with a certified slot (the
 * live leaderboard); `scope: 'all'` every body of the evaluation, non-presenters by its rule.
 * With them, each certified slot's panel in schedule order (the analysis reads jurors by panel).
 */
export async function evaluationResultInputs(
	db: DB,
	evaluationId: string,
	scope: 'presented' | 'all'
): Promise<{ inputs: ResultInputs; panelSlots: { bodyId: string; panelId: string }[] }> {
	const evaluation = await loadEvaluation(db, evaluationId);
	const [rubric, certified, bodies] = await Promise.all([
		loadRubric(db, evaluationId),
		db
			.selectFrom('slots')
			.select(['id', 'panel_id', 'body_id', 'position'])
			.where('evaluation_id', '=', evaluationId)
			.where('state', '=', 'certified')
			.execute(),
		db.selectFrom('bodies').select(['id', 'category_id', 'prior_score', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	const entries = await jurorEntries(db, certified);
	const slots: SlotScores[] = certified.map((s) => ({ bodyId: s.body_id, jurors: entries.get(s.id) ?? [] }));
	const presented = new Set(certified.map((s) => s.body_id));
	const inputs = {
		rubric,
		rules: scoringRules(evaluation),
		bodies: bodies
			.filter((b) => scope === 'all' || presented.has(b.id))
			.map((b) => ({ bodyId: b.id, categoryId: b.category_id, priorScore: b.prior_score, name: b.name })),
		slots
	};
	const panelSlots = [...certified]
		.sort((a, b) => (a.panel_id === b.panel_id ? a.position - b.position : a.panel_id < b.panel_id ? -1 : 1))
		.map((s) => ({ bodyId: s.body_id, panelId: s.panel_id }));
	// Corrections (e.g. from site visits) are inputs too: every view of the results carries them.
	return { inputs: withAmendments(inputs, await storedAmendments(db, evaluationId)), panelSlots };
}

/**
 * Results from the certified slots only (see `evaluationResultInputs`).
 *
 * @example const live = await computeEvaluationResults(db, evaluationId, 'presented');
 */
export async function computeEvaluationResults(db: DB, evaluationId: string, scope: 'presented' | 'all'): Promise<ResultSet> {
	return computeResults((await evaluationResultInputs(db, evaluationId, scope)).inputs);
}

/**
 * The secretariat publishes the official results: an immutable, hashed version that presenters may
 * then see for their own body. The version keeps the audit head of its own audit row (an anchor:
 * see `$lib/domain/audit`), which documents print and `npm run audit:verify` checks.
 */
export async function publishResults(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	reason: string
): Promise<{ version: number; hash: string; auditHead: AuditHead }> {
	if (actor.role !== 'admin') throw forbidden('Only the secretariat publishes results');
	const resultSet = await computeEvaluationResults(ctx.db, evaluationId, 'all');
	const { result, version } = await commitLiveChange(
		ctx.db,
		evaluationId,
		async (trx) => {
			const last = await trx
				.selectFrom('result_versions')
				.select((eb) => eb.fn.max('version').as('v'))
				.where('evaluation_id', '=', evaluationId)
				.executeTakeFirst();
			const resultVersion = (last?.v ?? 0) + 1;
			// The audit row first: the version stores the head that includes its own record.
			const auditHead = await appendAudit(trx, {
				actorId: actor.id,
				evaluationId,
				action: 'results.publish',
				entity: 'result_version',
				entityId: String(resultVersion),
				after: { version: resultVersion, hash: resultSet.hash, reason }
			});
			await trx
				.insertInto('result_versions')
				.values({
					id: crypto.randomUUID(),
					evaluation_id: evaluationId,
					version: resultVersion,
					hash: resultSet.hash,
					reason,
					result_set: JSON.stringify({ ...resultSet, version: resultVersion }),
					created_by: actor.id,
					created_at: Date.now(),
					audit_seq: auditHead.seq,
					audit_hash: auditHead.hash
				})
				.execute();
			await trx.updateTable('evaluations').set({ published_result_version: resultVersion }).where('id', '=', evaluationId).execute();
			return { version: resultVersion, hash: resultSet.hash, auditHead };
		},
		'public'
	);
	ctx.publisher.changed({ evaluationId, version, public: true });
	return result;
}

/** The row of the evaluation's published result version, or undefined before publication. */
async function publishedVersion(db: DB, evaluation: Evaluation) {
	if (evaluation.published_result_version === null) return undefined;
	return db
		.selectFrom('result_versions')
		.select(['result_set', 'audit_seq', 'audit_hash'])
		.where('evaluation_id', '=', evaluation.id)
		.where('version', '=', evaluation.published_result_version)
		.executeTakeFirst();
}

/** The published result set the presenters see, or null before publication. */
export async function publishedResults(db: DB, evaluation: Evaluation): Promise<ResultSet | null> {
	const row = await publishedVersion(db, evaluation);
	return row ? JSON.parse(row.result_set) : null;
}

/**
 * The audit anchor stored with the published version (null before publication, or for a version
 * published before anchors were stored): the secretariat's dashboard shows it next to the version.
 *
 * @example await publishedAnchor(db, evaluation) // → { seq: 1234, hash: '9f86…' }
 */
export async function publishedAnchor(db: DB, evaluation: Evaluation): Promise<AuditHead | null> {
	const row = await publishedVersion(db, evaluation);
	return row && row.audit_seq !== null && row.audit_hash !== null ? { seq: row.audit_seq, hash: row.audit_hash } : null;
}
