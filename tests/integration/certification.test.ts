/**
 * Certifying a slot: missing jurors need the chair's confirmation, a quorum is required, and the
 * certified numbers (presentation mean without recused jurors, 70/30 final, band, competition
 * rank) match a calculation done by hand.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AudienceView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp, type TestSocket, scoredBoards } from './harness';

let app: TestApp;
let fx: Fixture;
let chairA: TestSocket;
let chairB: TestSocket;
/** Panel A jurors 0–2, then Panel B jurors 0–2. */
let jurors: TestSocket[];

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	chairA = await app.socket((await app.signIn('chair', 0)).token);
	chairB = await app.socket((await app.signIn('chair', 1)).token);
	jurors = [];
	for (const i of [0, 1, 2, 3, 4, 5]) jurors.push(await app.socket((await app.signIn('juror', i)).token));
});
afterAll(() => app.close());

async function run(chair: TestSocket, slotId: string, ...commands: string[]) {
	for (const command of commands) expect(await ask(chair, 'slot.command', { slotId, command }), command).toMatchObject({ ok: true });
}

async function score(juror: TestSocket, slotId: string, value: number) {
	const res = await ask<ScoreReceipt>(juror, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(value) });
	expect(res).toMatchObject({ ok: true, data: { total: value } });
}

describe('certification checks', () => {
	test('with a juror missing it fails as a conflict naming them, until the chair confirms', async () => {
		// Panel B's first slot (Sumatera Utara): jurors B0 and B1 score 50, B2 does not.
		const slot = fx.panelB.slots[0];
		await run(chairB, slot.id, 'start_presentation', 'open_scoring');
		await score(jurors[3], slot.id, 50);
		await score(jurors[4], slot.id, 50);
		await run(chairB, slot.id, 'close_scoring');
		const missing = await app.db
			.selectFrom('users')
			.select(['id', 'name'])
			.where('id', '=', fx.panelB.jurorIds[2])
			.executeTakeFirstOrThrow();

		const before = await app.state();
		const refused = await ask(chairB, 'slot.command', { slotId: slot.id, command: 'certify' });
		expect(refused).toMatchObject({
			ok: false,
			error: { code: 'conflict', issues: [{ path: missing.id, message: expect.stringContaining(missing.name) }] }
		});
		expect(!refused.ok && refused.error.message).toContain(missing.name);
		expect(await app.state()).toEqual(before);

		expect(await ask(chairB, 'slot.command', { slotId: slot.id, command: 'certify', confirmMissing: true })).toEqual({
			ok: true,
			data: { state: 'certified' }
		});
	});

	test('below the quorum (one sheet) it fails as invalid_state, even confirmed', async () => {
		// Panel B's third slot (Sumatera Selatan): only B0 scores. Quorum is 2.
		const slot = fx.panelB.slots[2];
		await run(chairB, slot.id, 'start_presentation', 'open_scoring');
		await score(jurors[3], slot.id, 90);
		await run(chairB, slot.id, 'close_scoring');
		const before = await app.state();
		for (const confirmMissing of [false, true]) {
			const res = await ask(chairB, 'slot.command', { slotId: slot.id, command: 'certify', confirmMissing });
			expect(res).toMatchObject({ ok: false, error: { code: 'invalid_state', message: expect.stringMatching(/quorum is 2/) } });
		}
		expect(await app.state()).toEqual(before);
		// Reopened, so the slot does not block Panel B's room for the next test.
		await run(chairB, slot.id, 'reopen_scoring');
		await score(jurors[4], slot.id, 90);
		await run(chairB, slot.id, 'close_scoring');
		expect(await ask(chairB, 'slot.command', { slotId: slot.id, command: 'certify', confirmMissing: true })).toMatchObject({ ok: true });
	});
});

describe('certified results, computed by hand', () => {
	test('recused jurors are excluded, finals are 0.7·SAQ + 0.3·presentation to 2 decimals, bands and shared ranks follow', async () => {
		const [aceh, sumbar] = fx.panelA.slots;
		const [sumut, riau, sumsel] = fx.panelB.slots;
		expect(
			[aceh, sumbar, sumut, riau, sumsel].map((s) => [s.bodyName.replace(/^Pemerintah (Provinsi|Daerah) /, ''), s.priorScore])
		).toEqual([
			['Aceh', 96.5],
			['Sumatera Barat', 92],
			['Sumatera Utara', 84.6],
			['Riau', 81.3],
			['Sumatera Selatan', 86.2]
		]);

		// Aceh: A2 scores 10, then is found to be conflicted (a recusal is recorded); A0 80, A1 71.
		await run(chairA, aceh.id, 'start_presentation', 'start_qa', 'open_scoring');
		await score(jurors[2], aceh.id, 10);
		await app.db
			.insertInto('recusals')
			.values({
				id: crypto.randomUUID(),
				evaluation_id: fx.evaluationId,
				juror_id: fx.panelA.jurorIds[2],
				body_id: aceh.bodyId,
				reason: 'Family member works for the body',
				created_by: fx.adminId,
				created_at: Date.now()
			})
			.execute();
		await score(jurors[0], aceh.id, 80);
		await score(jurors[1], aceh.id, 71);
		await run(chairA, aceh.id, 'close_scoring');
		// The recused juror is not "missing": no confirmation is needed.
		await run(chairA, aceh.id, 'certify');

		// Sumatera Barat: every Panel A juror scores 86.
		await run(chairA, sumbar.id, 'start_presentation', 'open_scoring');
		for (const j of [0, 1, 2]) await score(jurors[j], sumbar.id, 86);
		await run(chairA, sumbar.id, 'close_scoring', 'certify');

		// Riau: Panel B scores 80, 80, 81 (a mean with a repeating decimal).
		await run(chairB, riau.id, 'start_presentation', 'open_scoring');
		await score(jurors[3], riau.id, 80);
		await score(jurors[4], riau.id, 80);
		await score(jurors[5], riau.id, 81);
		await run(chairB, riau.id, 'close_scoring', 'certify');

		// Expected, by hand:
		//   Aceh    presentation (80 + 71) / 2 = 75.5 (not (80 + 71 + 10) / 3);  0.7·96.5 + 0.3·75.5   = 67.55 + 22.65 = 90.20 → Informatif
		//   Sumbar  presentation 86;                                             0.7·92   + 0.3·86     = 64.4  + 25.8  = 90.20 → Informatif (tie)
		//   Riau    presentation 241 / 3 = 80.333…;                              0.7·81.3 + 0.3·80.33… = 56.91 + 24.1  = 81.01 → Menuju Informatif
		//   Sumut   presentation 50 (B2 missing, confirmed);                     0.7·84.6 + 0.3·50     = 59.22 + 15    = 74.22 → Cukup Informatif
		//   Sumsel  presentation (90 + 90) / 2 = 90;                             0.7·86.2 + 0.3·90     = 60.34 + 27    = 87.34 → Menuju Informatif
		// Competition ranking: 90.20, 90.20 share rank 1; then 87.34 is 3rd, 81.01 4th, 74.22 5th.
		const audience = await app.socket();
		const res = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
		expect(res.ok).toBe(true);
		const boards = (res as { data: Snapshot }).data.data as AudienceView;
		expect(scoredBoards(boards)).toHaveLength(1);
		const byBody = new Map(scoredBoards(boards)[0].entries.map((e) => [e.bodyId, e]));
		expect(scoredBoards(boards)[0].entries).toHaveLength(5);
		expect(byBody.get(aceh.bodyId)).toMatchObject({ rank: 1, presentationScore: 75.5, finalScore: 90.2, band: 'Informatif' });
		expect(byBody.get(sumbar.bodyId)).toMatchObject({ rank: 1, presentationScore: 86, finalScore: 90.2, band: 'Informatif' });
		expect(byBody.get(sumsel.bodyId)).toMatchObject({ rank: 3, presentationScore: 90, finalScore: 87.34, band: 'Menuju Informatif' });
		expect(byBody.get(riau.bodyId)).toMatchObject({ rank: 4, finalScore: 81.01, band: 'Menuju Informatif' });
		expect(byBody.get(riau.bodyId)!.presentationScore).toBeCloseTo(241 / 3, 10);
		expect(byBody.get(sumut.bodyId)).toMatchObject({ rank: 5, presentationScore: 50, finalScore: 74.22, band: 'Cukup Informatif' });
		// Ordered by rank, ties together.
		expect(scoredBoards(boards)[0].entries.map((e) => e.rank)).toEqual([1, 1, 3, 4, 5]);
	});

	test('the certified slot records who certified it and when', async () => {
		const aceh = await app.db.selectFrom('slots').selectAll().where('id', '=', fx.panelA.slots[0].id).executeTakeFirstOrThrow();
		expect(aceh).toMatchObject({ state: 'certified', certified_by: fx.panelA.chairId });
		expect(aceh.certified_at).toBeGreaterThan(0);
	});
});
