import type { Criterion, ScoringRules } from '$lib/domain/scoring';
import type { EventZone } from '$lib/domain/setup/event-zone';
import type { DB } from '../db';
import type { Evaluation } from '../db/schema';
import { notFound } from './errors';

/** The evaluation's scoring rules, as the domain takes them. */
export function scoringRules(evaluation: Evaluation): ScoringRules {
	return {
		stageWeights: { prior: evaluation.prior_weight, presentation: evaluation.presentation_weight },
		nonPresenter: evaluation.non_presenter,
		bands: JSON.parse(evaluation.bands),
		aggregation: JSON.parse(evaluation.aggregation),
		tieBreak: JSON.parse(evaluation.tie_break),
		divergenceTolerance: evaluation.divergence_tolerance
	};
}

export async function loadEvaluation(db: DB, evaluationId: string): Promise<Evaluation> {
	const evaluation = await db.selectFrom('evaluations').selectAll().where('id', '=', evaluationId).executeTakeFirst();
	if (!evaluation) throw notFound('Evaluation');
	return evaluation;
}

/** The zone of the evaluation's clocks: what a typed time means, and how every time is shown. */
export async function eventZoneOf(db: DB, evaluationId: string): Promise<EventZone> {
	const evaluation = await db.selectFrom('evaluations').select('time_zone').where('id', '=', evaluationId).executeTakeFirst();
	if (!evaluation) throw notFound('Evaluation');
	return evaluation.time_zone;
}

export async function loadRubric(db: DB, evaluationId: string): Promise<Criterion[]> {
	const rows = await db.selectFrom('criteria').selectAll().where('evaluation_id', '=', evaluationId).orderBy('sort_order').execute();
	return rows.map((r) => ({
		code: r.code,
		name: r.name,
		description: r.description,
		weight: r.weight,
		min: r.min,
		max: r.max,
		step: r.step,
		levels: r.levels ? JSON.parse(r.levels) : []
	}));
}

/** Writes a rubric's criteria in their order: the counterpart of `loadRubric`. */
export async function insertCriteria(db: DB, evaluationId: string, criteria: readonly Criterion[]): Promise<void> {
	if (criteria.length === 0) return;
	await db
		.insertInto('criteria')
		.values(
			criteria.map((c, i) => ({
				id: crypto.randomUUID(),
				evaluation_id: evaluationId,
				code: c.code,
				name: c.name,
				description: c.description,
				weight: c.weight,
				min: c.min,
				max: c.max,
				step: c.step,
				levels: c.levels?.length ? JSON.stringify(c.levels) : null,
				sort_order: i
			}))
		)
		.execute();
}
