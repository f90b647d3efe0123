import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { roundHalfUp2 } from '$lib/domain/scoring';
import { isInvited } from '$lib/domain/setup/invitation';

/** A score with up to four decimals, as a legacy row or a computed value may hold. */
const score = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000);
/** A passing grade as the settings form takes it: at most two decimals. */
const grade = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);

describe('the invitation cut (passing grade)', () => {
	test('is applied to the score as shown: 60,00 is invited at 60 whatever was stored behind it', () => {
		expect(isInvited(60, 60)).toBe(true);
		expect(isInvited(59.996, 60)).toBe(true);
		expect(isInvited(59.995, 60)).toBe(true);
		expect(isInvited(59.994, 60)).toBe(false);
		expect(isInvited(59.99, 60)).toBe(false);
		expect(isInvited(81.1, 81.1)).toBe(true);
		expect(isInvited(64.1, 64.1)).toBe(true);
	});

	test('two bodies shown with the same score are never split by it', () => {
		// Two scores within the same shown hundredth: c/100 plus offsets of −0.0050 to +0.0049.
		const offset = fc.integer({ min: -50, max: 49 });
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 9999 }), offset, offset, grade, (cents, da, db, g) => {
				const [a, b] = [(cents * 100 + da) / 10_000, (cents * 100 + db) / 10_000];
				expect(roundHalfUp2(a)).toBe(roundHalfUp2(b));
				expect(isInvited(a, g)).toBe(isInvited(b, g));
			}),
			{ numRuns: 10_000 }
		);
	});

	test('a body is invited exactly when its shown score is at or above the grade', () => {
		fc.assert(
			fc.property(score, grade, (a, g) => {
				expect(isInvited(a, g)).toBe(Math.round(roundHalfUp2(a) * 100) >= Math.round(g * 100));
			}),
			{ numRuns: 10_000 }
		);
	});

	test('is monotonic: a higher score is never less invited', () => {
		fc.assert(
			fc.property(score, score, grade, (a, b, g) => {
				const [low, high] = a <= b ? [a, b] : [b, a];
				if (isInvited(low, g)) expect(isInvited(high, g)).toBe(true);
			}),
			{ numRuns: 10_000 }
		);
	});
});
