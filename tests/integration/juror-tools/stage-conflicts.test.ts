/**
 * A juror declares a conflict of interest with the body on stage from the tablet; the chair of that
 * panel sees it on the console and confirms it as a recusal (or dismisses it), over real sockets.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listConflicts } from '$lib/server/services/conflicts';
import type { JurorView, PanelView, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, nextSnapshot, startTestApp, type Fixture, type TestApp } from '../harness';
import { synced } from './support';

let app: TestApp;
let fx: Fixture;

const rowOf = (s: Snapshot, jurorId: string) => (s.data as PanelView).jurors.find((j) => j.id === jurorId)!;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
});
afterAll(() => app.close());

describe('a conflict declared at the stage', () => {
	test('waits for the chair, blocks scoring meanwhile, and once confirmed is a recusal', async () => {
		const slot = fx.panelA.slots[0];
		const jurorLogin = await app.signIn('juror', 0);
		const tablet = await synced(app, jurorLogin.token, 'juror');
		const chair = await synced(app, (await app.signIn('chair', 0)).token, 'panel');
		const otherChair = await synced(app, (await app.signIn('chair', 1)).token, 'panel');

		// Nothing on stage: refused, nothing written.
		const before = await app.state();
		const early = await ask(tablet, 'conflict.declare', { slotId: slot.id, reason: 'Mantan pegawai Diskominfo' });
		expect(!early.ok && early.error.reason).toBe('conflict_not_on_stage');
		const short = await ask(tablet, 'conflict.declare', { slotId: slot.id, reason: 'x' });
		expect(!short.ok && short.error.code).toBe('invalid_input');
		expect(await app.state()).toEqual(before);

		await app.drive(slot.id, 'start_presentation', 'open_scoring');
		const shown = nextSnapshot(chair, 'panel', (s) => rowOf(s, jurorLogin.user.id).declared !== null);
		const declared = await ask<{ conflictId: string }>(tablet, 'conflict.declare', {
			slotId: slot.id,
			reason: 'Mantan pegawai Diskominfo'
		});
		expect(declared.ok).toBe(true);
		const conflictId = declared.ok ? declared.data.conflictId : '';
		expect(rowOf(await shown, jurorLogin.user.id).declared).toEqual({ conflictId, reason: 'Mantan pegawai Diskominfo' });
		const mine = await ask<Snapshot>(tablet, 'sync', { view: 'juror' });
		expect(mine.ok && (mine.data.data as JurorView).slot?.declared).toBe('Mantan pegawai Diskominfo');
		// The secretariat's list has it too, open, as the juror's declaration.
		expect((await listConflicts(app.db, fx.evaluationId)).find((c) => c.id === conflictId)).toMatchObject({
			status: 'open',
			source: 'declared'
		});

		// Meanwhile the juror cannot score the body.
		const sheet = await ask(tablet, 'score.submit', { slotId: slot.id, submissionId: newSubmissionId(), scores: flatSheet(80) });
		expect(!sheet.ok && sheet.error.reason).toBe('conflict_pending');

		// Another panel's chair and the juror may not decide it.
		const foreign = await ask(otherChair, 'conflict.decide', { conflictId, decision: 'confirm' });
		expect(!foreign.ok && foreign.error.reason).toBe('chair_or_secretariat_only');
		const self = await ask(tablet, 'conflict.decide', { conflictId, decision: 'confirm' });
		expect(!self.ok && self.error.reason).toBe('chair_or_secretariat_only');

		const recusedOnTablet = nextSnapshot(tablet, 'juror', (s) => (s.data as JurorView).slot?.recused === true);
		const confirmed = await ask(chair, 'conflict.decide', { conflictId, decision: 'confirm' });
		expect(confirmed).toEqual({ ok: true, data: { status: 'confirmed' } });
		expect((await recusedOnTablet).data).toMatchObject({ slot: { recused: true, declared: null } });
		const console = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		expect(console.ok && rowOf(console.data, jurorLogin.user.id)).toMatchObject({ recused: true, declared: null });
		const recusal = await app.db.selectFrom('recusals').selectAll().where('juror_id', '=', jurorLogin.user.id).executeTakeFirstOrThrow();
		expect(recusal).toMatchObject({ body_id: slot.bodyId, reason: 'Mantan pegawai Diskominfo' });
		const audit = await app.db.selectFrom('audit_log').select('action').where('entity_id', '=', conflictId).orderBy('seq').execute();
		expect(audit.map((a) => a.action)).toEqual(['conflict.declare_at_stage', 'conflict.confirm']);

		// Decided once: a second decision is refused; a recused juror cannot declare again.
		const again = await ask(chair, 'conflict.decide', { conflictId, decision: 'dismiss' });
		expect(!again.ok && again.error.reason).toBe('conflict_decided');
		const redeclare = await ask(tablet, 'conflict.declare', { slotId: slot.id, reason: 'Lagi' });
		expect(!redeclare.ok && redeclare.error.reason).toBe('recused');
		for (const s of [tablet, chair, otherChair]) s.disconnect();
	});

	test('dismissed, the juror scores as usual; after scoring a declaration is refused', async () => {
		const slot = fx.panelA.slots[0];
		const login = await app.signIn('juror', 1);
		const tablet = await synced(app, login.token, 'juror');
		const chair = await synced(app, (await app.signIn('chair', 0)).token, 'panel');
		const declared = await ask<{ conflictId: string }>(tablet, 'conflict.declare', { slotId: slot.id, reason: 'Kenal kepala dinas' });
		expect(declared.ok).toBe(true);
		const conflictId = declared.ok ? declared.data.conflictId : '';
		expect(await ask(chair, 'conflict.decide', { conflictId, decision: 'dismiss' })).toEqual({ ok: true, data: { status: 'dismissed' } });
		expect((await ask(tablet, 'score.submit', { slotId: slot.id, submissionId: newSubmissionId(), scores: flatSheet(75) })).ok).toBe(true);
		const late = await ask(tablet, 'conflict.declare', { slotId: slot.id, reason: 'Kenal kepala dinas' });
		expect(!late.ok && late.error.reason).toBe('conflict_after_scoring');
		for (const s of [tablet, chair]) s.disconnect();
	});
});
