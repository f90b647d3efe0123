/**
 * The event's time zone through the real services on a real database: chosen at creation (WIB
 * unless named), the schedule typed on its clocks, the live views and documents told which it is,
 * and a change of zone before the first presentation keeping the schedule's times of day. Once a
 * presentation started, the zone stays, and the refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventTime } from '$lib/domain/setup/schedule';
import type { SessionUser } from '$lib/server/auth/session';
import { documentStamp } from '$lib/server/audit-stamp';
import {
	InvalidSetup,
	ZoneFixed,
	createEvaluation,
	getEvaluationSettings,
	updateEvaluationSettings
} from '$lib/server/services/evaluations';
import { audienceView, noPresence, panelView } from '$lib/server/services/projections';
import { addWindows, loadBoard } from '$lib/server/services/schedule';
import { startTestApp, type Fixture, type TestApp } from '../harness';
import { setupRows } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
});
afterAll(() => app.close());

describe('the event time zone', () => {
	test('is chosen at creation, WIB unless named; a zone that is not WIB, WITA or WIT is refused', async () => {
		const wib = await createEvaluation(app.ctx, admin, { name: 'Di Jakarta', source: { kind: 'blank' } });
		const wita = await createEvaluation(app.ctx, admin, { name: 'Di Makassar', source: { kind: 'preset' }, timeZone: 'Asia/Makassar' });
		const clone = await createEvaluation(app.ctx, admin, {
			name: 'Di Jayapura',
			source: { kind: 'clone', evaluationId: wita },
			timeZone: 'Asia/Jayapura'
		});
		expect((await getEvaluationSettings(app.ctx, admin, wib)).settings.timeZone).toBe('Asia/Jakarta');
		expect((await getEvaluationSettings(app.ctx, admin, wita)).settings.timeZone).toBe('Asia/Makassar');
		expect((await getEvaluationSettings(app.ctx, admin, clone)).settings.timeZone).toBe('Asia/Jayapura');
		const before = await setupRows(app);
		await expect(
			createEvaluation(app.ctx, admin, { name: 'Di Eropa', source: { kind: 'blank' }, timeZone: 'Europe/Amsterdam' })
		).rejects.toThrow(InvalidSetup);
		expect(await setupRows(app)).toEqual(before);
	});

	test('windows are typed on the event clocks; a new zone before the first presentation keeps their times of day', async () => {
		const id = await createEvaluation(app.ctx, admin, { name: 'Pindah zona', source: { kind: 'preset' }, timeZone: 'Asia/Makassar' });
		await addWindows(app.ctx, admin, { evaluationId: id, panelId: '', firstDay: '2026-11-28', ranges: '08:00-12:00' });
		let [window] = (await loadBoard(app.db, id)).windows;
		// 08.00 WITA is midnight UTC.
		expect(window.start).toBe(Date.UTC(2026, 10, 28, 0, 0));
		const settings = (await getEvaluationSettings(app.ctx, admin, id)).settings;
		await updateEvaluationSettings(app.ctx, admin, id, { ...settings, timeZone: 'Asia/Jayapura' });
		[window] = (await loadBoard(app.db, id)).windows;
		expect([eventTime(window.start, 'Asia/Jayapura'), eventTime(window.end, 'Asia/Jayapura')]).toEqual(['08:00', '12:00']);
		expect(window.start).toBe(Date.UTC(2026, 10, 27, 23, 0));
	});

	test('live views and document stamps carry the zone; the slots move with a change of zone made before the event', async () => {
		const settings = (await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings;
		expect((await audienceView(app.db, fx.evaluationId)).evaluation.timeZone).toBe('Asia/Jakarta');
		const plannedBefore = (await panelView(app.db, fx.panelA.id, noPresence)).queue.map((s) => eventTime(s.plannedStart, 'Asia/Jakarta'));
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, { ...settings, timeZone: 'Asia/Makassar' });
		const panel = await panelView(app.db, fx.panelA.id, noPresence);
		expect(panel.timeZone).toBe('Asia/Makassar');
		expect(panel.queue.map((s) => eventTime(s.plannedStart, 'Asia/Makassar'))).toEqual(plannedBefore);
		expect((await documentStamp(app.db, fx.evaluationId)).timeZone).toBe('Asia/Makassar');
	});

	test('once a presentation started, the zone stays: the change is refused and nothing moves', async () => {
		await app.drive(fx.panelA.slots[0].id, 'start_presentation');
		const settings = (await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings;
		const before = await app.db.selectFrom('slots').select(['id', 'planned_start']).orderBy('id').execute();
		await expect(updateEvaluationSettings(app.ctx, admin, fx.evaluationId, { ...settings, timeZone: 'Asia/Jakarta' })).rejects.toThrow(
			ZoneFixed
		);
		expect(await app.db.selectFrom('slots').select(['id', 'planned_start']).orderBy('id').execute()).toEqual(before);
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings.timeZone).toBe('Asia/Makassar');
		// Other settings still save while the zone stays.
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, { ...settings, name: 'Monev KIP 2023 — hari H' });
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings.name).toBe('Monev KIP 2023 — hari H');
	});
});
