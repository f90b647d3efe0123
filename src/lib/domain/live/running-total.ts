import { jurorTotal, type Rubric } from '../scoring';

/**
 * The total a juror's tablet shows while a sheet is still being filled in: unscored criteria
 * count as their scale's minimum, which contributes nothing, so the figure only grows as the
 * juror scores. Null while nothing is scored or a value is off the scale.
 *
 * @example runningTotal(rubric, { K1: 80 }) // → { total: 20, scored: 1 } when K1 weighs 25 on 0–100
 */
export function runningTotal(rubric: Rubric, draft: Readonly<Record<string, number | null>>): { total: number | null; scored: number } {
	const scored = rubric.filter((c) => typeof draft[c.code] === 'number');
	if (scored.length === 0) return { total: null, scored: 0 };
	const sheet = Object.fromEntries(rubric.map((c) => [c.code, draft[c.code] ?? c.min]));
	try {
		return { total: jurorTotal(rubric, sheet), scored: scored.length };
	} catch {
		return { total: null, scored: scored.length };
	}
}
