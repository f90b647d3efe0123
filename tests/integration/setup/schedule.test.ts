/**
 * Schedule services against a real database: windows, the automatic schedule (preview, apply,
 * started slots untouched), manual moves and swaps with their warnings, the live push to a
 * presenter, and the exports.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatAnchor } from '$lib/domain/audit';
import { eventDate, eventTime, eventTimeToEpoch } from '$lib/domain/setup/schedule';
import { auditHead } from '$lib/server/audit';
import type { SessionUser } from '$lib/server/auth/session';
import { ScheduleError, setChairInput } from '$lib/server/services/panels';
import { ServiceError } from '$lib/server/services/errors';
import {
	addWindows,
	addWindowsInput,
	applySchedule,
	loadBoard,
	moveSlot,
	previewSchedule,
	removeWindow,
	scheduleOverview,
	swapSlots
} from '$lib/server/services/schedule';
import { GET as exportCsv } from '../../../src/routes/admin/e/[evaluationId]/schedule/export.csv/+server';
import { GET as exportXlsx } from '../../../src/routes/admin/e/[evaluationId]/schedule/export.xlsx/+server';
import type { PresenterView, Snapshot } from '$lib/shared/contracts';
import { ask, nextSnapshot, startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
/** Three event days a month ahead (the scheduler never places slots in the past). */
let days: string[];
const at = (day: string, time: string) => eventTimeToEpoch(day, time, 'Asia/Jakarta')!;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	// This file builds its own windows a month ahead; the demo's own three days would only get in the way.
	await app.db.deleteFrom('schedule_windows').execute();
	const first = Date.now() + 30 * 24 * 3600_000;
	days = [0, 1, 2].map((d) => eventDate(first + d * 24 * 3600_000, 'Asia/Jakarta'));
});
afterAll(() => app.close());

const SCHEDULE_HEADERS_ID = [
	'Tanggal',
	'Mulai (WIB)',
	'Selesai (WIB)',
	'Zona waktu',
	'Ruang',
	'Panel',
	'Urutan',
	'Kategori',
	'Badan publik',
	'Status'
];

const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
const slotsTable = () => app.db.selectFrom('slots').selectAll().orderBy('id').execute();

async function expectRefused(work: () => Promise<unknown>, reason: string) {
	const before = {
		state: await app.state(),
		slots: await slotsTable(),
		windows: await app.db.selectFrom('schedule_windows').selectAll().execute()
	};
	const error = await work().then(
		() => null,
		(e) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	expect(error instanceof ScheduleError ? error.reason : error.code).toBe(reason);
	expect({
		state: await app.state(),
		slots: await slotsTable(),
		windows: await app.db.selectFrom('schedule_windows').selectAll().execute()
	}).toEqual(before);
}

describe('windows', () => {
	test('three days × two windows, in Jakarta time; lunch is the gap', async () => {
		const count = await addWindows(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			panelId: '',
			firstDay: days[0],
			lastDay: days[2],
			ranges: '08:00-12:00, 13:00-17:00'
		});
		expect(count).toBe(6);
		const board = await loadBoard(app.db, fx.evaluationId);
		expect(
			board.windows.map(
				(w) => `${eventDate(w.start, 'Asia/Jakarta')} ${eventTime(w.start, 'Asia/Jakarta')}-${eventTime(w.end, 'Asia/Jakarta')}`
			)
		).toEqual(days.flatMap((d) => [`${d} 08:00-12:00`, `${d} 13:00-17:00`]));
		// Stored as epoch ms: 08:00 WIB is 01:00 UTC.
		expect(new Date(board.windows[0].start).getUTCHours()).toBe(1);
		expect(board.windows.every((w) => w.panelId === null)).toBe(true);
		expect(await lastAudit()).toMatchObject({ action: 'schedule.add_windows', actor_id: admin.id });
	});

	test('overlapping windows, bad dates and bad times are refused and change nothing', async () => {
		const base = { evaluationId: fx.evaluationId, panelId: '', firstDay: days[0], lastDay: '' };
		await expectRefused(() => addWindows(app.ctx, admin, { ...base, ranges: '11:00-12:30' }), 'window_overlap');
		await expectRefused(() => addWindows(app.ctx, admin, { ...base, panelId: fx.panelA.id, ranges: '07:30-08:30' }), 'window_overlap');
		await expectRefused(() => addWindows(app.ctx, admin, { ...base, ranges: '12:00-08:00' }), 'invalid_input');
		await expectRefused(() => addWindows(app.ctx, admin, { ...base, firstDay: '2026-02-30', ranges: '18:00-19:00' }), 'invalid_input');
		await expectRefused(() => addWindows(app.ctx, admin, { ...base, lastDay: '2000-01-01', ranges: '18:00-19:00' }), 'invalid_input');
		const chair = (await app.signIn('chair', 0)).user;
		await expectRefused(() => addWindows(app.ctx, chair, { ...base, ranges: '18:00-19:00' }), 'forbidden');
	});

	test('form data parsed once is accepted again by the service (the page parses, then the service checks)', async () => {
		const form = { evaluationId: fx.evaluationId, panelId: '', firstDay: days[2], lastDay: '', ranges: '18:00-18:30' };
		const parsed = addWindowsInput.parse(form);
		expect(addWindowsInput.parse(parsed)).toEqual(parsed);
		expect(setChairInput.parse(setChairInput.parse({ panelId: 'p', chairId: '' }))).toEqual({ panelId: 'p', chairId: null });
	});

	test('a room can have a window of its own; removing a window is audited', async () => {
		await addWindows(app.ctx, admin, { evaluationId: fx.evaluationId, panelId: fx.panelB.id, firstDay: days[2], ranges: '18:00-19:00' });
		const own = (await loadBoard(app.db, fx.evaluationId)).windows.find((w) => w.panelId === fx.panelB.id)!;
		expect(eventTime(own.start, 'Asia/Jakarta')).toBe('18:00');
		await removeWindow(app.ctx, admin, { windowId: own.id });
		expect((await loadBoard(app.db, fx.evaluationId)).windows.some((w) => w.id === own.id)).toBe(false);
		expect(await lastAudit()).toMatchObject({ action: 'schedule.remove_window', entity_id: own.id });
	});
});

describe('automatic schedule', () => {
	test('preview places every invited body inside the windows, spread over both rooms, and changes nothing', async () => {
		const before = await app.state();
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		expect(await app.state()).toEqual(before);
		expect(preview.unplaced).toEqual([]);
		expect(preview.placements).toHaveLength(26);
		const board = await loadBoard(app.db, fx.evaluationId);
		for (const p of preview.placements) expect(board.windows.some((w) => w.start <= p.start && p.end <= w.end)).toBe(true);
		const perRoom = [fx.panelA.id, fx.panelB.id].map((id) => preview.placements.filter((p) => p.panelId === id).length);
		expect(perRoom).toEqual([13, 13]);
		// 35-minute slots from 08:00: the morning holds six (08:00 … 10:55), then 13:00.
		const roomA = preview.placements.filter((p) => p.panelId === fx.panelA.id).map((p) => eventTime(p.start, 'Asia/Jakarta'));
		expect(roomA.slice(0, 7)).toEqual(['08:00', '08:35', '09:10', '09:45', '10:20', '10:55', '13:00']);
	});

	test('apply keeps slots that started, replaces scheduled ones, audits, bumps the live version', async () => {
		// Aceh's slot (Panel A, first) has started; it must not move.
		const started = fx.panelA.slots[0];
		await app.drive(started.id, 'start_presentation');
		const startedRow = await app.db.selectFrom('slots').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow();
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		expect(preview.kept).toBe(1);
		expect(preview.placements.some((p) => p.bodyId === started.bodyId)).toBe(false);
		const version = (await app.state()).liveVersion;
		const summary = await applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: preview.placements });
		expect(summary.created + summary.moved).toBeGreaterThan(0);
		expect(await app.db.selectFrom('slots').selectAll().where('id', '=', started.id).executeTakeFirstOrThrow()).toEqual(startedRow);
		const slots = await app.db.selectFrom('slots').selectAll().where('state', '=', 'scheduled').execute();
		expect(slots).toHaveLength(25);
		for (const p of preview.placements) {
			expect(slots.find((s) => s.body_id === p.bodyId)).toMatchObject({ panel_id: p.panelId, planned_start: p.start });
		}
		// Scheduled slots of Panel A are numbered after the started one, by time.
		const queueA = slots.filter((s) => s.panel_id === fx.panelA.id).sort((a, b) => a.position - b.position);
		expect(queueA[0].position).toBe(startedRow.position + 1);
		expect(queueA.map((s) => s.planned_start)).toEqual([...queueA.map((s) => s.planned_start)].sort((a, b) => a - b));
		expect(await lastAudit()).toMatchObject({ action: 'schedule.apply', actor_id: admin.id });
		expect((await app.state()).liveVersion).toBe(version + 1);
	});

	test('refused when a placed body\u2019s slot started since the preview; nothing changes', async () => {
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		const slotB = (
			await app.db.selectFrom('slots').select('id').where('panel_id', '=', fx.panelB.id).orderBy('position').executeTakeFirstOrThrow()
		).id;
		await app.drive(slotB, 'start_presentation');
		await expectRefused(
			() => applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: preview.placements }),
			'slot_started_since_preview'
		);
		const error = await applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: preview.placements }).catch((e) => e);
		expect(error.message).toMatch(/has started since/);
	});

	test('placements that no longer fit (overlap, unknown body, bad shape) are refused', async () => {
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		const [a, b] = preview.placements;
		const clash = [a, { ...b, panelId: a.panelId, start: a.start + 60_000 }];
		await expectRefused(() => applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: clash }), 'proposal_invalid');
		await expectRefused(
			() => applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: [{ ...a, bodyId: 'nope' }] }),
			'proposal_invalid'
		);
		await expectRefused(() => applySchedule(app.ctx, admin, { evaluationId: fx.evaluationId, placements: 'x' }), 'invalid_input');
	});

	test('unplaced bodies are reported with the reason when the windows are too short', async () => {
		const board = await loadBoard(app.db, fx.evaluationId);
		for (const w of board.windows) await removeWindow(app.ctx, admin, { windowId: w.id });
		// The afternoon is clear of the two started slots (08:00 in each room).
		await addWindows(app.ctx, admin, { evaluationId: fx.evaluationId, panelId: '', firstDay: days[0], ranges: '13:00-14:00' });
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		// One 35-minute slot per room fits in an hour; the rest of the 24 bodies still to schedule do not.
		expect(preview.placements).toHaveLength(2);
		expect(preview.unplaced).toHaveLength(22);
		expect(new Set(preview.unplaced.map((u) => u.reason))).toEqual(new Set(['no_time']));
		expect(preview.removed).toHaveLength(22);
		// Put the three days back for the tests below.
		for (const w of (await loadBoard(app.db, fx.evaluationId)).windows) await removeWindow(app.ctx, admin, { windowId: w.id });
		await addWindows(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			panelId: '',
			firstDay: days[0],
			lastDay: days[2],
			ranges: '08:00-12:00, 13:00-17:00'
		});
	});

	test('a body with an open conflict goes to the other panel', async () => {
		const board = await loadBoard(app.db, fx.evaluationId);
		const body = board.slots.find((s) => s.panelId === fx.panelA.id && s.state === 'scheduled')!;
		await app.db
			.insertInto('conflicts')
			.values({
				id: crypto.randomUUID(),
				evaluation_id: fx.evaluationId,
				juror_id: fx.panelA.jurorIds[1],
				body_id: body.bodyId,
				source: 'declared',
				status: 'open',
				reason: 'test',
				created_by: null,
				created_at: Date.now(),
				decided_by: null,
				decided_at: null
			})
			.execute();
		const preview = await previewSchedule(app.ctx, admin, fx.evaluationId);
		expect(preview.placements.find((p) => p.bodyId === body.bodyId)?.panelId).toBe(fx.panelB.id);
		expect(preview.conflicts).toEqual([]);
		await app.db.deleteFrom('conflicts').execute();
	});
});

describe('manual moves', () => {
	/** Two scheduled slots of a panel, in queue order. */
	async function scheduled(panelId: string) {
		const board = await loadBoard(app.db, fx.evaluationId);
		return board.slots.filter((s) => s.panelId === panelId && s.state === 'scheduled').sort((a, b) => a.position - b.position);
	}

	test('a clean move applies at once, renumbers both rooms, and is audited', async () => {
		const [first] = await scheduled(fx.panelA.id);
		// The second day is still empty.
		const start = at(days[1], '08:00');
		const outcome = await moveSlot(app.ctx, admin, { slotId: first.slotId, panelId: fx.panelB.id, start });
		expect(outcome).toMatchObject({ applied: true, warnings: [] });
		const row = await app.db.selectFrom('slots').selectAll().where('id', '=', first.slotId).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ panel_id: fx.panelB.id, planned_start: start });
		expect(row.position).toBe(Math.max(...(await scheduled(fx.panelB.id)).map((s) => s.position)));
		expect(await lastAudit()).toMatchObject({ action: 'slot.move', entity_id: first.slotId });
	});

	test('each warning is shown first and nothing changes until confirmed', async () => {
		const slots = await scheduled(fx.panelA.id);
		const [a, b] = slots;
		const base = { slotId: a.slotId, panelId: fx.panelA.id };
		const cases: [string, number][] = [
			['overlap', b.start + 60_000],
			['outside_windows', at(days[0], '12:10')]
		];
		for (const [kind, start] of cases) {
			const before = { state: await app.state(), slots: await slotsTable() };
			const outcome = await moveSlot(app.ctx, admin, { ...base, start });
			expect(outcome.applied).toBe(false);
			expect(outcome.warnings[0].warnings.map((w) => w.kind)).toContain(kind);
			expect({ state: await app.state(), slots: await slotsTable() }).toEqual(before);
		}
		// A conflict of interest in the target panel names the juror.
		await app.db
			.insertInto('recusals')
			.values({
				id: crypto.randomUUID(),
				evaluation_id: fx.evaluationId,
				juror_id: fx.panelB.jurorIds[0],
				body_id: a.bodyId,
				reason: 'test',
				created_by: null,
				created_at: Date.now()
			})
			.execute();
		const conflict = await moveSlot(app.ctx, admin, { slotId: a.slotId, panelId: fx.panelB.id, start: at(days[2], '16:00') });
		expect(conflict.applied).toBe(false);
		const jurorName = (await app.db.selectFrom('users').select('name').where('id', '=', fx.panelB.jurorIds[0]).executeTakeFirstOrThrow())
			.name;
		expect(conflict.warnings[0].warnings).toContainEqual({ kind: 'conflict', jurors: [jurorName] });
		// A category split: the room's last two bodies become Kementerian (one run at the end);
		// swapping the last one with an early Provinsi body splits both categories.
		const categoryId = crypto.randomUUID();
		await app.db
			.insertInto('categories')
			.values({ id: categoryId, evaluation_id: fx.evaluationId, name: 'Kementerian', sort_order: 1, archived_at: null })
			.execute();
		const [last, beforeLast] = [slots.at(-1)!, slots.at(-2)!];
		await app.db.updateTable('bodies').set({ category_id: categoryId }).where('id', 'in', [last.bodyId, beforeLast.bodyId]).execute();
		const splitting = await swapSlots(app.ctx, admin, { slotId: last.slotId, otherSlotId: b.slotId });
		expect(splitting.applied).toBe(false);
		expect(splitting.warnings.flatMap((w) => w.warnings)).toContainEqual({ kind: 'category_split', category: 'Kementerian' });
		// Confirming exactly these warnings applies the swap.
		const confirmed = await swapSlots(app.ctx, admin, { slotId: last.slotId, otherSlotId: b.slotId, confirm: splitting.warningKey });
		expect(confirmed.applied).toBe(true);
		const rows = await app.db.selectFrom('slots').select(['id', 'planned_start']).where('id', 'in', [last.slotId, b.slotId]).execute();
		expect(rows.find((r) => r.id === last.slotId)?.planned_start).toBe(b.start);
		expect(rows.find((r) => r.id === b.slotId)?.planned_start).toBe(last.start);
		expect(await lastAudit()).toMatchObject({ action: 'slot.swap' });
		await app.db.deleteFrom('recusals').execute();
	});

	test('confirming stale warnings shows the new ones instead of applying', async () => {
		const [a, b] = await scheduled(fx.panelA.id);
		const outcome = await moveSlot(app.ctx, admin, {
			slotId: a.slotId,
			panelId: fx.panelA.id,
			start: b.start,
			confirm: '[{"stale":true}]'
		});
		expect(outcome.applied).toBe(false);
		expect(outcome.warningKey).not.toBe('[{"stale":true}]');
	});

	test('a slot that is not scheduled cannot move or swap', async () => {
		const started = fx.panelA.slots[0];
		const [other] = await scheduled(fx.panelA.id);
		await expectRefused(
			() => moveSlot(app.ctx, admin, { slotId: started.id, panelId: fx.panelA.id, start: at(days[2], '16:00') }),
			'slot_not_scheduled'
		);
		await expectRefused(() => swapSlots(app.ctx, admin, { slotId: other.slotId, otherSlotId: started.id }), 'slot_not_scheduled');
		await expectRefused(() => swapSlots(app.ctx, admin, { slotId: other.slotId, otherSlotId: other.slotId }), 'invalid_input');
		const chair = (await app.signIn('chair', 0)).user;
		await expectRefused(
			() => moveSlot(app.ctx, chair, { slotId: other.slotId, panelId: fx.panelA.id, start: at(days[2], '16:00') }),
			'forbidden'
		);
	});

	test('the presenter sees the move live: a new snapshot with the new room and time', async () => {
		// Presenter 1 is Sumatera Utara; find their slot wherever the schedule put it.
		const { token, user } = await app.signIn('presenter', 1);
		const socket = await app.socket(token);
		const first = await ask<Snapshot>(socket, 'sync', { view: 'presenter' });
		expect(first.ok).toBe(true);
		const slot = await app.db.selectFrom('slots').selectAll().where('body_id', '=', user.bodyId!).executeTakeFirstOrThrow();
		const target = slot.panel_id === fx.panelA.id ? fx.panelB : fx.panelA;
		const start = at(days[2], '16:20');
		const pushed = nextSnapshot(socket, 'presenter', (s) => (s.data as PresenterView).slot?.plannedStart === start);
		const outcome = await moveSlot(app.ctx, admin, { slotId: slot.id, panelId: target.id, start });
		expect(outcome.applied).toBe(true);
		const snapshot = await pushed;
		const view = snapshot.data as PresenterView;
		expect(view.slot?.panelName).toBe(target.id === fx.panelA.id ? 'Panel A' : 'Panel B');
		expect(snapshot.version).toBe((await app.state()).liveVersion);
		if (first.ok) expect(snapshot.version).toBeGreaterThan(first.data.version);
	});
});

describe('overview and exports', () => {
	test('the overview flags a slot outside the windows', async () => {
		const [slot] = (await loadBoard(app.db, fx.evaluationId)).slots.filter((s) => s.state === 'scheduled');
		const w = (await loadBoard(app.db, fx.evaluationId)).windows;
		await moveSlot(app.ctx, admin, { slotId: slot.slotId, panelId: slot.panelId, start: at(days[2], '20:00') }).then((o) =>
			moveSlot(app.ctx, admin, { slotId: slot.slotId, panelId: slot.panelId, start: at(days[2], '20:00'), confirm: o.warningKey })
		);
		expect(w.length).toBeGreaterThan(0);
		const { warnings } = await scheduleOverview(app.ctx, admin, fx.evaluationId);
		expect(warnings[slot.slotId]).toContainEqual({ kind: 'outside_windows' });
	});

	test('a finished slot has no warnings, and filling a no-show’s time is not an overlap', async () => {
		const board = await loadBoard(app.db, fx.evaluationId);
		const outside = board.slots.find((s) => s.state === 'scheduled' && s.start === at(days[2], '20:00'))!;
		expect((await scheduleOverview(app.ctx, admin, fx.evaluationId)).warnings[outside.slotId]).toBeDefined();
		// The body did not come (the chair's no-show): what happened stays, with nothing to warn about.
		await app.db.updateTable('slots').set({ state: 'no_show' }).where('id', '=', outside.slotId).execute();
		expect((await scheduleOverview(app.ctx, admin, fx.evaluationId)).warnings[outside.slotId]).toBeUndefined();
		// Another body of the room takes the no-show's place: no overlap to confirm, it simply moves.
		const [next] = (await loadBoard(app.db, fx.evaluationId)).slots.filter((s) => s.state === 'scheduled' && s.panelId === outside.panelId);
		const window = board.windows.find((w) => w.start <= at(days[2], '13:00') && at(days[2], '13:00') < w.end)!;
		await app.db.updateTable('slots').set({ planned_start: window.start }).where('id', '=', outside.slotId).execute();
		const outcome = await moveSlot(app.ctx, admin, { slotId: next.slotId, panelId: outside.panelId, start: window.start });
		expect(outcome.warnings.flatMap((w) => w.warnings.map((x) => x.kind))).not.toContain('overlap');
		await app.db.updateTable('slots').set({ state: 'scheduled' }).where('id', '=', outside.slotId).execute();
	});

	const event = (user: SessionUser | null) => ({ locals: { ctx: app.ctx, user }, params: { evaluationId: fx.evaluationId } }) as never;

	test('CSV: UTF-8 with BOM, a header and one row per slot in Jakarta time', async () => {
		const res = await exportCsv(event(admin));
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="jadwal-monev-kip-2023-presentasi\.csv"$/);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
		// The last line is the document's stamp, a `#` comment: the evaluation, the time and the audit head now.
		const head = (await auditHead(app.db))!;
		expect(text.trimEnd().split('\r\n').at(-1)).toMatch(
			new RegExp(
				`^# juri-stamp evaluation=${fx.evaluationId} generated_at=\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z audit_head=${head.seq}:${head.hash}$`
			)
		);
		const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, comments: '#' });
		// In the reader's language (Indonesian here: no request locale), the zone named in the time headers.
		expect(parsed.meta.fields).toEqual(SCHEDULE_HEADERS_ID);
		const slots = await app.db.selectFrom('slots').selectAll().execute();
		expect(parsed.data).toHaveLength(slots.length);
		const aceh = parsed.data.find((r) => r['Badan publik'] === fx.panelA.slots[0].bodyName)!;
		const acehSlot = slots.find((s) => s.id === fx.panelA.slots[0].id)!;
		expect(aceh).toMatchObject({
			Tanggal: eventDate(acehSlot.planned_start, 'Asia/Jakarta'),
			'Mulai (WIB)': eventTime(acehSlot.planned_start, 'Asia/Jakarta'),
			'Zona waktu': 'WIB',
			Panel: 'Panel A',
			Status: 'Presentasi'
		});
	});

	test('XLSX: the schedule sheet (header row, column widths, the same rows), then the stamp sheet', async () => {
		const res = await exportXlsx(event(admin));
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await res.arrayBuffer());
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Jadwal', 'Info']);
		// The stamp: the evaluation and the audit head now, on a sheet and in the document properties.
		const head = formatAnchor((await auditHead(app.db))!);
		const info = Object.fromEntries(
			workbook.worksheets[1].getSheetValues().flatMap((row) => (Array.isArray(row) ? [[row[1], row[2]]] : []))
		);
		expect(info).toMatchObject({
			evaluation: 'Monev KIP 2023 — Presentasi',
			evaluation_id: fx.evaluationId,
			time_zone: 'Asia/Jakarta (WIB)',
			audit_head: head
		});
		expect(info.verify).toBe(`npm run audit:verify -- --anchor ${head}`);
		expect(workbook.keywords).toBe(`juri-audit-head ${head}`);
		const sheet = workbook.worksheets[0];
		expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(SCHEDULE_HEADERS_ID);
		expect(sheet.getColumn(9).width).toBeGreaterThan(30);
		const slots = await app.db.selectFrom('slots').select('id').execute();
		// The slots, a blank row and the note naming the zone.
		expect(sheet.rowCount).toBe(slots.length + 3);
	});

	test('exports are for the secretariat only, even past the hook', async () => {
		const chair = (await app.signIn('chair', 0)).user;
		for (const handler of [exportCsv, exportXlsx]) {
			await expect(handler(event(chair))).rejects.toMatchObject({ status: 403 });
			// Not signed in at all: 401 (the hook would have sent the visitor to /login first).
			await expect(handler(event(null))).rejects.toMatchObject({ status: 401 });
		}
	});
});
