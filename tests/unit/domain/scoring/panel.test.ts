import { describe, expect, it } from 'vitest';
import { ScoringError, aggregate, assessDivergence, computeResults, normaliseTotals, scoreSlot, trimCount } from '$lib/domain/scoring';
import type { AggregationRule, ScoringRules } from '$lib/domain/scoring';
import { RUBRIC, RULES, body, inputs, slot } from './fixtures';

const TRIM = RULES.aggregation.trim;
const trimmed: ScoringRules = { ...RULES, aggregation: { ...RULES.aggregation, method: 'trimmed_mean' } };
const mean: Pick<AggregationRule, 'method' | 'trim'> = { method: 'mean', trim: [] };

describe('aggregate', () => {
	it('mean, median (odd and even) and trimmed mean', () => {
		expect(aggregate([70, 80, 96], mean)).toBe(82);
		expect(aggregate([96, 70, 80], { method: 'median', trim: [] })).toBe(80);
		expect(aggregate([70, 80, 90, 96], { method: 'median', trim: [] })).toBe(85);
		// 7 values: drop 2 low (50, 60) and 2 high (95, 100) → mean(70, 80, 90) = 80
		expect(aggregate([100, 50, 95, 60, 90, 70, 80], { method: 'trimmed_mean', trim: TRIM })).toBe(80);
	});

	it('trims by the number of valid values: ≥ 7 → 2 each side, 5–6 → 1, ≤ 4 → none', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => trimCount(n, TRIM))).toEqual([0, 0, 0, 0, 1, 1, 2, 2, 2]);
		expect(trimCount(9, [{ minValid: 9, dropEachSide: 3 }, ...TRIM])).toBe(3);
	});

	it('does not depend on the order of the values, to the last bit', () => {
		const values = [0.1, 0.2, 0.3, 70.07, 33.33];
		expect(aggregate(values, mean)).toBe(aggregate([...values].reverse(), mean));
	});

	it('throws on an empty panel and on NaN', () => {
		expect(() => aggregate([], mean)).toThrow(expect.objectContaining({ code: 'empty_panel' }));
		expect(() => aggregate([70, Number.NaN], mean)).toThrow(expect.objectContaining({ code: 'not_a_number' }));
	});
});

describe('scoreSlot', () => {
	it('excludes recused and absent jurors', () => {
		const outcome = scoreSlot(RUBRIC, RULES, slot('b', [80, 'recused', 60, 'absent']));
		expect(outcome).toMatchObject({ status: 'scored', score: 70, validCount: 2, spread: 20, divergent: true });
		expect(outcome.totals).toEqual([
			{ jurorId: 'j1', total: 80, deviation: 10 },
			{ jurorId: 'j3', total: 60, deviation: -10 }
		]);
	});

	it('trims after recusals: 8 jurors, 1 recused → 7 valid → 2 dropped each side', () => {
		const outcome = scoreSlot(RUBRIC, trimmed, slot('b', [50, 60, 'recused', 70, 80, 90, 95, 100]));
		expect(outcome.validCount).toBe(7);
		expect(outcome.score).toBe(80);
	});

	it('trims after recusals: 8 jurors, 2 recused → 6 valid → 1 dropped each side', () => {
		// drop 50 and 100 → mean(60, 70, 80, 90) = 75
		expect(scoreSlot(RUBRIC, trimmed, slot('b', [50, 60, 'recused', 70, 80, 'absent', 90, 100])).score).toBe(75);
	});

	it('trims after recusals: 5 jurors, 1 recused → 4 valid → no trimming', () => {
		// mean(50, 60, 70, 100) = 70
		expect(scoreSlot(RUBRIC, trimmed, slot('b', [50, 60, 'recused', 70, 100])).score).toBe(70);
	});

	it('flags a slot below quorum instead of scoring it', () => {
		const outcome = scoreSlot(RUBRIC, RULES, slot('b', [85, 'recused', 'absent']));
		expect(outcome).toMatchObject({ status: 'below_quorum', score: null, validCount: 1, spread: 0, divergent: false });
		expect(outcome.totals).toEqual([{ jurorId: 'j1', total: 85, deviation: 0 }]);
		expect(scoreSlot(RUBRIC, RULES, slot('b', ['recused', 'absent']))).toMatchObject({ status: 'below_quorum', score: null, totals: [] });
		const quorum3 = { ...RULES, aggregation: { ...RULES.aggregation, quorum: 3 } };
		// below quorum, deviations are from the plain mean (75)
		expect(scoreSlot(RUBRIC, quorum3, slot('b', [70, 80])).totals.map((t) => t.deviation)).toEqual([-5, 5]);
	});

	it('throws a typed error on an empty panel and on an invalid sheet', () => {
		expect(() => scoreSlot(RUBRIC, RULES, { bodyId: 'b', jurors: [] })).toThrow(expect.objectContaining({ code: 'empty_panel' }));
		const bad = { bodyId: 'b', jurors: [{ jurorId: 'j1', status: 'scored' as const, sheet: { K1: 50 } }] };
		expect(() => scoreSlot(RUBRIC, RULES, bad)).toThrow(ScoringError);
		expect(() => scoreSlot(RUBRIC, RULES, { bodyId: 'b', jurors: [{ jurorId: 'j1', status: 'scored' }] })).toThrow(
			expect.objectContaining({ code: 'invalid_sheet' })
		);
		expect(() =>
			scoreSlot(RUBRIC, RULES, {
				bodyId: 'b',
				jurors: [
					{ jurorId: 'j1', status: 'recused' },
					{ jurorId: 'j1', status: 'absent' }
				]
			})
		).toThrow(expect.objectContaining({ code: 'duplicate_juror' }));
	});
});

describe('divergence', () => {
	it('reports spread, deviations from the panel score and a flag past the tolerance', () => {
		expect(
			assessDivergence(
				[
					{ jurorId: 'a', total: 70 },
					{ jurorId: 'b', total: 90 }
				],
				80,
				15
			)
		).toEqual({
			totals: [
				{ jurorId: 'a', total: 70, deviation: -10 },
				{ jurorId: 'b', total: 90, deviation: 10 }
			],
			spread: 20,
			divergent: true
		});
	});

	it('a spread exactly at the tolerance is not flagged, even with binary noise', () => {
		expect(scoreSlot(RUBRIC, RULES, slot('b', [70, 85])).divergent).toBe(false);
		expect(scoreSlot(RUBRIC, RULES, slot('b', [70, 86])).divergent).toBe(true);
		expect(
			assessDivergence(
				[
					{ jurorId: 'a', total: 0.1 + 0.2 },
					{ jurorId: 'b', total: 15.3 }
				],
				0,
				15
			).divergent
		).toBe(false);
	});

	it('deviations are from the trimmed panel score when the panel trims', () => {
		const outcome = scoreSlot(RUBRIC, trimmed, slot('b', [40, 70, 80, 90, 100]));
		expect(outcome.score).toBe(80);
		expect(outcome.totals.map((t) => t.deviation)).toEqual([-40, -10, 0, 10, 20]);
		expect(outcome.spread).toBe(60);
	});
});

describe('normalisation', () => {
	// a is lenient (90, 80, 70), b severe (50, 60, 40): same spread, opposite tastes on X and Y.
	const slots = [slot('X', [90, 50], 'R1'), slot('Y', [80, 60], 'R1'), slot('Z', [70, 40], 'R1')];
	const rules: Partial<ScoringRules> = { aggregation: { ...RULES.aggregation, normalise: true } };

	it('re-expresses each juror on the panel scale and reports it beside the raw score', () => {
		const results = computeResults(inputs([body('X', 80), body('Y', 80), body('Z', 80)], slots, rules));
		const by = new Map(results.entries.map((e) => [e.bodyId, e.presentation]));
		// panel: mean 65, sd √(1750/6); each juror: sd √(200/3), so z = ±√1.5 for 10 points
		const sdPanel = Math.sqrt(1750 / 6);
		const up = 65 + sdPanel * Math.sqrt(1.5);
		const down = 65 - sdPanel * Math.sqrt(1.5);
		expect(by.get('X')?.score).toBe(70);
		expect(by.get('X')?.normalisedScore).toBeCloseTo((up + 65) / 2, 10);
		expect(by.get('Y')?.normalisedScore).toBeCloseTo((65 + up) / 2, 10);
		expect(by.get('Z')?.normalisedScore).toBeCloseTo(down, 10);
		// the final score uses the raw panel score
		expect(results.entries.find((e) => e.bodyId === 'X')?.finalScore).toBe(77);
	});

	it('keeps raw totals for a juror with fewer than 2 scores, and maps a juror with no spread to the panel mean', () => {
		const [x, y, z] = normaliseTotals([
			{
				panelId: 'R',
				totals: [
					{ jurorId: 'once', total: 91 },
					{ jurorId: 'flat', total: 60 }
				]
			},
			{
				panelId: 'R',
				totals: [
					{ jurorId: 'flat', total: 60 },
					{ jurorId: 'v', total: 50 }
				]
			},
			{ panelId: 'R', totals: [{ jurorId: 'v', total: 70 }] }
		]);
		const panelMean = (91 + 60 + 60 + 50 + 70) / 5;
		expect(x).toEqual([91, panelMean]);
		expect(y[0]).toBe(panelMean);
		expect(y[1]).toBeLessThan(z[0]);
	});

	it('normalises each panel on its own', () => {
		const [[a], [b]] = normaliseTotals([
			{ panelId: 'R1', totals: [{ jurorId: 'j', total: 90 }] },
			{ panelId: 'R2', totals: [{ jurorId: 'j', total: 50 }] }
		]);
		expect([a, b]).toEqual([90, 50]);
	});

	it('is absent when normalisation is off, and null below quorum', () => {
		const results = computeResults(inputs([body('X', 80), body('Y', 80)], [slot('X', [90, 50]), slot('Y', [80, 'recused'])], rules));
		expect(results.entries.find((e) => e.bodyId === 'Y')?.presentation?.normalisedScore).toBeNull();
		const off = computeResults(inputs([body('X', 80)], [slot('X', [90, 50])]));
		expect(off.entries[0].presentation).not.toHaveProperty('normalisedScore');
	});
});
