/**
 * Panels: create, rename, room, chair, seats — each audited, refused changes leave everything as
 * it was, and a panel's jurors freeze once scoring has opened in one of its slots.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import {
	ScheduleError,
	createPanel,
	deletePanel,
	listPanels,
	moveJurorSeat,
	seatJuror,
	setPanelChair,
	unseatJuror,
	updatePanel
} from '$lib/server/services/panels';
import { ServiceError } from '$lib/server/services/errors';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
});
afterAll(() => app.close());

/** A new person of the demo evaluation, as the people area would create them. */
async function person(role: 'chair' | 'juror', name: string): Promise<string> {
	const id = crypto.randomUUID();
	await app.db
		.insertInto('users')
		.values({
			id,
			role,
			name,
			username: null,
			password_hash: null,
			evaluation_id: fx.evaluationId,
			body_id: null,
			title: null,
			affiliation: null,
			expertise: null,
			created_at: Date.now(),
			archived_at: null
		})
		.execute();
	return id;
}

const seats = async (panelId: string) =>
	(await app.db.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panelId).orderBy('seat').execute()).map(
		(r) => r.juror_id
	);

const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

/** Expects a refusal with this reason that changed nothing (no row, no audit entry, no live version). */
async function expectRefused(work: () => Promise<unknown>, reason: string) {
	const before = await app.state();
	const panelsBefore = await app.db.selectFrom('panels').selectAll().orderBy('id').execute();
	const seatsBefore = await app.db.selectFrom('panel_jurors').selectAll().orderBy('panel_id').orderBy('seat').execute();
	const error = await work().then(
		() => null,
		(e) => e
	);
	expect(error, 'refused').toBeInstanceOf(ServiceError);
	if (error instanceof ScheduleError) expect(error.reason).toBe(reason);
	else expect(reason).toBe(error.code);
	expect(await app.state()).toEqual(before);
	expect(await app.db.selectFrom('panels').selectAll().orderBy('id').execute()).toEqual(panelsBefore);
	expect(await app.db.selectFrom('panel_jurors').selectAll().orderBy('panel_id').orderBy('seat').execute()).toEqual(seatsBefore);
}

describe('panels', () => {
	let panelC: string;

	test('create a panel: stored, audited, listed', async () => {
		panelC = await createPanel(app.ctx, admin, { evaluationId: fx.evaluationId, name: 'Panel C', room: 'Ruang Semeru' });
		expect(await app.db.selectFrom('panels').selectAll().where('id', '=', panelC).executeTakeFirst()).toMatchObject({
			name: 'Panel C',
			room: 'Ruang Semeru',
			chair_id: null
		});
		expect(await lastAudit()).toMatchObject({
			action: 'panel.create',
			entity_id: panelC,
			actor_id: admin.id,
			evaluation_id: fx.evaluationId
		});
		const list = await listPanels(app.ctx, admin, fx.evaluationId);
		expect(list.panels.map((p) => p.name)).toEqual(['Panel A', 'Panel B', 'Panel C']);
	});

	test('rename and set the room; a taken name is refused next to the name field', async () => {
		await updatePanel(app.ctx, admin, { panelId: panelC, name: 'Panel C2', room: 'Ruang Krakatau' });
		expect(await lastAudit()).toMatchObject({
			action: 'panel.update',
			before: JSON.stringify({ name: 'Panel C', room: 'Ruang Semeru', directions: null })
		});
		await expectRefused(() => updatePanel(app.ctx, admin, { panelId: panelC, name: 'panel a', room: 'X' }), 'panel_name_taken');
		await expectRefused(() => createPanel(app.ctx, admin, { evaluationId: fx.evaluationId, name: '  ', room: 'X' }), 'invalid_input');
		const error = await updatePanel(app.ctx, admin, { panelId: panelC, name: 'Panel A', room: 'X' }).catch((e) => e);
		expect(error.field).toBe('name');
	});

	test('only the secretariat may change panels', async () => {
		const chair = (await app.signIn('chair', 0)).user;
		await expectRefused(() => createPanel(app.ctx, chair, { evaluationId: fx.evaluationId, name: 'Panel X', room: 'X' }), 'forbidden');
		await expectRefused(() => updatePanel(app.ctx, chair, { panelId: fx.panelA.id, name: 'Panel X', room: 'X' }), 'forbidden');
		await expect(listPanels(app.ctx, chair, fx.evaluationId)).rejects.toThrow(ServiceError);
	});

	test('set the chair: a chair of this evaluation who chairs no other panel', async () => {
		const chairId = await person('chair', 'Dr. Chair Baru');
		await setPanelChair(app.ctx, admin, { panelId: panelC, chairId });
		expect((await app.db.selectFrom('panels').select('chair_id').where('id', '=', panelC).executeTakeFirstOrThrow()).chair_id).toBe(
			chairId
		);
		expect(await lastAudit()).toMatchObject({ action: 'panel.set_chair' });
		await expectRefused(() => setPanelChair(app.ctx, admin, { panelId: panelC, chairId: fx.panelA.chairId }), 'chair_taken');
		await expectRefused(() => setPanelChair(app.ctx, admin, { panelId: panelC, chairId: fx.panelA.jurorIds[0] }), 'not_a_chair');
		await setPanelChair(app.ctx, admin, { panelId: panelC, chairId: '' });
		expect((await app.db.selectFrom('panels').select('chair_id').where('id', '=', panelC).executeTakeFirstOrThrow()).chair_id).toBeNull();
		const list = await listPanels(app.ctx, admin, fx.evaluationId);
		expect(list.freeChairs.map((c) => c.id)).toContain(chairId);
	});

	test('seat jurors in order, move a seat, unseat; a juror sits on one panel only', async () => {
		const j1 = await person('juror', 'Juri Satu');
		const j2 = await person('juror', 'Juri Dua');
		await seatJuror(app.ctx, admin, { panelId: panelC, jurorId: j1 });
		await seatJuror(app.ctx, admin, { panelId: panelC, jurorId: j2 });
		expect(await seats(panelC)).toEqual([j1, j2]);
		await moveJurorSeat(app.ctx, admin, { panelId: panelC, jurorId: j2, direction: 'up' });
		expect(await seats(panelC)).toEqual([j2, j1]);
		expect(await lastAudit()).toMatchObject({
			action: 'panel.move_seat',
			before: JSON.stringify({ jurors: [j1, j2] }),
			after: JSON.stringify({ jurors: [j2, j1] })
		});
		await expectRefused(() => seatJuror(app.ctx, admin, { panelId: panelC, jurorId: fx.panelA.jurorIds[0] }), 'juror_seated_elsewhere');
		await expectRefused(() => seatJuror(app.ctx, admin, { panelId: panelC, jurorId: j1 }), 'juror_already_seated');
		await expectRefused(() => seatJuror(app.ctx, admin, { panelId: panelC, jurorId: fx.panelA.chairId }), 'not_a_juror');
		await unseatJuror(app.ctx, admin, { panelId: panelC, jurorId: j2 });
		expect(await seats(panelC)).toEqual([j1]);
		await expectRefused(() => unseatJuror(app.ctx, admin, { panelId: panelC, jurorId: j2 }), 'juror_not_seated');
		expect((await listPanels(app.ctx, admin, fx.evaluationId)).freeJurors.map((j) => j.id)).toContain(j2);
	});

	test('a panel with slots cannot be deleted; an empty one can', async () => {
		await expectRefused(() => deletePanel(app.ctx, admin, { panelId: fx.panelB.id }), 'panel_has_slots');
		const jurorOfC = (await seats(panelC))[0];
		await deletePanel(app.ctx, admin, { panelId: panelC });
		expect(await app.db.selectFrom('panels').select('id').where('id', '=', panelC).executeTakeFirst()).toBeUndefined();
		expect(await lastAudit()).toMatchObject({ action: 'panel.delete', entity_id: panelC });
		expect((await listPanels(app.ctx, admin, fx.evaluationId)).freeJurors.map((j) => j.id)).toContain(jurorOfC);
	});

	test('a change pushes the new room name to the chair console (live version bumped)', async () => {
		const before = (await app.state()).liveVersion;
		await updatePanel(app.ctx, admin, { panelId: fx.panelB.id, name: 'Panel B', room: 'Ruang Rinjani 2' });
		expect((await app.state()).liveVersion).toBe(before + 1);
		await updatePanel(app.ctx, admin, { panelId: fx.panelB.id, name: 'Panel B', room: 'Ruang Rinjani' });
	});
});

describe('freeze rule', () => {
	test('once a slot of the panel opened scoring, its jurors cannot change; other panels still can', async () => {
		const extra = await person('juror', 'Juri Terlambat');
		await app.drive(fx.panelA.slots[0].id, 'start_presentation', 'open_scoring');
		for (const attempt of [
			() => seatJuror(app.ctx, admin, { panelId: fx.panelA.id, jurorId: extra }),
			() => unseatJuror(app.ctx, admin, { panelId: fx.panelA.id, jurorId: fx.panelA.jurorIds[0] }),
			() => moveJurorSeat(app.ctx, admin, { panelId: fx.panelA.id, jurorId: fx.panelA.jurorIds[1], direction: 'up' })
		]) {
			await expectRefused(attempt, 'panel_frozen');
		}
		const error = await seatJuror(app.ctx, admin, { panelId: fx.panelA.id, jurorId: extra }).catch((e) => e);
		expect(error.message).toMatch(/scoring has started/i);
		expect((await listPanels(app.ctx, admin, fx.evaluationId)).panels.find((p) => p.id === fx.panelA.id)?.frozen).toBe(true);
		// Panel B has not scored yet.
		await seatJuror(app.ctx, admin, { panelId: fx.panelB.id, jurorId: extra });
		expect(await seats(fx.panelB.id)).toEqual([...fx.panelB.jurorIds, extra]);
		// Renaming a frozen panel is still fine: only the juror list is frozen.
		await updatePanel(app.ctx, admin, { panelId: fx.panelA.id, name: 'Panel A', room: 'Ruang Merapi Utama' });
	});
});
