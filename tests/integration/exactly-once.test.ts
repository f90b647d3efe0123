/**
 * At-least-once from jurors, exactly-once in the database: the submission id is the key, a retry
 * answers with the original receipt, and a new id is a new revision that replaces the earlier one.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AudienceView, JurorView, PanelView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp, scoredBoards } from './harness';

let app: TestApp;
let fx: Fixture;
let slotId: string;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	slotId = fx.panelA.slots[0].id;
	await app.drive(slotId, 'start_presentation', 'open_scoring');
});
afterAll(() => app.close());

const rowsOf = (submissionId: string) => app.db.selectFrom('score_submissions').selectAll().where('id', '=', submissionId).execute();
const sheetsOf = (jurorId: string, slot = slotId) =>
	app.db
		.selectFrom('score_submissions')
		.selectAll()
		.where('juror_id', '=', jurorId)
		.where('slot_id', '=', slot)
		.orderBy('revision')
		.execute();

describe('retrying a submission', () => {
	test('the same submissionId sent again returns the original receipt and stores no second row', async () => {
		const { token, user } = await app.signIn('juror', 0);
		const socket = await app.socket(token);
		const payload = { slotId, submissionId: newSubmissionId('retry'), scores: flatSheet(80) };
		const first = await ask<ScoreReceipt>(socket, 'score.submit', payload);
		expect(first).toMatchObject({ ok: true, data: { revision: 1, total: 80, slotId, submissionId: payload.submissionId } });
		const before = await app.state();

		// A retry from a reconnected tablet (new socket, same session) and from the same socket.
		const again = await ask<ScoreReceipt>(await app.socket(token), 'score.submit', payload);
		const third = await ask<ScoreReceipt>(socket, 'score.submit', payload);
		expect(again).toEqual(first);
		expect(third).toEqual(first);
		expect(await rowsOf(payload.submissionId)).toHaveLength(1);
		expect(await sheetsOf(user.id)).toHaveLength(1);
		expect(await app.state()).toEqual(before);
	});

	test('a retry with different scores under the same id still returns the original receipt, unchanged', async () => {
		const { token } = await app.signIn('juror', 1);
		const socket = await app.socket(token);
		const submissionId = newSubmissionId('retry');
		const first = await ask<ScoreReceipt>(socket, 'score.submit', { slotId, submissionId, scores: flatSheet(70) });
		const retry = await ask<ScoreReceipt>(socket, 'score.submit', { slotId, submissionId, scores: flatSheet(99) });
		expect(retry).toEqual(first);
		const [row] = await rowsOf(submissionId);
		expect(JSON.parse(row.scores)).toEqual(flatSheet(70));
	});

	test('the same submissionId sent twice concurrently (two tablets, one socket) is stored once, both acks equal', async () => {
		const { token, user } = await app.signIn('juror', 2);
		const [tabletA, tabletB] = [await app.socket(token), await app.socket(token)];
		const before = await app.state();
		const payload = { slotId, submissionId: newSubmissionId('race'), scores: flatSheet(66) };
		const acks = await Promise.all([
			ask<ScoreReceipt>(tabletA, 'score.submit', payload),
			ask<ScoreReceipt>(tabletB, 'score.submit', payload),
			ask<ScoreReceipt>(tabletA, 'score.submit', payload),
			ask<ScoreReceipt>(tabletB, 'score.submit', payload)
		]);
		for (const ack of acks) expect(ack).toEqual(acks[0]);
		expect(acks[0]).toMatchObject({ ok: true, data: { revision: 1, total: 66 } });
		expect(await rowsOf(payload.submissionId)).toHaveLength(1);
		expect(await sheetsOf(user.id)).toHaveLength(1);
		const after = await app.state();
		expect(after.submissions).toBe(before.submissions + 1);
		expect(after.audit).toBe(before.audit + 1);
	});
});

describe('resubmitting', () => {
	test('a new submissionId makes revision 2, and the latest sheet is the one that counts', async () => {
		const { token, user } = await app.signIn('juror', 0);
		const socket = await app.socket(token);
		const chair = await app.socket((await app.signIn('chair', 0)).token);
		const second = await ask<ScoreReceipt>(socket, 'score.submit', { slotId, submissionId: newSubmissionId('rev'), scores: flatSheet(90) });
		expect(second).toMatchObject({ ok: true, data: { revision: 2, total: 90 } });
		expect((await sheetsOf(user.id)).map((s) => [s.revision, s.total])).toEqual([
			[1, 80],
			[2, 90]
		]);

		// The juror's own view and the chair's console both show the latest sheet.
		const mine = await ask<Snapshot>(socket, 'sync', { view: 'juror' });
		expect(mine.ok && (mine.data.data as JurorView).mine).toMatchObject({ revision: 2, total: 90, scores: flatSheet(90) });
		const panel = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		const status = panel.ok ? (panel.data.data as PanelView).jurors.find((j) => j.id === user.id) : undefined;
		expect(status).toMatchObject({ submitted: true, total: 90 });

		// Certified: the presentation score is the mean of the latest totals (90, 70, 66), not of every revision.
		await app.drive(slotId, 'close_scoring', 'certify');
		const audience = await app.socket();
		const board = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
		const boards = board.ok ? scoredBoards(board.data.data as AudienceView) : [];
		expect(boards[0].entries[0].presentationScore).toBeCloseTo((90 + 70 + 66) / 3, 10);
	});

	test('a retry of an earlier submission after scoring closed still returns its receipt (the outbox may be late)', async () => {
		const { token, user } = await app.signIn('juror', 0);
		const socket = await app.socket(token);
		const [first] = await sheetsOf(user.id);
		const res = await ask<ScoreReceipt>(socket, 'score.submit', { slotId, submissionId: first.id, scores: flatSheet(80) });
		expect(res).toEqual({ ok: true, data: { submissionId: first.id, slotId, revision: 1, total: 80, savedAt: first.submitted_at } });
	});
});

describe('a submissionId belongs to one sheet', () => {
	test('reused by another juror, or for another slot, it is refused as a conflict and nothing is written', async () => {
		const nextSlot = fx.panelA.slots[1].id;
		await app.drive(nextSlot, 'start_presentation', 'open_scoring');
		const jurorA0 = await app.signIn('juror', 0);
		const jurorA1 = await app.signIn('juror', 1);
		const [earlier] = await sheetsOf(jurorA0.user.id);
		const before = await app.state();

		const otherSlot = await ask(await app.socket(jurorA0.token), 'score.submit', {
			slotId: nextSlot,
			submissionId: earlier.id,
			scores: flatSheet(50)
		});
		expect(otherSlot).toMatchObject({ ok: false, error: { code: 'conflict' } });
		const otherJuror = await ask(await app.socket(jurorA1.token), 'score.submit', {
			slotId: nextSlot,
			submissionId: earlier.id,
			scores: flatSheet(50)
		});
		expect(otherJuror).toMatchObject({ ok: false, error: { code: 'conflict' } });
		const sameSlotOtherJuror = await ask(await app.socket(jurorA1.token), 'score.submit', {
			slotId,
			submissionId: earlier.id,
			scores: flatSheet(50)
		});
		expect(sameSlotOtherJuror).toMatchObject({ ok: false, error: { code: 'conflict' } });

		expect(await app.state()).toEqual(before);
		expect(await rowsOf(earlier.id)).toEqual([earlier]);
	});
});
