/**
 * Before certifying, the chair sees the juror farthest from the panel when totals diverge, and asks
 * that juror alone to score again: the juror's tablet opens the sheet with the chair's reason,
 * scoring stays closed for the others, the new sheet answers the request; certifying while a
 * re-score is awaited needs the chair's confirmation. Real sockets, real database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JurorView, PanelView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, nextSnapshot, startTestApp, type Fixture, type TestApp, type TestSocket } from '../harness';
import { synced } from './support';

let app: TestApp;
let fx: Fixture;

const submit = (socket: TestSocket, slotId: string, value: number) =>
	ask<ScoreReceipt>(socket, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(value) });

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
});
afterAll(() => app.close());

describe('asking one juror for a re-score', () => {
	test("reopens that juror's sheet alone, with the reason on the tablet, and is answered by the new sheet", async () => {
		const slot = fx.panelA.slots[0];
		const logins = [await app.signIn('juror', 0), await app.signIn('juror', 1), await app.signIn('juror', 2)];
		const tablets = await Promise.all(logins.map((l) => synced(app, l.token, 'juror')));
		const chair = await synced(app, (await app.signIn('chair', 0)).token, 'panel');
		const far = logins[2].user.id;

		// Too early: scoring still open.
		await app.drive(slot.id, 'start_presentation', 'open_scoring');
		for (const [i, value] of [70, 72, 95].entries()) expect((await submit(tablets[i], slot.id, value)).ok).toBe(true);
		const early = await ask(chair, 'rescore.request', { slotId: slot.id, jurorId: far, reason: 'Periksa K1' });
		expect(!early.ok && early.error.reason).toBe('invalid_transition');
		await app.drive(slot.id, 'close_scoring');

		// The console names the juror farthest from the panel.
		const console = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		const view = console.ok ? (console.data.data as PanelView) : null;
		expect(view?.divergence?.divergent).toBe(true);
		expect(view?.certification?.farthestJurorId).toBe(far);

		// Refused for a juror of another panel and for anyone but the chair; nothing changes.
		const before = await app.state();
		const foreign = await ask(chair, 'rescore.request', { slotId: slot.id, jurorId: fx.panelB.jurorIds[0], reason: 'Periksa K1' });
		expect(!foreign.ok && foreign.error.reason).toBe('rescore_needs_sheet');
		const byJuror = await ask(tablets[0], 'rescore.request', { slotId: slot.id, jurorId: far, reason: 'Periksa K1' });
		expect(!byJuror.ok && byJuror.error.reason).toBe('chair_or_secretariat_only');
		expect(await app.state()).toEqual(before);

		const opened = nextSnapshot(tablets[2], 'juror', (s) => (s.data as JurorView).slot?.rescore !== null);
		const asked = await ask<{ requestId: string }>(chair, 'rescore.request', {
			slotId: slot.id,
			jurorId: far,
			reason: 'Total jauh dari juri lain; periksa K1'
		});
		expect(asked.ok).toBe(true);
		expect((await opened).data).toMatchObject({ slot: { state: 'closed', rescore: 'Total jauh dari juri lain; periksa K1' } });
		const twice = await ask(chair, 'rescore.request', { slotId: slot.id, jurorId: far, reason: 'Lagi' });
		expect(!twice.ok && twice.error.reason).toBe('rescore_already_asked');
		const awaited = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		expect(awaited.ok && (awaited.data.data as PanelView).jurors.find((j) => j.id === far)?.rescore).toEqual({
			reason: 'Total jauh dari juri lain; periksa K1'
		});
		// The others' tablets are not asked, and their sheets stay closed.
		const other = await ask<Snapshot>(tablets[0], 'sync', { view: 'juror' });
		expect(other.ok && (other.data.data as JurorView).slot?.rescore).toBeNull();
		const closedForOthers = await submit(tablets[0], slot.id, 71);
		expect(!closedForOthers.ok && closedForOthers.error.reason).toBe('scoring_not_open');

		// Certifying now is refused unless confirmed.
		const refused = await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify' });
		expect(!refused.ok && [refused.error.reason, refused.error.params]).toEqual(['rescore_pending', { names: expect.any(String) }]);

		// The juror sends again: the request is answered, the console no longer awaits it.
		const answered = await submit(tablets[2], slot.id, 76);
		expect(answered.ok && answered.data.revision).toBe(2);
		const after = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		const afterView = after.ok ? (after.data.data as PanelView) : null;
		expect(afterView?.jurors.find((j) => j.id === far)).toMatchObject({ rescore: null, total: 76 });
		expect(afterView?.divergence?.divergent).toBe(false);
		const again = await submit(tablets[2], slot.id, 77);
		expect(!again.ok && again.error.reason).toBe('scoring_not_open');
		const audit = await app.db
			.selectFrom('audit_log')
			.select(['action', 'after'])
			.where('action', 'in', ['slot.rescore_request', 'score.submit'])
			.orderBy('seq', 'desc')
			.limit(2)
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['score.submit', 'slot.rescore_request']);
		expect(JSON.parse(audit[0].after!).rescoreRequestId).toBe(asked.ok ? asked.data.requestId : '');

		expect((await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify' })).ok).toBe(true);
		for (const s of [...tablets, chair]) s.disconnect();
	});

	test('certifying while a re-score is awaited, once confirmed, keeps the current sheet', async () => {
		const slot = fx.panelA.slots[1];
		const logins = [await app.signIn('juror', 0), await app.signIn('juror', 1), await app.signIn('juror', 2)];
		const tablets = await Promise.all(logins.map((l) => synced(app, l.token, 'juror')));
		const chair = await synced(app, (await app.signIn('chair', 0)).token, 'panel');
		await app.drive(slot.id, 'start_presentation', 'open_scoring');
		for (const [i, value] of [60, 62, 90].entries()) expect((await submit(tablets[i], slot.id, value)).ok).toBe(true);
		await app.drive(slot.id, 'close_scoring');
		expect((await ask(chair, 'rescore.request', { slotId: slot.id, jurorId: logins[2].user.id, reason: 'Periksa lagi' })).ok).toBe(true);
		const certified = await ask(chair, 'slot.command', { slotId: slot.id, command: 'certify', confirmRescore: true });
		expect(certified).toEqual({ ok: true, data: { state: 'certified' } });
		// Certified: the request no longer opens the sheet.
		const late = await submit(tablets[2], slot.id, 70);
		expect(!late.ok && late.error.reason).toBe('scoring_not_open');
		for (const s of [...tablets, chair]) s.disconnect();
	});
});
