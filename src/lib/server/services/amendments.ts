/**
 * Stored corrections of result inputs (amendments): a prior-stage score, a juror's sheet, the
 * presentation score or the final score of a body, made by the secretariat, by a site visit's
 * outcome or by a re-import after the settings locked or results were published. Results are
 * always derived: `computeEvaluationResults` replays every stored amendment, in the order it was
 * made, onto the inputs before computing (`withStoredCorrections` of the scoring core), so every view of the results and the next published
 * version carry them. Amendments are never edited or deleted; a later one for the same body and
 * kind (and juror, for a sheet) wins.
 */
import type { Transaction } from 'kysely';
import type { ScoreSheet } from '$lib/domain/scoring';
import type { AmendmentPayload, Correction, CorrectionConsent } from '$lib/shared/results';
import type { DB } from '../db';
import type { AmendmentKind, Database, ScoreAmendmentTable } from '../db/schema';
import { notFound } from './errors';

type Reader = DB | Transaction<Database>;

/**
 * The evaluation's amendments in the order they were made, with the names of the body, the juror
 * (sheets) and who made it.
 *
 * @example const list = await storedAmendments(db, evaluationId); // [{ kind: 'prior_score', bodyName: 'Banten', value: 95.8, was: 83.7, … }]
 */
export async function storedAmendments(db: Reader, evaluationId: string): Promise<Correction[]> {
	const rows = await db
		.selectFrom('score_amendments as a')
		.innerJoin('bodies', 'bodies.id', 'a.body_id')
		.leftJoin('users as juror', 'juror.id', 'a.juror_id')
		.leftJoin('users as author', 'author.id', 'a.created_by')
		.selectAll('a')
		.select(['bodies.name as body_name', 'juror.name as juror_name', 'author.name as author_name'])
		.where('a.evaluation_id', '=', evaluationId)
		.orderBy('a.seq')
		.execute();
	return rows.map((r) => {
		const payload: AmendmentPayload = r.payload ? JSON.parse(r.payload) : { was: null };
		return {
			id: r.id,
			seq: r.seq,
			kind: r.kind,
			source: r.source,
			bodyId: r.body_id,
			bodyName: r.body_name,
			jurorId: r.juror_id,
			jurorName: r.juror_name,
			value: r.value,
			was: payload.was ?? null,
			sheet: payload.sheet ?? null,
			wasSheet: payload.wasSheet ?? null,
			reason: r.reason,
			decreeReference: r.decree_reference,
			consent: r.consent ? (JSON.parse(r.consent) as CorrectionConsent) : null,
			visitId: r.visit_id,
			createdBy: r.author_name,
			createdAt: r.created_at
		};
	});
}

/**
 * The prior scores bodies have now where a correction changed them: body id → latest corrected value.
 *
 * @example (await correctedPriorScores(db, evaluationId)).get(bantenId) // 95.8
 */
export async function correctedPriorScores(db: Reader, evaluationId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('score_amendments')
		.select(['body_id', 'value'])
		.where('evaluation_id', '=', evaluationId)
		.where('kind', '=', 'prior_score')
		.orderBy('seq')
		.execute();
	return new Map(rows.map((r) => [r.body_id, r.value]));
}

/**
 * Whether a change of prior scores is an amendment now: once the settings locked (scoring began),
 * a version was published or a result was corrected, a prior score is corrected (with a reason,
 * on the record), never overwritten.
 *
 * @example if (await priorScoresAmend(db, evaluationId)) requireReason();
 */
export async function priorScoresAmend(db: Reader, evaluationId: string): Promise<boolean> {
	const [evaluation, amendment] = await Promise.all([
		db
			.selectFrom('evaluations')
			.select(['settings_locked_at', 'published_result_version'])
			.where('id', '=', evaluationId)
			.executeTakeFirst(),
		db.selectFrom('score_amendments').select('id').where('evaluation_id', '=', evaluationId).limit(1).executeTakeFirst()
	]);
	if (!evaluation) throw notFound('Evaluation');
	return evaluation.settings_locked_at !== null || evaluation.published_result_version !== null || amendment !== undefined;
}

/** The prior score a body has now: its imported score, or its latest correction. */
export async function effectivePriorScore(db: Reader, evaluationId: string, bodyId: string): Promise<number | null> {
	const body = await db
		.selectFrom('bodies')
		.select('prior_score')
		.where('id', '=', bodyId)
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	if (!body) return null;
	return (await correctedPriorScores(db, evaluationId)).get(bodyId) ?? body.prior_score;
}

export interface NewAmendment {
	evaluationId: string;
	bodyId: string;
	kind: AmendmentKind;
	/** The corrected score; for a sheet, its total. */
	value: number;
	/** What the corrected value was before (the sheet's total for a sheet; null when there was none). */
	was: number | null;
	reason: string;
	source: ScoreAmendmentTable['source'];
	decreeReference: string | null;
	visitId?: string | null;
	jurorId?: string | null;
	sheet?: ScoreSheet;
	wasSheet?: ScoreSheet | null;
	consent?: CorrectionConsent | null;
	actorId: string;
	at: number;
}

/**
 * Stores one amendment; call it inside the transaction that audits it (the service's own). Returns
 * the stored row, which the audit row carries whole so that a replay of the log can rebuild it.
 *
 * @example const row = await insertAmendment(trx, { evaluationId, bodyId, kind: 'final_score', value: 98.31, was: 92.31, reason, source: 'secretariat', decreeReference: 'SK 2', actorId, at });
 */
export async function insertAmendment(trx: Transaction<Database>, a: NewAmendment): Promise<ScoreAmendmentTable> {
	const last = await trx
		.selectFrom('score_amendments')
		.select((eb) => eb.fn.max('seq').as('seq'))
		.where('evaluation_id', '=', a.evaluationId)
		.executeTakeFirst();
	const payload: AmendmentPayload = { was: a.was, ...(a.sheet ? { sheet: a.sheet, wasSheet: a.wasSheet ?? null } : {}) };
	const row: ScoreAmendmentTable = {
		id: crypto.randomUUID(),
		evaluation_id: a.evaluationId,
		seq: (last?.seq ?? 0) + 1,
		body_id: a.bodyId,
		kind: a.kind,
		value: a.value,
		reason: a.reason,
		source: a.source,
		visit_id: a.visitId ?? null,
		juror_id: a.jurorId ?? null,
		payload: JSON.stringify(payload),
		decree_reference: a.decreeReference,
		consent: a.consent ? JSON.stringify(a.consent) : null,
		created_by: a.actorId,
		created_at: a.at
	};
	await trx.insertInto('score_amendments').values(row).execute();
	return row;
}
