import { roundHalfUp2 } from '../scoring';
import type { ResultEntry } from '../scoring';

/** One presenting body: its prior-stage (SAQ) score against its presentation score. */
export interface StagePoint {
	bodyId: string;
	categoryId: string;
	prior: number;
	/** The panel's score at published precision. */
	presentation: number;
	finalScore: number;
}

export interface StageComparison {
	points: StagePoint[];
	/** Pearson's r between the two stages; null with fewer than 3 bodies or no spread. */
	correlation: number | null;
	/** Mean of presentation − prior, in points (positive: bodies did better on stage). */
	meanGap: number | null;
}

/**
 * The prior stage against the presentation, for bodies whose slot was scored (below quorum or
 * absent: not plotted): do the stages agree, and who did much better or worse on stage?
 *
 * @example priorVersusPresentation(results.entries).correlation // 0.42
 */
export function priorVersusPresentation(entries: readonly ResultEntry[]): StageComparison {
	const points: StagePoint[] = [];
	for (const e of entries) {
		const score = e.presentation?.score;
		if (score === null || score === undefined) continue;
		points.push({
			bodyId: e.bodyId,
			categoryId: e.categoryId,
			prior: e.priorScore,
			presentation: roundHalfUp2(score),
			finalScore: e.finalScore
		});
	}
	const n = points.length;
	if (n === 0) return { points, correlation: null, meanGap: null };
	const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
	const xs = points.map((p) => p.prior);
	const ys = points.map((p) => p.presentation);
	const [mx, my] = [mean(xs), mean(ys)];
	let [sxy, sxx, syy] = [0, 0, 0];
	for (let i = 0; i < n; i++) {
		sxy += (xs[i] - mx) * (ys[i] - my);
		sxx += (xs[i] - mx) ** 2;
		syy += (ys[i] - my) ** 2;
	}
	const correlation = n >= 3 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
	return { points, correlation, meanGap: roundHalfUp2(my - mx) };
}
