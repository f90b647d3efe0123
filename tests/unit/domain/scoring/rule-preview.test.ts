/**
 * A rule change previewed on the results so far: the scoring core recomputes with the new rules
 * and names each body that would move; the same rules move nobody; the inputs are not touched.
 */
import { describe, expect, test } from 'vitest';
import { computeResults, previewRules } from '$lib/domain/scoring';
import { body, inputs, RUBRIC, RULES, slot } from './fixtures';

// A has one generous juror: the mean lifts it, the median does not. B's jurors agree.
const SCENE = inputs([body('a', 80), body('b', 80)], [slot('a', [70, 72, 98]), slot('b', [78, 79, 80])]);

describe('previewRules', () => {
	test('the same rules move nobody', () => {
		expect(previewRules(SCENE, { rules: RULES })).toEqual({ changes: [], bodies: 2 });
	});

	test('mean to median: the body with the generous juror drops, and below the other', () => {
		const median = { ...RULES, aggregation: { ...RULES.aggregation, method: 'median' as const } };
		const { changes, bodies } = previewRules(SCENE, { rules: median });
		expect(bodies).toBe(2);
		const a = changes.find((c) => c.bodyId === 'a')!;
		const after = computeResults({ ...SCENE, rules: median }).entries.find((e) => e.bodyId === 'a')!;
		expect(a.before.finalScore).toBe(computeResults(SCENE).entries.find((e) => e.bodyId === 'a')!.finalScore);
		expect(a.after.finalScore).toBe(after.finalScore);
		expect(a.after.finalScore).toBeLessThan(a.before.finalScore);
		expect(a).toMatchObject({ scoreChanged: true, rankChanged: true, categoryMove: -1 });
		expect(changes.find((c) => c.bodyId === 'b')).toMatchObject({ scoreChanged: false, categoryMove: 1 });
	});

	test('stage weights move every body whose stages differ; the inputs stay as they were', () => {
		const before = JSON.stringify(SCENE);
		const { changes } = previewRules(SCENE, { rules: { ...RULES, stageWeights: { prior: 0, presentation: 100 } } });
		// A's stages are both 80: whatever the weights, its final score stays 80.
		expect(changes.map((c) => c.bodyId)).toEqual(['b']);
		expect(JSON.stringify(SCENE)).toBe(before);
	});

	test('a rubric whose weights change moves the bodies whose criteria were scored unevenly', () => {
		// A's sheets favour the first criterion, B's are flat: weighting K1 less lowers A alone.
		const uneven = { K1: 100, K2: 60, K3: 60, K4: 60, K5: 60, K6: 60 };
		const jurors = ['j1', 'j2', 'j3'].map((jurorId) => ({ jurorId, status: 'scored' as const, sheet: uneven }));
		const scene = { ...SCENE, slots: [{ bodyId: 'a', jurors }, slot('b', [78, 78, 78])] };
		const rubric = RUBRIC.map((c) => (c.code === 'K1' ? { ...c, weight: 5 } : c.code === 'K2' ? { ...c, weight: 40 } : c));
		const { changes } = previewRules(scene, { rubric });
		expect(changes.find((c) => c.bodyId === 'a')!.after.finalScore).toBeLessThan(changes.find((c) => c.bodyId === 'a')!.before.finalScore);
		expect(changes.find((c) => c.bodyId === 'b')?.scoreChanged ?? false).toBe(false);
	});
});
