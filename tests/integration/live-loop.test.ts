import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AudienceView, JurorView, PanelView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, nextSnapshot, startTestApp, type TestApp, scoredBoards } from './harness';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.close());

const sheet = (v: number) => ({ K1: v, K2: v, K3: v, K4: v, K5: v, K6: v });

describe('one slot from start to certification', () => {
	test('chair runs the slot, jurors score, the audience sees the certified result', async () => {
		const chair = await app.signIn('chair', 0);
		const chairSocket = await app.socket(chair.token);
		const panel = await ask<Snapshot>(chairSocket, 'sync', { view: 'panel' });
		expect(panel.ok).toBe(true);
		const view = (panel as { data: Snapshot }).data.data as PanelView;
		const first = view.queue[0];

		const audience = await app.socket();
		const evaluationId = (await app.db.selectFrom('evaluations').select('id').executeTakeFirstOrThrow()).id;
		const initial = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId });
		expect(initial.ok && scoredBoards(initial.data.data as AudienceView)).toEqual([]);

		for (const command of ['start_presentation', 'start_qa', 'open_scoring']) {
			const res = await ask(chairSocket, 'slot.command', { slotId: first.id, command });
			expect(res).toMatchObject({ ok: true });
		}

		const beforeSheets = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId });
		const totals: number[] = [];
		for (const [i, score] of [80, 90, 70].entries()) {
			const juror = await app.signIn('juror', i);
			const s = await app.socket(juror.token);
			const jv = await ask<Snapshot>(s, 'sync', { view: 'juror' });
			expect(jv.ok && (jv.data.data as JurorView).slot?.id).toBe(first.id);
			const res = await ask<ScoreReceipt>(s, 'score.submit', { slotId: first.id, submissionId: `sub-${i}-aaaaaaaa`, scores: sheet(score) });
			expect(res.ok).toBe(true);
			if (res.ok) totals.push(res.data.total);
		}
		expect(totals).toEqual([80, 90, 70]);
		// Score sheets are private: the public version does not even count them.
		const afterSheets = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId });
		expect(afterSheets.ok && afterSheets.data.version).toBe(beforeSheets.ok && beforeSheets.data.version);

		expect(await ask(chairSocket, 'slot.command', { slotId: first.id, command: 'close_scoring' })).toMatchObject({ ok: true });
		const board = nextSnapshot(audience, 'audience', (s) => scoredBoards(s.data as AudienceView).length > 0);
		expect(await ask(chairSocket, 'slot.command', { slotId: first.id, command: 'certify' })).toMatchObject({ ok: true });
		const certified = await board;
		expect(certified.version).toBeGreaterThan(initial.ok ? initial.data.version : Infinity);
		const entries = scoredBoards(certified.data as AudienceView)[0].entries;
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ bodyName: first.bodyName, rank: 1, presentationScore: 80 });
	});
});
