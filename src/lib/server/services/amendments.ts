/**
 * Stored corrections of result inputs (today: a prior/SAQ score corrected by a site visit).
 * Results are always derived: `computeEvaluationResults` replays every stored amendment, in the
 * order it was made, onto the inputs before computing, so the live leaderboard, the admin results
 * and the next published version all carry the correction. Amendments are never edited or
 * deleted; a later one for the same body simply wins.
 */
import type { Transaction } from 'kysely';
import { applyAmendment, type Amendment, type ResultInputs } from '$lib/domain/scoring';
import type { DB } from '../db';
import type { Database } from '../db/schema';

type Reader = DB | Transaction<Database>;

export interface StoredAmendment {
	id: string;
	seq: number;
	bodyId: string;
	bodyName: string;
	value: number;
	reason: string;
	visitId: string | null;
	createdAt: number;
}

/**
 * The evaluation's amendments in the order they were made, with the body's name.
 *
 * @example const list = await storedAmendments(db, evaluationId); // [{ bodyName: 'Banten', value: 95.8, reason: '…' }]
 */
export async function storedAmendments(db: Reader, evaluationId: string): Promise<StoredAmendment[]> {
	const rows = await db
		.selectFrom('score_amendments')
		.innerJoin('bodies', 'bodies.id', 'score_amendments.body_id')
		.select([
			'score_amendments.id',
			'score_amendments.seq',
			'score_amendments.body_id',
			'bodies.name',
			'score_amendments.value',
			'score_amendments.reason',
			'score_amendments.visit_id',
			'score_amendments.created_at'
		])
		.where('score_amendments.evaluation_id', '=', evaluationId)
		.orderBy('score_amendments.seq')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		seq: r.seq,
		bodyId: r.body_id,
		bodyName: r.name,
		value: r.value,
		reason: r.reason,
		visitId: r.visit_id,
		createdAt: r.created_at
	}));
}

/**
 * The inputs with the stored amendments applied in order. An amendment of a body outside the
 * inputs (the live leaderboard ranks only bodies that presented) does not concern them and is
 * skipped.
 *
 * @example const inputs = withAmendments(raw, await storedAmendments(db, evaluationId));
 */
export function withAmendments(inputs: ResultInputs, amendments: readonly StoredAmendment[]): ResultInputs {
	const present = new Set(inputs.bodies.map((b) => b.bodyId));
	return amendments
		.filter((a) => present.has(a.bodyId))
		.reduce(
			(acc, a) => applyAmendment(acc, { kind: 'prior_score', bodyId: a.bodyId, priorScore: a.value, reason: a.reason } satisfies Amendment),
			inputs
		);
}

/** The prior score a body has now: its imported score, or its latest correction. */
export async function effectivePriorScore(db: Reader, evaluationId: string, bodyId: string): Promise<number | null> {
	const [body, latest] = await Promise.all([
		db.selectFrom('bodies').select('prior_score').where('id', '=', bodyId).where('evaluation_id', '=', evaluationId).executeTakeFirst(),
		db
			.selectFrom('score_amendments')
			.select('value')
			.where('evaluation_id', '=', evaluationId)
			.where('body_id', '=', bodyId)
			.orderBy('seq', 'desc')
			.limit(1)
			.executeTakeFirst()
	]);
	if (!body) return null;
	return latest?.value ?? body.prior_score;
}

/**
 * Stores a prior-score correction made by a visit; call it inside the transaction that records
 * the visit's outcome (and its audit row). Returns the stored row.
 */
export async function recordPriorScoreAmendment(
	trx: Transaction<Database>,
	amendment: { evaluationId: string; bodyId: string; value: number; reason: string; visitId: string | null; actorId: string; at: number }
) {
	const last = await trx
		.selectFrom('score_amendments')
		.select((eb) => eb.fn.max('seq').as('seq'))
		.where('evaluation_id', '=', amendment.evaluationId)
		.executeTakeFirst();
	const row = {
		id: crypto.randomUUID(),
		evaluation_id: amendment.evaluationId,
		seq: (last?.seq ?? 0) + 1,
		body_id: amendment.bodyId,
		kind: 'prior_score' as const,
		value: amendment.value,
		reason: amendment.reason,
		source: 'visit' as const,
		visit_id: amendment.visitId,
		created_by: amendment.actorId,
		created_at: amendment.at
	};
	await trx.insertInto('score_amendments').values(row).execute();
	return row;
}
