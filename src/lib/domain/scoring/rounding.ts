import { ScoringError } from './errors';

/**
 * How close (in hundredths) to an exact half-cent a value may fall and still
 * count as on it. 1.005 is stored as 1.00499999999999989…, and a score computed
 * as 0.7 × a + 0.3 × b may land a few ulps below an intended half-cent: about
 * 1e-12 hundredths at scores near 100. No rubric produces a genuine value this
 * close to a half-cent without being on it.
 */
const HALF_CENT_SLACK = 1e-8;

/**
 * Rounds to 2 decimals, half away from zero, as published scores are, robust
 * to binary representation error (see HALF_CENT_SLACK).
 * @throws ScoringError 'not_a_number' for NaN or ±Infinity.
 *
 * @example
 * roundHalfUp2(1.005);  // 1.01
 * roundHalfUp2(92.305); // 92.31
 * roundHalfUp2(89.994); // 89.99
 */
export function roundHalfUp2(x: number): number {
	if (!Number.isFinite(x)) throw new ScoringError('not_a_number', `Cannot round ${x}: it is not a finite number.`);
	const scaled = Math.abs(x) * 100;
	const whole = Math.floor(scaled);
	const cents = scaled - whole >= 0.5 - HALF_CENT_SLACK ? whole + 1 : whole;
	// Dividing the integer is correctly rounded, so 9231 / 100 is exactly the double written 92.31.
	const rounded = cents / 100;
	return x < 0 && rounded !== 0 ? -rounded : rounded;
}
