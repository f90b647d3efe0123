/**
 * The chair's console knows before certifying what certifying gives and whether the server would
 * refuse it: the panel score, the quorum, and whether reopening scoring could still reach it. A
 * refusal says which: reopening is advised only while a juror who is not recused can still score.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PanelView, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
let chair: TestSocket;
let jurors: TestSocket[];

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	chair = await app.socket((await app.signIn('chair', 0)).token);
	jurors = [];
	for (const i of [0, 1, 2]) jurors.push(await app.socket((await app.signIn('juror', i)).token));
});
afterAll(() => app.close());

async function run(slotId: string, ...commands: string[]) {
	for (const command of commands) expect(await ask(chair, 'slot.command', { slotId, command }), command).toMatchObject({ ok: true });
}
const score = (j: number, slotId: string, value: number) =>
	ask(jurors[j], 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(value) });
const consoleView = async () => ((await ask<Snapshot>(chair, 'sync', { view: 'panel' })) as { data: Snapshot }).data.data as PanelView;

async function recuse(j: number, bodyId: string) {
	await app.db
		.insertInto('recusals')
		.values({
			id: crypto.randomUUID(),
			evaluation_id: fx.evaluationId,
			juror_id: fx.panelA.jurorIds[j],
			body_id: bodyId,
			reason: 'Former employee of the body',
			created_by: fx.adminId,
			created_at: Date.now()
		})
		.execute();
}

describe('certifying, seen from the console before the chair confirms', () => {
	test('with every sheet in: the panel score by the aggregation, the quorum met', async () => {
		const slot = fx.panelA.slots[0];
		await run(slot.id, 'start_presentation', 'open_scoring');
		for (const [j, v] of [
			[0, 80],
			[1, 70],
			[2, 90]
		])
			expect(await score(j, slot.id, v)).toMatchObject({ ok: true });
		await run(slot.id, 'close_scoring');
		expect((await consoleView()).certification).toEqual({
			quorum: 2,
			validCount: 3,
			recusedCount: 0,
			absentIds: [],
			quorumMet: true,
			reopenHelps: true,
			panelScore: 80,
			// 70 and 90 are equally far from 80: no single juror to ask for a re-score.
			farthestJurorId: null
		});
		await run(slot.id, 'certify');
	});

	test('below the quorum with a juror still able to score: reopening is the advice', async () => {
		const slot = fx.panelA.slots[1];
		await recuse(2, slot.bodyId);
		await run(slot.id, 'start_presentation', 'open_scoring');
		expect(await score(0, slot.id, 75)).toMatchObject({ ok: true });
		await run(slot.id, 'close_scoring');
		expect((await consoleView()).certification).toMatchObject({ validCount: 1, quorumMet: false, reopenHelps: true, panelScore: null });
		expect(await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify', confirmMissing: true })).toMatchObject({
			ok: false,
			error: { code: 'invalid_state', reason: 'quorum_not_met', params: { valid: 1, quorum: 2, recused: 1 } }
		});
		// The second juror recuses too: now nobody else can score, and reopening is not advised.
		await recuse(1, slot.bodyId);
		expect((await consoleView()).certification).toMatchObject({ validCount: 1, recusedCount: 2, quorumMet: false, reopenHelps: false });
		expect(await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify', confirmMissing: true })).toMatchObject({
			ok: false,
			error: { code: 'invalid_state', reason: 'quorum_unreachable', params: { valid: 1, quorum: 2, recused: 2 } }
		});
	});

	test('a command the slot state does not allow names the command and the state, not a sentence', async () => {
		const slot = fx.panelA.slots[1];
		expect(await ask(chair, 'slot.command', { slotId: slot.id, command: 'start_qa' })).toMatchObject({
			ok: false,
			error: { code: 'invalid_state', reason: 'invalid_transition', params: { command: 'start_qa', state: 'closed' } }
		});
	});
});
