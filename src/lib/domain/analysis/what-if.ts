import { computeResults, diffResults, weightSensitivity } from '../scoring';
import type { EntryChange, ResultInputs, Rubric, ScoringRules, TieBreakKey, WeightChange } from '../scoring';

/** A change of weights to try: the stage weights, or one criterion's weight moved by `delta` points. */
export type WeightScenario =
	| { kind: 'stage'; prior: number; presentation: number }
	/** The other criteria give or take the difference in proportion to their weights, so the rubric still sums to 100. */
	| { kind: 'criterion'; code: string; delta: number };

export interface ScenarioEffect {
	scenario: WeightScenario;
	/** Bodies whose category or national rank would change. */
	rankChanged: number;
	/** Bodies whose band (qualification) would change. */
	bandChanged: number;
	affected: EntryChange[];
}

/** Stage weights tried around the evaluation's own: its prior weight ±5 and ±10 points. */
const STAGE_STEPS = [-10, -5, 5, 10];
/** Points a criterion's weight is moved by, each way. */
const CRITERION_STEP = 5;

/**
 * The weight changes worth showing for a rubric and rules: the prior stage's weight ±5 and ±10
 * points (within 0–100), and each criterion's weight ±5 points (while it stays above 0 and below 100).
 *
 * @example weightScenarios(rubric, rules)[0] // { kind: 'stage', prior: 60, presentation: 40 }
 */
export function weightScenarios(rubric: Rubric, rules: ScoringRules): WeightScenario[] {
	const prior = rules.stageWeights.prior;
	const stage: WeightScenario[] = STAGE_STEPS.map((step) => prior + step)
		.filter((p) => p >= 0 && p <= 100)
		.map((p) => ({ kind: 'stage', prior: p, presentation: 100 - p }));
	const criteria: WeightScenario[] = rubric.flatMap((c) =>
		[-CRITERION_STEP, CRITERION_STEP]
			.filter((delta) => rubric.length > 1 && c.weight + delta > 0 && c.weight + delta < 100)
			.map((delta) => ({ kind: 'criterion' as const, code: c.code, delta }))
	);
	return [...stage, ...criteria];
}

/** The weight change a scenario makes, as `weightSensitivity` takes it. */
function changeOf(scenario: WeightScenario, rubric: Rubric): WeightChange {
	if (scenario.kind === 'stage') return { stageWeights: { prior: scenario.prior, presentation: scenario.presentation } };
	const moved = rubric.find((c) => c.code === scenario.code);
	if (!moved) return { criterionWeights: { [scenario.code]: 0 } };
	const scale = (100 - (moved.weight + scenario.delta)) / (100 - moved.weight);
	return {
		criterionWeights: Object.fromEntries(
			rubric.map((c) => [c.code, c.code === scenario.code ? c.weight + scenario.delta : c.weight * scale])
		)
	};
}

/**
 * What each weight scenario would do to the results: how many bodies change rank or band, and who.
 * Nothing is published; the inputs are the evaluation's as they stand.
 * @throws ScoringError when a scenario makes the inputs invalid (e.g. a criterion not in the rubric).
 *
 * @example weightEffects(inputs, [{ kind: 'stage', prior: 80, presentation: 20 }])[0].rankChanged // 4
 */
export function weightEffects(inputs: ResultInputs, scenarios: readonly WeightScenario[]): ScenarioEffect[] {
	return scenarios.map((scenario) => {
		const { affected } = weightSensitivity(inputs, changeOf(scenario, inputs.rubric));
		return {
			scenario,
			rankChanged: affected.filter((c) => c.rankChanged).length,
			bandChanged: affected.filter((c) => c.bandChanged).length,
			affected
		};
	});
}

/** The chain a tie-break is shown with when the evaluation has none: presentation score, then the prior stage. */
export const SUGGESTED_TIE_BREAK: readonly TieBreakKey[] = [{ kind: 'presentation' }, { kind: 'prior' }];

export interface TieBreakEffect {
	/** The evaluation's chain ([] when it has none). */
	chain: TieBreakKey[];
	/** The chain it is compared with: none when the evaluation has one, SUGGESTED_TIE_BREAK otherwise. */
	alternative: TieBreakKey[];
	/** Bodies whose category rank differs between the two. */
	moves: { bodyId: string; categoryId: string; finalScore: number; rank: number; alternativeRank: number }[];
}

/**
 * What the tie-break chain does: the category ranks with the evaluation's chain against the ranks
 * without it (or, when it has none, against a suggested chain), body by body.
 *
 * @example tieBreakEffect(inputs).moves // [{ bodyId: 'jateng', finalScore: 98.31, rank: 2, alternativeRank: 3 }, …]
 */
export function tieBreakEffect(inputs: ResultInputs): TieBreakEffect {
	const chain = [...inputs.rules.tieBreak];
	const alternative = chain.length > 0 ? [] : [...SUGGESTED_TIE_BREAK];
	const current = computeResults(inputs);
	const other = computeResults({ ...inputs, rules: { ...inputs.rules, tieBreak: alternative } });
	const moves = diffResults(current, other)
		.changes.filter((c) => c.before.rankInCategory !== c.after.rankInCategory)
		.map((c) => ({
			bodyId: c.bodyId,
			categoryId: c.categoryId,
			finalScore: c.before.finalScore,
			rank: c.before.rankInCategory,
			alternativeRank: c.after.rankInCategory
		}))
		.sort((a, b) =>
			a.categoryId === b.categoryId ? a.rank - b.rank || a.alternativeRank - b.alternativeRank : a.categoryId < b.categoryId ? -1 : 1
		);
	return { chain, alternative, moves };
}
