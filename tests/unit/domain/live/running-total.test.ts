import { describe, expect, test } from 'vitest';
import { runningTotal } from '$lib/domain/live/running-total';
import { MONEV_KIP_PRESET } from '$lib/domain/scoring';

const rubric = MONEV_KIP_PRESET.rubric;

describe("the tablet's running total", () => {
	test('is empty until something is scored', () => {
		expect(runningTotal(rubric, {})).toEqual({ total: null, scored: 0 });
		expect(runningTotal(rubric, Object.fromEntries(rubric.map((c) => [c.code, null])))).toEqual({ total: null, scored: 0 });
	});

	test('adds each scored criterion by its weight; a zero is a score, not a blank', () => {
		const [first, second] = rubric;
		expect(runningTotal(rubric, { [first.code]: 80 })).toEqual({ total: (first.weight * 80) / 100, scored: 1 });
		expect(runningTotal(rubric, { [first.code]: 80, [second.code]: 0 })).toEqual({ total: (first.weight * 80) / 100, scored: 2 });
	});

	test('equals the juror total once the sheet is complete', () => {
		const full = Object.fromEntries(rubric.map((c) => [c.code, 70]));
		expect(runningTotal(rubric, full)).toEqual({ total: 70, scored: rubric.length });
	});

	test('shows no figure for a value off the scale instead of a wrong one', () => {
		expect(runningTotal(rubric, { [rubric[0].code]: 101 })).toEqual({ total: null, scored: 1 });
	});
});
