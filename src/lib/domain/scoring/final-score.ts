import { ScoringError } from './errors';
import type { ScoringRules } from './types';

/**
 * A body's final score, unrounded: Σ stage weight × stage score / 100. A body
 * without a presentation score follows the non-presenter rule: 'prior_only'
 * keeps its prior (SAQ) score as final, 'zero_presentation' counts the
 * presentation as 0. Round once, afterwards, with roundHalfUp2.
 * @throws ScoringError 'not_a_number' for NaN/±Infinity.
 *
 * @example
 * finalScore(90, 80, MONEV_KIP_PRESET.rules);   // 87 (70 % SAQ + 30 % presentation)
 * finalScore(92.31, null, MONEV_KIP_PRESET.rules); // 92.31
 */
export function finalScore(
	priorScore: number,
	presentationScore: number | null,
	rules: Pick<ScoringRules, 'stageWeights' | 'nonPresenter'>
): number {
	if (!Number.isFinite(priorScore) || (presentationScore !== null && !Number.isFinite(presentationScore))) {
		throw new ScoringError('not_a_number', 'A stage score is not a finite number.', { priorScore, presentationScore });
	}
	const { prior, presentation } = rules.stageWeights;
	if (presentationScore !== null) return (prior * priorScore + presentation * presentationScore) / 100;
	return rules.nonPresenter === 'prior_only' ? priorScore : (prior * priorScore) / 100;
}
