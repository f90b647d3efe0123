import { ScoringError } from './errors';
import type { Band } from './types';

/**
 * The qualification for a published final score: the first band (highest
 * first) whose minimum the score reaches; below them all, the last band.
 * Pass the rounded final score, so that a body shown as 90.00 is Informatif.
 * @throws ScoringError 'not_a_number' for NaN/±Infinity, 'empty' for no bands.
 *
 * @example
 * qualify(89.99, MONEV_KIP_PRESET.rules.bands); // 'Menuju Informatif'
 * qualify(90, MONEV_KIP_PRESET.rules.bands);    // 'Informatif'
 */
export function qualify(finalScore: number, bands: Band[]): string {
	if (!Number.isFinite(finalScore)) throw new ScoringError('not_a_number', `Cannot qualify ${finalScore}: it is not a finite number.`);
	if (bands.length === 0) throw new ScoringError('empty', 'There are no qualification bands.');
	return (bands.find((band) => finalScore >= band.min) ?? bands[bands.length - 1]).label;
}

/** Position of a band label, highest band first; -1 when unknown. */
export function bandIndex(label: string, bands: readonly Band[]): number {
	return bands.findIndex((band) => band.label === label);
}
