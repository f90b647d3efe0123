/**
 * The results analysis for the secretariat: the results as they stand (certified slots, corrections
 * applied) turned into chart data by the domain (`$lib/domain/analysis`), with the names to label it.
 * Reads only; nothing is published or stored.
 */
import { z } from 'zod';
import {
	jurorDeviations,
	priorVersusPresentation,
	scoreDistribution,
	tieBreakEffect,
	weightEffects,
	weightScenarios
} from '$lib/domain/analysis';
import { computeResults, ScoringError, type ResultInputs } from '$lib/domain/scoring';
import type { ResultsAnalysis } from '$lib/shared/analysis';
import { typedNumberField } from '$lib/shared/typed-number';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { refusal, secretariatOnly } from './errors';
import { loadEvaluation } from './evaluation-rules';
import { evaluationResultInputs } from './results';
import { publishedVersion } from './results/versions';

/** The results, or a refusal saying why there are none yet (no rubric, invalid settings). */
function resultsOrRefusal(inputs: ResultInputs) {
	try {
		return computeResults(inputs);
	} catch (e) {
		if (e instanceof ScoringError)
			throw refusal('invalid_state', 'nothing_to_analyse', `There are no results to analyse yet: ${e.message}`);
		throw e;
	}
}

/** The page's query: a prior-stage weight to try (the presentation takes the rest). */
export const analysisQuery = z.object({ prior: typedNumberField({ min: 0, max: 100, optional: true }) });

/**
 * Everything the analysis page charts, for the evaluation's results as they stand now. `raw` is the
 * page's query; a weight that is no number 0–100 comes back as `weights.tried.error`, the rest of
 * the analysis is built all the same.
 *
 * @example const analysis = await resultsAnalysis(ctx, admin, evaluationId, { prior: '80' });
 */
export async function resultsAnalysis(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	raw: unknown
): Promise<ResultsAnalysis> {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat sees the results analysis');
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	const { inputs, panelSlots } = await evaluationResultInputs(ctx.db, evaluationId, 'all');
	const results = resultsOrRefusal(inputs);
	const [published, categories, bodies, jurors, panels] = await Promise.all([
		publishedVersion(ctx.db, evaluation).then((v) => v?.resultSet ?? null),
		ctx.db.selectFrom('categories').select(['id', 'name']).where('evaluation_id', '=', evaluationId).orderBy('sort_order').execute(),
		ctx.db.selectFrom('bodies').select(['id', 'name', 'short_name']).where('evaluation_id', '=', evaluationId).execute(),
		ctx.db
			.selectFrom('panel_jurors')
			.innerJoin('panels', 'panels.id', 'panel_jurors.panel_id')
			.innerJoin('users', 'users.id', 'panel_jurors.juror_id')
			.select(['users.id', 'users.name'])
			.where('panels.evaluation_id', '=', evaluationId)
			.execute(),
		ctx.db.selectFrom('panels').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	const query = analysisQuery.safeParse(raw);
	const typed = typeof (raw as { prior?: unknown })?.prior === 'string' ? String((raw as { prior: string }).prior) : '';
	const prior = query.success ? query.data.prior : undefined;
	const stage = inputs.rules.stageWeights;
	return {
		priorStageLabel: evaluation.prior_stage_label,
		published: published ? { version: published.version, pending: published.hash !== results.hash } : null,
		categories,
		bodies: Object.fromEntries(bodies.map((b) => [b.id, { name: b.name, shortName: b.short_name }])),
		jurors: Object.fromEntries(jurors.map((j) => [j.id, j.name])),
		panels: Object.fromEntries(panels.map((p) => [p.id, p.name])),
		bands: inputs.rules.bands,
		distribution: scoreDistribution(
			results.entries,
			inputs.rules.bands,
			categories.map((c) => c.id)
		),
		stages: priorVersusPresentation(results.entries),
		deviations: jurorDeviations(results.entries, panelSlots),
		weights: {
			stage,
			rubric: inputs.rubric.map((c) => ({ code: c.code, name: c.name, weight: c.weight })),
			effects: weightEffects(inputs, weightScenarios(inputs.rubric, inputs.rules)),
			tried: !query.success
				? { error: query.error.issues[0]?.message ?? 'not_a_number', typed }
				: prior === undefined
					? null
					: { effect: weightEffects(inputs, [{ kind: 'stage', prior, presentation: 100 - prior }])[0] }
		},
		tieBreak: tieBreakEffect(inputs)
	};
}
