import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	jurorDeviations,
	priorVersusPresentation,
	scoreDistribution,
	tieBreakEffect,
	weightEffects,
	weightScenarios
} from '$lib/domain/analysis';
import { computeResults } from '$lib/domain/scoring';
import { arbInputs } from '../scoring/arbitraries';
import { body, inputs, RULES, RUBRIC, slot } from '../scoring/fixtures';

describe('score distribution per category, with the bands', () => {
	// Non-presenters keep their prior score: prov 95, 90, 89.99, 80, 60, 59.99, 100; kem 70.
	const results = computeResults(
		inputs([
			body('a', 95),
			body('b', 90),
			body('c', 89.99),
			body('d', 80),
			body('e', 60),
			body('f', 59.99),
			body('g', 100),
			body('k', 70, 'kem')
		])
	);
	const [prov, kem, empty] = scoreDistribution(results.entries, RULES.bands, ['prov', 'kem', 'none']);

	test('bins are 5 points wide over 0–100; a score on a band threshold falls in the bin that starts there', () => {
		expect(prov.bins).toHaveLength(20);
		const count = (from: number) => prov.bins.find((b) => b.from === from)!.count;
		expect([count(95), count(90), count(85), count(80), count(60), count(55)]).toEqual([2, 1, 1, 1, 1, 1]);
		expect(prov.bins.at(-1)).toEqual({ from: 95, to: 100, count: 2 });
		expect(prov.bins.reduce((s, b) => s + b.count, 0)).toBe(7);
	});

	test('counts per band come from each body’s band, so 90,00 is Informatif and 89,99 is not', () => {
		expect(prov.bands.map((b) => [b.label, b.count])).toEqual([
			['Informatif', 3],
			['Menuju Informatif', 2],
			['Cukup Informatif', 1],
			['Kurang Informatif', 1],
			['Tidak Informatif', 0]
		]);
		expect(prov).toMatchObject({ count: 7, median: 89.99, lowest: 59.99, highest: 100 });
		expect(kem).toMatchObject({ count: 1, median: 70 });
		expect(empty).toMatchObject({ count: 0, median: null, lowest: null, highest: null });
	});

	test('every body is in exactly one bin, and the bins follow the band counts at the thresholds', () => {
		fc.assert(
			fc.property(arbInputs(), (generated) => {
				const r = computeResults(generated);
				const categories = [...new Set(r.entries.map((e) => e.categoryId))];
				const all = scoreDistribution(r.entries, generated.rules.bands, categories);
				expect(all.reduce((s, d) => s + d.bins.reduce((t, b) => t + b.count, 0), 0)).toBe(r.entries.length);
				for (const d of all) expect(d.bands.reduce((s, b) => s + b.count, 0)).toBe(d.count);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('the prior stage against the presentation', () => {
	test('plots scored slots only, with the correlation and the mean gap', () => {
		const results = computeResults(
			inputs(
				[body('a', 90), body('b', 80), body('c', 70), body('d', 60), body('e', 50)],
				[slot('a', [92, 90]), slot('b', [84, 80]), slot('c', [75, 69]), slot('d', [62]), slot('e', ['absent', 'absent'])]
			)
		);
		const { points, correlation, meanGap } = priorVersusPresentation(results.entries);
		expect(points.map((p) => [p.bodyId, p.prior, p.presentation])).toEqual([
			['a', 90, 91],
			['b', 80, 82],
			['c', 70, 72]
		]);
		// x 90, 80, 70; y 91, 82, 72: r = 190 / √(200 × 180.67).
		expect(correlation).toBeCloseTo(190 / Math.sqrt(200 * (542 / 3)), 9);
		expect(meanGap).toBe(1.67);
	});

	test('no correlation with fewer than three bodies or no spread', () => {
		const two = computeResults(inputs([body('a', 90), body('b', 80)], [slot('a', [90, 90]), slot('b', [80, 80])]));
		expect(priorVersusPresentation(two.entries).correlation).toBeNull();
		expect(priorVersusPresentation([])).toEqual({ points: [], correlation: null, meanGap: null });
	});
});

describe('each juror against the panel', () => {
	// j4 is about 6 points under the others every time (4.5 under the panel's mean, which includes j4).
	const slots = [slot('a', [80, 82, 79, 74]), slot('b', [70, 69, 71, 64]), slot('c', [90, 88, 89, 83]), slot('d', [60, 61, 59, 54])];
	const results = computeResults(
		inputs(
			['a', 'b', 'c', 'd'].map((id) => body(id, 80)),
			slots
		)
	);
	const order = ['d', 'a', 'c', 'b'].map((bodyId) => ({ bodyId, panelId: 'A' }));
	const [panel] = jurorDeviations(results.entries, order);

	test('a cell per juror and slot, in schedule order, holding the total and its deviation from the panel', () => {
		expect(panel.bodyIds).toEqual(['d', 'a', 'c', 'b']);
		expect(panel.jurorIds).toEqual(['j1', 'j2', 'j3', 'j4']);
		expect(panel.cells).toHaveLength(16);
		const cell = panel.cells.find((c) => c.bodyId === 'a' && c.jurorId === 'j4')!;
		expect(cell.total).toBe(74);
		expect(cell.deviation).toBeCloseTo(74 - 78.75, 9);
		for (const bodyId of panel.bodyIds) {
			const sum = panel.cells.filter((c) => c.bodyId === bodyId).reduce((s, c) => s + c.deviation, 0);
			expect(sum).toBeCloseTo(0, 9);
		}
	});

	test('a juror consistently below the panel is harsh; the others, above it by less than 2 points, are in line', () => {
		expect(panel.jurors.map((j) => [j.jurorId, j.tendency, j.below, j.above])).toEqual([
			['j1', 'in_line', 0, 4],
			['j2', 'in_line', 0, 4],
			['j3', 'in_line', 0, 4],
			['j4', 'harsh', 4, 0]
		]);
		expect(panel.jurors[3].meanDeviation).toBeCloseTo(-4.5625, 9);
	});

	test('one outlier, or fewer than three slots, is no tendency', () => {
		const oneOff = computeResults(
			inputs(
				['a', 'b', 'c', 'd'].map((id) => body(id, 80)),
				[slot('a', [80, 80, 60]), slot('b', [70, 70, 71]), slot('c', [90, 90, 91]), slot('d', [60, 60, 59])]
			)
		);
		expect(jurorDeviations(oneOff.entries, order)[0].jurors[2].tendency).toBe('in_line');
		const [short] = jurorDeviations(results.entries, order.slice(0, 2));
		expect(short.jurors.every((j) => j.tendency === 'in_line')).toBe(true);
	});

	test('slots below quorum are left out, and panels stay apart', () => {
		const mixed = computeResults(
			inputs([body('a', 80), body('b', 80), body('c', 80)], [slot('a', [80, 70]), slot('b', [70, 'absent']), slot('c', [60, 66])])
		);
		const panels = jurorDeviations(mixed.entries, [
			{ bodyId: 'a', panelId: 'A' },
			{ bodyId: 'b', panelId: 'A' },
			{ bodyId: 'c', panelId: 'B' }
		]);
		expect(panels.map((p) => [p.panelId, p.bodyIds])).toEqual([
			['A', ['a']],
			['B', ['c']]
		]);
	});
});

describe('what the weights and the tie-break do', () => {
	test('stage weights ±5 and ±10 around the evaluation’s, and each criterion ±5', () => {
		const scenarios = weightScenarios(RUBRIC, RULES);
		expect(scenarios.filter((s) => s.kind === 'stage')).toEqual([
			{ kind: 'stage', prior: 60, presentation: 40 },
			{ kind: 'stage', prior: 65, presentation: 35 },
			{ kind: 'stage', prior: 75, presentation: 25 },
			{ kind: 'stage', prior: 80, presentation: 20 }
		]);
		expect(scenarios.filter((s) => s.kind === 'criterion')).toHaveLength(RUBRIC.length * 2);
		expect(
			weightScenarios(RUBRIC, { ...RULES, stageWeights: { prior: 95, presentation: 5 } }).filter((s) => s.kind === 'stage')
		).toHaveLength(3);
	});

	// a: prior 90, on stage 70 → 84.00; b: prior 80, on stage 95 → 84.50. More prior weight puts a ahead.
	const twoBodies = inputs([body('a', 90), body('b', 80)], [slot('a', [70, 70]), slot('b', [95, 95])]);

	test('a stage weighting that reorders two bodies is counted and names them', () => {
		const [effect] = weightEffects(twoBodies, [{ kind: 'stage', prior: 80, presentation: 20 }]);
		expect(effect).toMatchObject({ rankChanged: 2, bandChanged: 0 });
		expect(effect.affected.map((c) => [c.bodyId, c.before.rankInCategory, c.after.rankInCategory])).toEqual([
			['a', 2, 1],
			['b', 1, 2]
		]);
		expect(weightEffects(twoBodies, [{ kind: 'stage', prior: 65, presentation: 35 }])[0].rankChanged).toBe(0);
	});

	test('a criterion moved by 5 points keeps the rubric at 100 (the others take the difference in proportion)', () => {
		const effects = weightEffects(twoBodies, weightScenarios(RUBRIC, RULES));
		expect(effects).toHaveLength(weightScenarios(RUBRIC, RULES).length);
		// Flat sheets: every criterion scored alike, so criterion weights cannot reorder anyone.
		expect(effects.filter((e) => e.scenario.kind === 'criterion').every((e) => e.rankChanged === 0)).toBe(true);
	});

	test('the tie-break: ranks with the chain against ranks without it, or against a suggested chain when there is none', () => {
		// a: 0.7 × 90 + 0.3 × 70 = 84.00; b: 0.7 × 80 + 0.3 × 93.33 = 84.00; b presented better.
		const tied = (tieBreak: typeof RULES.tieBreak) =>
			inputs([body('a', 90), body('b', 80)], [slot('a', [70, 70, 70]), slot('b', [93, 93, 94])], { tieBreak });
		expect(computeResults(tied([])).entries.map((e) => [e.bodyId, e.finalScore, e.rankInCategory])).toEqual([
			['a', 84, 1],
			['b', 84, 1]
		]);
		const chained = tieBreakEffect(tied([{ kind: 'presentation' }]));
		expect(chained).toEqual({
			chain: [{ kind: 'presentation' }],
			alternative: [],
			moves: [{ bodyId: 'a', categoryId: 'prov', finalScore: 84, rank: 2, alternativeRank: 1 }]
		});
		const none = tieBreakEffect(tied([]));
		expect(none.alternative).toEqual([{ kind: 'presentation' }, { kind: 'prior' }]);
		expect(none.moves).toEqual([{ bodyId: 'a', categoryId: 'prov', finalScore: 84, rank: 1, alternativeRank: 2 }]);
	});
});
