import type { JurorTotal } from './types';

/**
 * Totals are sums of fractions, so two totals 15 points apart can differ by
 * 15.000000000000002; this slack stops such noise from raising a flag.
 */
const FLAG_SLACK = 1e-9;

export interface Divergence {
	totals: JurorTotal[];
	spread: number;
	divergent: boolean;
}

/**
 * How far a panel's jurors disagree: the spread (highest − lowest total), each
 * juror's deviation from the panel's centre, and a flag when the spread is
 * past the tolerance.
 *
 * @example
 * assessDivergence([{ jurorId: 'a', total: 70 }, { jurorId: 'b', total: 90 }], 80, 15);
 * // { spread: 20, divergent: true, totals: [{ …, deviation: -10 }, { …, deviation: 10 }] }
 */
export function assessDivergence(totals: readonly { jurorId: string; total: number }[], centre: number, tolerance: number): Divergence {
	let low = Infinity;
	let high = -Infinity;
	for (const { total } of totals) {
		low = Math.min(low, total);
		high = Math.max(high, total);
	}
	const spread = totals.length < 2 ? 0 : high - low;
	return {
		totals: totals.map(({ jurorId, total }) => ({ jurorId, total, deviation: total - centre })),
		spread,
		divergent: spread > tolerance + FLAG_SLACK
	};
}

/**
 * The juror farthest from the panel's centre when the panel diverges: the one the chair may ask to
 * score again. Null when the panel does not diverge, or when two jurors are equally far (no single
 * juror stands out: say 70, 80, 90).
 *
 * @example farthestJuror(assessDivergence([{ jurorId: 'a', total: 70 }, { jurorId: 'b', total: 72 }, { jurorId: 'c', total: 95 }], 72, 15)) // 'c'
 */
export function farthestJuror(divergence: Pick<Divergence, 'totals' | 'divergent'>): string | null {
	if (!divergence.divergent) return null;
	const far = Math.max(...divergence.totals.map((t) => Math.abs(t.deviation)));
	const farthest = divergence.totals.filter((t) => Math.abs(t.deviation) >= far - FLAG_SLACK);
	return farthest.length === 1 ? farthest[0].jurorId : null;
}
