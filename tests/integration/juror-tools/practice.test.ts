/**
 * The practice (calibration) slot: the chair runs it before the room's first real slot, the jurors
 * score it on their tablets like any slot, the console shows totals, divergence and the panel score
 * it would give, and nothing of it reaches a result, a public view or the score sheets. Real
 * sockets, real database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeEvaluationResults } from '$lib/server/services/results';
import { presenterView } from '$lib/server/services/projections';
import type { JurorView, PanelView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, nextSnapshot, record, startTestApp, type Fixture, type TestApp } from '../harness';
import { synced } from './support';

let app: TestApp;
let fx: Fixture;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
});
afterAll(() => app.close());

describe('the practice slot', () => {
	test('is scored like any slot and counted nowhere', async () => {
		const logins = [await app.signIn('juror', 0), await app.signIn('juror', 1), await app.signIn('juror', 2)];
		const tablets = await Promise.all(logins.map((l) => synced(app, l.token, 'juror')));
		const chair = await synced(app, (await app.signIn('chair', 0)).token, 'panel');
		const audience = await synced(app, undefined, 'audience', fx.evaluationId);
		const publicSeen = record(audience);
		const resultsBefore = JSON.stringify(await computeEvaluationResults(app.db, fx.evaluationId, 'all'));
		const before = await app.state();

		// Only the chair (or the secretariat) starts one.
		const byJuror = await ask(tablets[0], 'practice.start', {});
		expect(!byJuror.ok && byJuror.error.reason).toBe('chair_or_secretariat_only');

		const onTablet = nextSnapshot(tablets[0], 'juror', (s) => (s.data as JurorView).slot?.practice === true);
		const started = await ask<{ practiceId: string }>(chair, 'practice.start', {});
		expect(started.ok).toBe(true);
		const practiceId = started.ok ? started.data.practiceId : '';
		expect((await onTablet).data).toMatchObject({ slot: { id: practiceId, practice: true, state: 'presenting', bodyName: '' } });
		// Twice at once, or a real slot over it, is refused: the room is busy.
		const twice = await ask(chair, 'practice.start', {});
		expect(!twice.ok && twice.error.reason).toBe('room_busy');
		const real = await ask(chair, 'slot.command', { slotId: fx.panelA.slots[0].id, command: 'start_presentation' });
		expect(!real.ok && real.error.reason).toBe('room_busy');

		// The same commands as any slot; scores before scoring opens are refused.
		const early = await ask(tablets[0], 'score.submit', { slotId: practiceId, submissionId: newSubmissionId(), scores: flatSheet(70) });
		expect(!early.ok && early.error.reason).toBe('scoring_not_open');
		expect((await ask(chair, 'slot.command', { slotId: practiceId, command: 'open_scoring' })).ok).toBe(true);
		const id = newSubmissionId();
		for (const [i, value] of [70, 72, 95].entries()) {
			const res = await ask<ScoreReceipt>(tablets[i], 'score.submit', {
				slotId: practiceId,
				submissionId: i === 0 ? id : newSubmissionId(),
				scores: flatSheet(value)
			});
			expect(res.ok).toBe(true);
		}
		// Exactly once, like any sheet; a juror of another panel is refused; a bad sheet too.
		expect(await ask(tablets[0], 'score.submit', { slotId: practiceId, submissionId: id, scores: flatSheet(70) })).toMatchObject({
			ok: true,
			data: { revision: 1 }
		});
		const foreign = await synced(app, (await app.signIn('juror', 3)).token, 'juror');
		const fromB = await ask(foreign, 'score.submit', { slotId: practiceId, submissionId: newSubmissionId(), scores: flatSheet(70) });
		expect(!fromB.ok && fromB.error.reason).toBe('not_on_panel');
		const bad = await ask(tablets[0], 'score.submit', { slotId: practiceId, submissionId: newSubmissionId(), scores: { K1: 70 } });
		expect(!bad.ok && bad.error.reason).toBe('sheet_invalid');
		const mine = await ask<Snapshot>(tablets[2], 'sync', { view: 'juror' });
		expect(mine.ok && (mine.data.data as JurorView).mine).toMatchObject({ total: 95, revision: 1 });

		// The console reads it like a real slot: totals, divergence, the juror farthest, the score it would give.
		expect((await ask(chair, 'slot.command', { slotId: practiceId, command: 'close_scoring' })).ok).toBe(true);
		const console = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		const view = console.ok ? (console.data.data as PanelView) : null;
		expect(view).toMatchObject({ activeSlotId: practiceId, practice: { id: practiceId, practice: true, state: 'closed' } });
		expect(view?.jurors.map((j) => j.total)).toEqual([70, 72, 95]);
		expect(view?.divergence?.divergent).toBe(true);
		expect(view?.certification).toMatchObject({ quorumMet: true, farthestJurorId: logins[2].user.id });
		expect(view?.certification?.panelScore).toBeCloseTo(79, 6);
		expect(view?.queue.some((s) => s.id === practiceId)).toBe(false);
		expect((await ask(chair, 'slot.command', { slotId: practiceId, command: 'certify' })).ok).toBe(true);

		// Counted nowhere: no score sheet, no result, nothing public.
		const after = await app.state();
		expect(after.submissions).toBe(before.submissions);
		expect(after.slotStates).toEqual(before.slotStates);
		expect(JSON.stringify(await computeEvaluationResults(app.db, fx.evaluationId, 'all'))).toBe(resultsBefore);
		const presenter = await app.signIn('presenter', 0);
		expect(JSON.stringify(await presenterView(app.db, presenter.user, Date.now()))).not.toContain(practiceId);
		const publicNow = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
		expect(JSON.stringify([...publicSeen, publicNow])).not.toContain(practiceId);
		const audit = await app.db.selectFrom('audit_log').select('action').where('entity_id', '=', practiceId).orderBy('seq').execute();
		expect(audit.map((a) => a.action)).toEqual([
			'practice.start_presentation',
			'practice.open_scoring',
			'practice.close_scoring',
			'practice.certify'
		]);

		// Done, the room is free: the first real slot starts, and no practice runs after it.
		const tabletBack = nextSnapshot(tablets[0], 'juror', (s) => (s.data as JurorView).slot?.id === fx.panelA.slots[0].id);
		expect((await ask(chair, 'slot.command', { slotId: fx.panelA.slots[0].id, command: 'start_presentation' })).ok).toBe(true);
		const back = (await tabletBack).data as JurorView;
		expect([back.slot?.bodyName, back.slot?.practice]).toEqual([fx.panelA.slots[0].bodyName, undefined]);
		const late = await ask(chair, 'practice.start', {});
		expect(!late.ok && late.error.reason).toBe('practice_too_late');
		for (const s of [...tablets, chair, audience, foreign]) s.disconnect();
	});
});
