/**
 * Changing a rule results depend on once results are certified (issue 9, item 10g): after the
 * unlock, the change is refused with a preview of how the certified results would move (computed
 * by the scoring core with the new rules), changing nothing; it is made only with that preview's
 * key, and the audit row records the preview confirmed. Changes results do not depend on, and rule
 * changes before any certification, need no confirmation.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeResults } from '$lib/domain/scoring';
import type { EvaluationSettings } from '$lib/domain/setup/evaluation-settings';
import type { SessionUser } from '$lib/server/auth/session';
import { getEvaluationSettings, unlockSettings, updateEvaluationSettings } from '$lib/server/services/evaluations';
import { getRubric, saveRubric } from '$lib/server/services/rubric';
import { evaluationResultInputs } from '$lib/server/services/results';
import { RulesChangeUnconfirmed } from '$lib/server/services/rule-preview';
import { submitScores } from '$lib/server/services/scoring';
import { refusalText } from '$lib/shared/refusal-text';
import { flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp } from '../harness';
import { lastAudit, setupRows } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

const settings = async () => (await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings;
const median = (s: EvaluationSettings): EvaluationSettings => ({
	...s,
	rules: { ...s.rules, aggregation: { ...s.rules.aggregation, method: 'median' } }
});

/** Panel A's slots from `first`, `count` of them, scored by its three jurors (the third generous by `lift`) and certified. */
async function certify(first: number, count: number, lift: number) {
	const jurors = await Promise.all([0, 1, 2].map((i) => app.signIn('juror', i)));
	for (const [i, slot] of fx.panelA.slots.slice(first, first + count).entries()) {
		await app.drive(slot.id, 'start_presentation', 'start_qa', 'open_scoring');
		const base = 70 + i * 3;
		for (const [j, juror] of jurors.entries())
			await submitScores(app.ctx, juror.user, {
				slotId: slot.id,
				submissionId: newSubmissionId('rp'),
				scores: flatSheet(base + (j === 2 ? lift : j))
			});
		await app.drive(slot.id, 'close_scoring', 'certify');
	}
}

async function refusedWithPreview(change: () => Promise<unknown>): Promise<RulesChangeUnconfirmed> {
	const before = await setupRows(app);
	const error = await change().then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'the change was made unconfirmed').toBeInstanceOf(RulesChangeUnconfirmed);
	expect(await setupRows(app), 'a refused change changes nothing').toEqual(before);
	return error as RulesChangeUnconfirmed;
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
});
afterAll(() => app.close());

describe('a rule change once results are certified', () => {
	test('before any certification a rule change (unlocked) needs no confirmation', async () => {
		const s = await settings();
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, { ...s, rules: { ...s.rules, divergenceTolerance: 12 } });
		expect((await lastAudit(app)).after).not.toHaveProperty('certifiedResultsPreview');
	});

	test('after the unlock, a change of aggregation is refused with the preview of the certified results', async () => {
		await certify(0, 3, 24);
		await unlockSettings(app.ctx, admin, fx.evaluationId, 'Agregasi median sesuai SK panitia');
		const s = await settings();
		const refusal = await refusedWithPreview(() => updateEvaluationSettings(app.ctx, admin, fx.evaluationId, median(s)));
		const { preview } = refusal;
		expect(preview.rules).toEqual(['aggregation']);
		expect(preview.bodies).toBe(3);
		// The preview is the scoring core's own recomputation, body by body.
		const { inputs } = await evaluationResultInputs(app.db, fx.evaluationId, 'presented');
		const now = computeResults(inputs).entries;
		const then = computeResults({ ...inputs, rules: median(s).rules }).entries;
		expect(preview.moves.length).toBeGreaterThan(0);
		for (const move of preview.moves) {
			expect(move.before.finalScore).toBe(now.find((e) => e.bodyId === move.bodyId)!.finalScore);
			expect(move.after.finalScore).toBe(then.find((e) => e.bodyId === move.bodyId)!.finalScore);
			expect(move.name).toBe(fx.panelA.slots.find((slot) => slot.bodyId === move.bodyId)!.bodyName);
			expect(move.category).not.toBe('');
		}
		// The generous juror no longer counts: every score drops.
		expect(preview.moves.every((m) => m.after.finalScore < m.before.finalScore)).toBe(true);
		expect(refusal.refusal).toEqual({ reason: 'rules_change_unconfirmed', params: { moved: preview.moves.length, bodies: 3 } });
		expect(refusalText(refusal.refusal, 'id')).toContain(`${preview.moves.length} dari 3`);
		expect(refusalText(refusal.refusal, 'en')).toContain(`${preview.moves.length} of 3`);
	});

	test('a wrong or stale key is refused too; the preview’s key makes the change, audited with it', async () => {
		const s = await settings();
		const { preview } = await refusedWithPreview(() => updateEvaluationSettings(app.ctx, admin, fx.evaluationId, median(s), 'not-the-key'));
		// Another slot certified meanwhile: the preview the secretariat saw is no longer the one that holds.
		await certify(3, 1, 24);
		await unlockSettings(app.ctx, admin, fx.evaluationId, 'Agregasi median sesuai SK panitia');
		const stale = await refusedWithPreview(() => updateEvaluationSettings(app.ctx, admin, fx.evaluationId, median(s), preview.key));
		expect(stale.preview.key).not.toBe(preview.key);
		expect(stale.preview.bodies).toBe(4);

		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, median(s), stale.preview.key);
		expect((await settings()).rules.aggregation.method).toBe('median');
		const audit = await lastAudit(app);
		expect(audit.action).toBe('evaluation.settings_update');
		expect(audit.after.certifiedResultsPreview).toEqual({ key: stale.preview.key, moved: stale.preview.moves.length, bodies: 4 });
	});

	test('a change results do not depend on needs no confirmation', async () => {
		const s = await settings();
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, { ...s, passingGrade: 55, timing: { ...s.timing, qa: 12 } });
		expect((await settings()).passingGrade).toBe(55);
		expect((await lastAudit(app)).after).not.toHaveProperty('certifiedResultsPreview');
	});
});

describe('a change of the rubric’s weights once results are certified', () => {
	test('is previewed and confirmed like a rule; a change of names only needs nothing', async () => {
		// Still unlocked: no score was submitted since the last unlock.
		expect((await getRubric(app.ctx, admin, fx.evaluationId)).settingsLockedAt).toBeNull();
		const { criteria } = await getRubric(app.ctx, admin, fx.evaluationId);
		const reweighted = criteria.map((c) =>
			c.code === 'K1' ? { ...c, weight: c.weight + 5 } : c.code === 'K2' ? { ...c, weight: c.weight - 5 } : c
		);
		const { preview } = await refusedWithPreview(() => saveRubric(app.ctx, admin, fx.evaluationId, reweighted));
		expect(preview.rules).toEqual(['criterion K1', 'criterion K2']);
		// Every sheet so far is flat (each criterion the same): weights move nobody, and still it is confirmed.
		expect(preview.moves).toEqual([]);
		await saveRubric(app.ctx, admin, fx.evaluationId, reweighted, preview.key);
		expect((await getRubric(app.ctx, admin, fx.evaluationId)).criteria.find((c) => c.code === 'K1')!.weight).toBe(criteria[0].weight + 5);
		expect((await lastAudit(app)).after.certifiedResultsPreview).toEqual({ key: preview.key, moved: 0, bodies: preview.bodies });

		const renamed = reweighted.map((c) => (c.code === 'K1' ? { ...c, name: `${c.name} (revisi)` } : c));
		await saveRubric(app.ctx, admin, fx.evaluationId, renamed);
		expect(Array.isArray((await lastAudit(app)).after)).toBe(true);
	});
});
