import { describe, expect, test } from 'vitest';
import { assessDivergence, farthestJuror } from '$lib/domain/scoring';

describe('farthestJuror', () => {
	test('names the juror farthest from the centre when the panel diverges, nobody otherwise', () => {
		const totals = [
			{ jurorId: 'a', total: 70 },
			{ jurorId: 'b', total: 72 },
			{ jurorId: 'c', total: 95 }
		];
		expect(farthestJuror(assessDivergence(totals, 79, 15))).toBe('c');
		// Far below counts as far as far above.
		expect(
			farthestJuror(
				assessDivergence(
					[
						{ jurorId: 'a', total: 50 },
						{ jurorId: 'b', total: 72 },
						{ jurorId: 'c', total: 80 }
					],
					72,
					15
				)
			)
		).toBe('a');
		expect(farthestJuror(assessDivergence(totals, 79, 30))).toBeNull();
		expect(farthestJuror(assessDivergence([], 0, 15))).toBeNull();
		// Two jurors equally far: nobody stands out.
		const even = [
			{ jurorId: 'a', total: 70 },
			{ jurorId: 'b', total: 80 },
			{ jurorId: 'c', total: 90 }
		];
		expect(farthestJuror(assessDivergence(even, 80, 15))).toBeNull();
	});
});
