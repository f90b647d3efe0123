import { roundHalfUp2 } from '../scoring';
import type { Band, ResultEntry } from '../scoring';

/** Final scores in [from, to); the last bin also holds 100. */
export interface ScoreBin {
	from: number;
	to: number;
	count: number;
}

export interface CategoryDistribution {
	categoryId: string;
	count: number;
	/** Equal bins over the whole 0–100 scale, so categories read on the same axis. */
	bins: ScoreBin[];
	/** Bodies per band, highest band first: the counts the decree's table would show. */
	bands: { label: string; min: number; count: number }[];
	median: number | null;
	lowest: number | null;
	highest: number | null;
}

/** A score in whole hundredths, the published precision: an exact integer to bin and compare. */
const hundredths = (score: number) => Math.round(roundHalfUp2(score) * 100);

function median(sorted: readonly number[]): number | null {
	if (sorted.length === 0) return null;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : roundHalfUp2((sorted[middle - 1] + sorted[middle]) / 2);
}

/**
 * The final scores of each category in bins of `binWidth` points over 0–100, with the counts per
 * band (from each body's own band, applied to its published score). Categories come in the order
 * given; one without bodies has empty bins.
 *
 * @example scoreDistribution(results.entries, rules.bands, ['prov'])[0].bands // [{ label: 'Informatif', min: 90, count: 3 }, …]
 */
export function scoreDistribution(
	entries: readonly ResultEntry[],
	bands: readonly Band[],
	categoryIds: readonly string[],
	binWidth = 5
): CategoryDistribution[] {
	const binCount = Math.ceil(100 / binWidth);
	return categoryIds.map((categoryId) => {
		const own = entries.filter((e) => e.categoryId === categoryId);
		const bins: ScoreBin[] = Array.from({ length: binCount }, (_, i) => ({
			from: i * binWidth,
			to: Math.min(100, (i + 1) * binWidth),
			count: 0
		}));
		for (const entry of own) {
			const index = Math.min(binCount - 1, Math.floor(hundredths(entry.finalScore) / (binWidth * 100)));
			bins[Math.max(0, index)].count++;
		}
		const scores = own.map((e) => e.finalScore).sort((a, b) => a - b);
		return {
			categoryId,
			count: own.length,
			bins,
			bands: bands.map((band) => ({ label: band.label, min: band.min, count: own.filter((e) => e.band === band.label).length })),
			median: median(scores),
			lowest: scores[0] ?? null,
			highest: scores.at(-1) ?? null
		};
	});
}
