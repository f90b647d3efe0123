import { describe, expect, it } from 'vitest';
import { weightSensitivity } from '$lib/domain/scoring';
import { body, inputs, slot } from './fixtures';

// C: 95 (no presentation). B: prior 80, presentation 95 → 56 + 28.5 = 84.50. A: prior 90, presentation 70 → 63 + 21 = 84.00.
const base = inputs([body('A', 90), body('B', 80), body('C', 95)], [slot('A', [70, 70]), slot('B', [95, 95])]);

describe('weightSensitivity', () => {
	it('lists the bodies that would change rank or band under new stage weights', () => {
		// 90/10: A 81 + 7 = 88.00, B 72 + 9.5 = 81.50 → A overtakes B
		const report = weightSensitivity(base, { stageWeights: { prior: 90, presentation: 10 } });
		expect(report.affected.map((c) => [c.bodyId, c.before.rankInCategory, c.after.rankInCategory, c.after.finalScore])).toEqual([
			['A', 3, 2, 88],
			['B', 2, 3, 81.5]
		]);
		expect(report.baseline.hash).not.toBe(report.proposal.hash);
	});

	it('lists nobody when the order and bands hold', () => {
		// 50/50: A 80, B 87.5; C 95 — same order, same bands
		expect(weightSensitivity(base, { stageWeights: { prior: 50, presentation: 50 } }).affected).toEqual([]);
	});

	it('reports band changes under new criterion weights', () => {
		// Sheets favour K1: K1 = 100, the rest 60 → 25 + 75 × 0.6 = 70. With K1 45, K2 10, K3 10: 45 + 55 × 0.6 = 78.
		const sheet = { K1: 100, K2: 60, K3: 60, K4: 60, K5: 60, K6: 60 };
		const tilted = inputs(
			[body('T', 100)],
			[{ bodyId: 'T', jurors: ['j1', 'j2'].map((jurorId) => ({ jurorId, status: 'scored' as const, sheet })) }],
			{
				stageWeights: { prior: 0, presentation: 100 }
			}
		);
		const report = weightSensitivity(tilted, { criterionWeights: { K1: 45, K2: 10, K3: 10 } });
		expect(report.baseline.entries[0].finalScore).toBe(70);
		expect(report.proposal.entries[0].finalScore).toBe(78);
		expect(report.affected).toEqual([]);
		const toBand = weightSensitivity(
			{ ...tilted, bodies: [body('T', 100)] },
			{ criterionWeights: { K1: 95, K2: 1, K3: 1, K4: 1, K5: 1, K6: 1 } }
		);
		// 95 + 5 × 0.6 = 98 → Informatif
		expect(toBand.affected.map((c) => [c.before.band, c.after.band])).toEqual([['Cukup Informatif', 'Informatif']]);
	});

	it('refuses unknown criteria and weights that no longer sum to 100', () => {
		expect(() => weightSensitivity(base, { criterionWeights: { K9: 10 } })).toThrow(expect.objectContaining({ code: 'unknown_criterion' }));
		expect(() => weightSensitivity(base, { criterionWeights: { K1: 30 } })).toThrow(expect.objectContaining({ code: 'invalid_rubric' }));
		expect(() => weightSensitivity(base, { stageWeights: { prior: 50, presentation: 40 } })).toThrow(
			expect.objectContaining({ code: 'invalid_rules' })
		);
	});
});
