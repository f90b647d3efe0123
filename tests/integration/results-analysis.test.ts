/**
 * The results analysis against a real database: built from certified slots only (an open slot's
 * sheets are never read), with names for every chart; only the secretariat may see it; a weight to
 * try is read as typed (decimal comma) and a bad one is refused by code without losing the rest;
 * an evaluation without a rubric has no analysis yet.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { resultsAnalysis } from '$lib/server/services/analysis';
import { createEvaluation } from '$lib/server/services/evaluations';
import { submitScores } from '$lib/server/services/scoring';
import { flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp } from './harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	const jurors = await Promise.all([0, 1, 2].map(async (i) => (await app.signIn('juror', i)).user));
	// Panel A's first three slots certified; its third juror scores 8 below the first every time.
	for (const [i, slot] of fx.panelA.slots.slice(0, 3).entries()) {
		await app.drive(slot.id, 'start_presentation', 'start_qa', 'open_scoring');
		for (const [j, juror] of jurors.entries())
			await submitScores(app.ctx, juror, { slotId: slot.id, submissionId: newSubmissionId(), scores: flatSheet(80 + i + [0, 1, -8][j]) });
		await app.drive(slot.id, 'close_scoring', 'certify');
	}
	// The fourth slot is open with a sheet in: the analysis must not read it.
	const open = fx.panelA.slots[3];
	await app.drive(open.id, 'start_presentation', 'start_qa', 'open_scoring');
	await submitScores(app.ctx, jurors[0], { slotId: open.id, submissionId: newSubmissionId(), scores: flatSheet(11) });
});
afterAll(() => app.close());

describe('the results analysis', () => {
	test('charts the certified slots only, with names, and names the harsh juror', async () => {
		const analysis = await resultsAnalysis(app.ctx, admin, fx.evaluationId, {});
		expect(analysis.stages.points.map((p) => p.bodyId)).toEqual(expect.arrayContaining(fx.panelA.slots.slice(0, 3).map((s) => s.bodyId)));
		expect(analysis.stages.points).toHaveLength(3);
		const [panel] = analysis.deviations;
		expect(analysis.panels[panel.panelId]).toBe('Panel A');
		expect(panel.bodyIds).toEqual(fx.panelA.slots.slice(0, 3).map((s) => s.bodyId));
		expect(panel.cells.every((c) => c.total !== 11)).toBe(true);
		const harsh = panel.jurors.find((j) => j.tendency === 'harsh')!;
		expect(analysis.jurors[harsh.jurorId]).toBe(app.demo.joinCodes.filter((p) => p.role === 'juror')[2].name);
		expect(analysis.distribution.reduce((n, d) => n + d.count, 0)).toBe(34);
		expect(analysis.published).toBeNull();
		expect(analysis.weights.tried).toBeNull();
		expect(analysis.weights.effects.length).toBeGreaterThan(4);
		expect(analysis.tieBreak).toMatchObject({ chain: [], alternative: [{ kind: 'presentation' }, { kind: 'prior' }] });
	});

	test('a weight to try is read as typed; a bad one is refused by its code and the rest is still there', async () => {
		const tried = await resultsAnalysis(app.ctx, admin, fx.evaluationId, { prior: '80,5' });
		expect(tried.weights.tried).toMatchObject({ effect: { scenario: { kind: 'stage', prior: 80.5, presentation: 19.5 } } });
		for (const [typed, code] of [
			['1.000,5', 'thousands_separator'],
			['80,555', 'too_many_decimals'],
			['120', 'out_of_range'],
			['delapan', 'not_a_number']
		]) {
			const refused = await resultsAnalysis(app.ctx, admin, fx.evaluationId, { prior: typed });
			expect(refused.weights.tried).toEqual({ error: code, typed });
			expect(refused.distribution.length).toBeGreaterThan(0);
		}
	});

	test('only the secretariat sees it; an evaluation without a rubric has none yet', async () => {
		for (const role of ['chair', 'juror', 'presenter'] as const) {
			const user = (await app.signIn(role)).user;
			await expect(resultsAnalysis(app.ctx, user, fx.evaluationId, {})).rejects.toMatchObject({ code: 'forbidden' });
		}
		const blank = await createEvaluation(app.ctx, admin, { name: 'Kosong', source: { kind: 'blank' } });
		await expect(resultsAnalysis(app.ctx, admin, blank, {})).rejects.toMatchObject({ code: 'invalid_state' });
	});
});
