import { ScoringError } from './errors';
import type { AggregationRule, TrimStep } from './types';

/**
 * How many scores to drop at each end for a panel of `validCount`: the step
 * with the largest `minValid` not above the count applies; none → 0.
 *
 * @example
 * const trim = [{ minValid: 7, dropEachSide: 2 }, { minValid: 5, dropEachSide: 1 }];
 * trimCount(7, trim); // 2
 * trimCount(6, trim); // 1
 * trimCount(4, trim); // 0
 */
export function trimCount(validCount: number, trim: readonly TrimStep[]): number {
	let best: TrimStep | null = null;
	for (const step of trim) {
		if (step.minValid <= validCount && (best === null || step.minValid > best.minValid)) best = step;
	}
	return best?.dropEachSide ?? 0;
}

function meanOf(sorted: readonly number[], from: number, to: number): number {
	let sum = 0;
	for (let i = from; i < to; i++) sum += sorted[i];
	return sum / (to - from);
}

/**
 * Combines valid juror totals into a panel score: mean, median (mean of the two
 * middle values for an even count) or a trimmed mean whose trim adapts to the
 * number of values. Values are sorted first, so the result does not depend on
 * their order, not even in the last bit.
 * @throws ScoringError 'empty_panel' for no values, 'not_a_number' for NaN/±Infinity.
 *
 * @example
 * aggregate([70, 80, 95], { method: 'median', trim: [] }); // 80
 */
export function aggregate(values: readonly number[], rule: Pick<AggregationRule, 'method' | 'trim'>): number {
	if (values.length === 0) throw new ScoringError('empty_panel', 'There are no valid scores to combine.');
	if (!values.every(Number.isFinite)) throw new ScoringError('not_a_number', 'A score to combine is not a finite number.', { values });
	const sorted = [...values].sort((a, b) => a - b);
	const n = sorted.length;
	switch (rule.method) {
		case 'mean':
			return meanOf(sorted, 0, n);
		case 'median':
			return n % 2 === 1 ? sorted[(n - 1) / 2] : meanOf(sorted, n / 2 - 1, n / 2 + 1);
		case 'trimmed_mean': {
			// Validated trim steps always leave a value; the clamp only guards hand-built rules.
			const drop = Math.min(trimCount(n, rule.trim), Math.floor((n - 1) / 2));
			return meanOf(sorted, drop, n - drop);
		}
		default:
			throw new ScoringError('unknown_option', `Unknown aggregation method ${String(rule.method)}.`);
	}
}
