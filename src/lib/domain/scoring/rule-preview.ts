import { diffResults, type EntryChange } from './diff';
import { computeResults } from './results';
import type { ResultInputs } from './types';

/**
 * What a change of the scoring rules or the rubric would do to the results computed so far: every
 * body whose final score, band or rank would move (the rest stay as they are), recomputed by the
 * scoring core with the same sheets, bodies and corrections and only the rules or rubric replaced.
 *
 * @example previewRules(inputs, { rules: { ...inputs.rules, aggregation: { ...inputs.rules.aggregation, method: 'median' } } }).changes
 * // → [{ bodyId: 'aceh', before: { finalScore: 82.1, … }, after: { finalScore: 81.5, … }, … }]
 */
export function previewRules(
	inputs: ResultInputs,
	change: Partial<Pick<ResultInputs, 'rules' | 'rubric'>>
): { changes: EntryChange[]; bodies: number } {
	const now = computeResults(inputs);
	return { changes: diffResults(now, computeResults({ ...inputs, ...change })).changes, bodies: now.entries.length };
}
