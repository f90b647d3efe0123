/**
 * The full after-state that audit rows carry for a replay of the log (`ReplayPayload` of
 * `$lib/domain/audit`), read from the tables inside the transaction that makes the change, where
 * the rest of the row's `after` is a summary.
 */
import type { Transaction } from 'kysely';
import { REPLAY_FORMAT, type CertifiedSlot, type ReplayBody, type ReplayPayload } from '$lib/domain/audit';
import type { Database } from '../db/schema';
import { loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';

type Trx = Transaction<Database>;

/** The given bodies (all of the evaluation's when `ids` is left out) as results read them. */
async function replayBodies(trx: Trx, evaluationId: string, ids?: readonly string[]): Promise<ReplayBody[]> {
	if (ids?.length === 0) return [];
	let query = trx.selectFrom('bodies').select(['id', 'category_id', 'prior_score']).where('evaluation_id', '=', evaluationId);
	if (ids) query = query.where('id', 'in', ids);
	const rows = await query.orderBy('id').execute();
	return rows.map((r) => ({ id: r.id, categoryId: r.category_id, priorScore: r.prior_score }));
}

/**
 * Bodies a change created or updated, whole: what a body import's row carries.
 *
 * @example after: { ...summary, replay: await bodiesState(trx, evaluationId, [...createdIds, ...updatedIds]) }
 */
export async function bodiesState(trx: Trx, evaluationId: string, ids: readonly string[]): Promise<ReplayPayload> {
	return { format: REPLAY_FORMAT, bodies: await replayBodies(trx, evaluationId, ids) };
}

/**
 * A new evaluation's whole setup (rules, rubric, bodies): what its creation row carries.
 *
 * @example after: { source: 'preset', replay: await createdState(trx, id) }
 */
export async function createdState(trx: Trx, evaluationId: string): Promise<ReplayPayload> {
	const [evaluation, rubric, bodies] = await Promise.all([
		loadEvaluation(trx, evaluationId),
		loadRubric(trx, evaluationId),
		replayBodies(trx, evaluationId)
	]);
	return { format: REPLAY_FORMAT, rules: scoringRules(evaluation), rubric, bodies };
}

/**
 * Who could score a slot as it is certified: its panel's seats in order and the jurors recused from
 * its body. Neither can change afterwards (panels and recusals are refused once scoring opened).
 *
 * @example after: { ...changes, replay: await certifiedState(trx, slot) }
 */
export async function certifiedState(trx: Trx, slot: { panel_id: string; body_id: string }): Promise<ReplayPayload> {
	const seats = await trx.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', slot.panel_id).orderBy('seat').execute();
	const jurorIds = seats.map((s) => s.juror_id);
	const recused = jurorIds.length
		? await trx.selectFrom('recusals').select('juror_id').where('body_id', '=', slot.body_id).where('juror_id', 'in', jurorIds).execute()
		: [];
	const certified: CertifiedSlot = { bodyId: slot.body_id, seats: jurorIds, recused: recused.map((r) => r.juror_id).sort() };
	return { format: REPLAY_FORMAT, slot: certified };
}
