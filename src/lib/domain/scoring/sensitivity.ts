import { diffResults } from './diff';
import type { EntryChange } from './diff';
import { ScoringError } from './errors';
import { computeResults } from './results';
import type { ResultInputs, ResultSet, ScoringRules } from './types';

/** A proposed change of weights; what is not given stays as it is. */
export interface WeightChange {
	stageWeights?: ScoringRules['stageWeights'];
	/** Criterion code → new weight; the resulting rubric must still sum to 100. */
	criterionWeights?: Readonly<Record<string, number>>;
}

export interface SensitivityReport {
	baseline: ResultSet;
	proposal: ResultSet;
	/** Bodies whose rank (category or national) or band would change. */
	affected: EntryChange[];
}

/**
 * Which bodies would change rank or band under proposed stage or criterion
 * weights. Nothing is published: both result sets are hypothetical.
 * @throws ScoringError 'unknown_criterion', or any error of the changed inputs (e.g. 'invalid_rubric' when weights no longer sum to 100).
 *
 * @example
 * weightSensitivity(inputs, { stageWeights: { prior: 80, presentation: 20 } }).affected;
 * // [{ bodyId: 'jabar', before: { rankInCategory: 3, … }, after: { rankInCategory: 4, … }, … }]
 */
export function weightSensitivity(inputs: ResultInputs, change: WeightChange): SensitivityReport {
	const weights = change.criterionWeights ?? {};
	const unknown = Object.keys(weights).filter((code) => !inputs.rubric.some((c) => c.code === code));
	if (unknown.length > 0) {
		throw new ScoringError('unknown_criterion', `Not criteria of this rubric: ${unknown.join(', ')}.`, { codes: unknown });
	}
	const proposed: ResultInputs = {
		...inputs,
		rubric: inputs.rubric.map((c) => (Object.hasOwn(weights, c.code) ? { ...c, weight: weights[c.code] } : c)),
		rules: { ...inputs.rules, stageWeights: change.stageWeights ?? inputs.rules.stageWeights }
	};
	const baseline = computeResults(inputs);
	const proposal = computeResults(proposed);
	const affected = diffResults(baseline, proposal).changes.filter((c) => c.rankChanged || c.bandChanged);
	return { baseline, proposal, affected };
}
