import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoringError, finalScore, qualify, roundHalfUp2 } from '$lib/domain/scoring';
import { RULES } from './fixtures';

describe('roundHalfUp2', () => {
	it.each([
		[1.005, 1.01],
		[92.305, 92.31],
		[92.30499999999999, 92.31], // 0.7 × a + 0.3 × b landing an ulp under the half cent
		[0.125, 0.13],
		[2.675, 2.68],
		[89.995, 90],
		[89.994, 89.99],
		[1.0049999, 1],
		[98.31, 98.31],
		[100, 100],
		[0, 0],
		[-1.005, -1.01],
		[1e-12, 0]
	])('%d → %d', (x, expected) => {
		expect(roundHalfUp2(x)).toBe(expected);
	});

	it('rounds a sum computed the long way exactly as its decimal value', () => {
		// 0.7 × 98.15 + 0.3 × 77.35 = 68.705 + 23.205 = 91.91 exactly in decimals
		expect(roundHalfUp2((70 * 98.15 + 30 * 77.35) / 100)).toBe(91.91);
		// 0.7 × 90.15 = 63.105 → 63.11
		expect(roundHalfUp2((70 * 90.15) / 100)).toBe(63.11);
	});

	it('always returns a 2-decimal number within half a cent', () => {
		fc.assert(
			fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (x) => {
				const r = roundHalfUp2(x);
				expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + 1e-9);
				expect(Number(r.toFixed(2))).toBe(r);
			})
		);
	});

	it('agrees with decimal half-up on every value written with 3 decimals', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 100_000 }), (milli) => {
				const expected = Math.floor(milli / 10) + (milli % 10 >= 5 ? 1 : 0);
				expect(roundHalfUp2(milli / 1000)).toBe(expected / 100);
			})
		);
	});

	it('throws on NaN and Infinity', () => {
		expect(() => roundHalfUp2(Number.NaN)).toThrow(ScoringError);
		expect(() => roundHalfUp2(Infinity)).toThrow(ScoringError);
	});
});

describe('qualify', () => {
	it.each([
		[100, 'Informatif'],
		[90, 'Informatif'],
		[89.99, 'Menuju Informatif'],
		[80, 'Menuju Informatif'],
		[79.99, 'Cukup Informatif'],
		[60, 'Cukup Informatif'],
		[59.99, 'Kurang Informatif'],
		[40, 'Kurang Informatif'],
		[39.99, 'Tidak Informatif'],
		[0, 'Tidak Informatif']
	])('%d is %s', (score, label) => {
		expect(qualify(score, RULES.bands)).toBe(label);
	});

	it('applies the band to the published score: 89.995 is shown as 90.00, so Informatif', () => {
		expect(qualify(roundHalfUp2(89.995), RULES.bands)).toBe('Informatif');
		expect(qualify(roundHalfUp2(89.9949), RULES.bands)).toBe('Menuju Informatif');
	});

	it('puts anything below every minimum in the last band', () => {
		expect(
			qualify(-5, [
				{ label: 'Pass', min: 50 },
				{ label: 'Fail', min: 10 }
			])
		).toBe('Fail');
	});

	it('throws on NaN and on no bands', () => {
		expect(() => qualify(Number.NaN, RULES.bands)).toThrow(expect.objectContaining({ code: 'not_a_number' }));
		expect(() => qualify(50, [])).toThrow(expect.objectContaining({ code: 'empty' }));
	});
});

describe('finalScore', () => {
	it('is Σ stage weight × stage score, unrounded', () => {
		expect(finalScore(90, 80, RULES)).toBe(87); // 63 + 24
		expect(finalScore(97.3, 80 + 2 / 3, RULES)).toBeCloseTo(68.11 + 24.2, 10);
		expect(finalScore(90, 80, { ...RULES, stageWeights: { prior: 80, presentation: 20 } })).toBe(88);
	});

	it('follows the non-presenter rule', () => {
		expect(finalScore(92.31, null, RULES)).toBe(92.31);
		expect(finalScore(90, null, { ...RULES, nonPresenter: 'zero_presentation' })).toBe(63);
	});

	it('throws on NaN instead of returning it', () => {
		expect(() => finalScore(Number.NaN, 80, RULES)).toThrow(ScoringError);
		expect(() => finalScore(80, Infinity, RULES)).toThrow(ScoringError);
	});
});
