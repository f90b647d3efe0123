import { diffResults, type EntryChange } from './diff';
import { computeResults } from './results';
import type { ResultInputs, ScoringRules } from './types';

/**
 * What a change of the scoring rules would do to the results computed so far: every body whose
 * final score, band or rank would move (the rest stay as they are), recomputed by the scoring core
 * with the same sheets, bodies and corrections and only the rules replaced.
 *
 * @example previewRules(inputs, { ...inputs.rules, aggregation: { method: 'median', quorum: 2 } }).changes
 * // → [{ bodyId: 'aceh', before: { finalScore: 82.1, … }, after: { finalScore: 81.5, … }, … }]
 */
export function previewRules(inputs: ResultInputs, rules: ScoringRules): { changes: EntryChange[]; bodies: number } {
	const now = computeResults(inputs);
	return { changes: diffResults(now, computeResults({ ...inputs, rules })).changes, bodies: now.entries.length };
}
