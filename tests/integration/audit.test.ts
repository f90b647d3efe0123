/**
 * R3: every change appends one hash-chained audit row in the same transaction; the database refuses
 * edits and deletions; rows changed, removed or forged outside the app are pinpointed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { verifyAuditChain } from '$lib/server/audit';
import { reissueJoinCode } from '$lib/server/services/people';
import { publishResults } from '$lib/server/services/results/publish';
import { dropAuditTrigger } from './audit-support';
import { ask, flatSheet, newSubmissionId, startTestApp, type TestApp } from './harness';

const lastAudit = (app: TestApp) => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

describe('every state change is audited and chained', () => {
	let app: TestApp;
	beforeAll(async () => {
		app = await startTestApp();
	});
	afterAll(() => app.close());

	test('slot commands, score submissions, certification, publication and join codes each append exactly one row', async () => {
		const fx = await app.fixture();
		const slotId = fx.panelA.slots[0].id;
		const chair = await app.signIn('chair', 0);
		const chairSocket = await app.socket(chair.token);
		const admin = await app.signInAdmin();

		/** Runs one change and checks it appended exactly one row, with the expected action, actor and entity. */
		async function expectOneRow(run: () => Promise<unknown>, action: string, actorId: string, entityId?: string) {
			const before = await app.state();
			await run();
			const after = await app.state();
			expect(after.audit, action).toBe(before.audit + 1);
			const row = await lastAudit(app);
			expect(row).toMatchObject({ action, actor_id: actorId, seq: after.audit });
			if (entityId) expect(row.entity_id).toBe(entityId);
			expect(await verifyAuditChain(app.db)).toEqual([]);
			return row;
		}

		const command =
			(c: string, extra = {}) =>
			async () =>
				expect(await ask(chairSocket, 'slot.command', { slotId, command: c, ...extra })).toMatchObject({ ok: true });
		const started = await expectOneRow(command('start_presentation'), 'slot.start_presentation', chair.user.id, slotId);
		expect(JSON.parse(started.before!)).toEqual({ state: 'scheduled' });
		expect(JSON.parse(started.after!)).toMatchObject({ state: 'presenting', presentation_started_at: expect.any(Number) });
		await expectOneRow(command('start_qa'), 'slot.start_qa', chair.user.id, slotId);
		await expectOneRow(command('open_scoring'), 'slot.open_scoring', chair.user.id, slotId);

		for (const i of [0, 1]) {
			const juror = await app.signIn('juror', i);
			const socket = await app.socket(juror.token);
			const submissionId = newSubmissionId('audit');
			const payload = { slotId, submissionId, scores: flatSheet(70 + i) };
			const row = await expectOneRow(
				async () => expect(await ask(socket, 'score.submit', payload)).toMatchObject({ ok: true }),
				'score.submit',
				juror.user.id,
				submissionId
			);
			expect(JSON.parse(row.after!)).toEqual({ slotId, revision: 1, scores: flatSheet(70 + i), total: 70 + i });
			// A retry is not a change: no row.
			const before = await app.state();
			expect(await ask(socket, 'score.submit', payload)).toMatchObject({ ok: true });
			expect((await app.state()).audit).toBe(before.audit);
		}

		await expectOneRow(command('close_scoring'), 'slot.close_scoring', chair.user.id, slotId);
		const certified = await expectOneRow(command('certify', { confirmMissing: true }), 'slot.certify', chair.user.id, slotId);
		expect(JSON.parse(certified.after!)).toMatchObject({ state: 'certified', certified_by: chair.user.id });
		await expectOneRow(
			() =>
				publishResults(app.ctx, admin.user, {
					evaluationId: fx.evaluationId,
					reason: 'Audit test',
					decreeNumber: 'SK 1',
					decreeDate: '2023-12-19'
				}),
			'results.publish',
			admin.user.id,
			'1'
		);
		await expectOneRow(
			() => reissueJoinCode(app.ctx, admin.user, fx.panelA.jurorIds[2]),
			'join_code.issue',
			admin.user.id,
			fx.panelA.jurorIds[2]
		);
		await expectOneRow(
			async () =>
				expect(await ask(chairSocket, 'slot.command', { slotId: fx.panelA.slots[1].id, command: 'mark_no_show' })).toMatchObject({
					ok: true
				}),
			'slot.mark_no_show',
			chair.user.id
		);
	});

	test('refused commands append nothing', async () => {
		const fx = await app.fixture();
		const socket = await app.socket((await app.signIn('chair', 1)).token);
		const before = await app.state();
		expect(await ask(socket, 'slot.command', { slotId: fx.panelA.slots[2].id, command: 'start_presentation' })).toMatchObject({
			ok: false
		});
		expect(await ask(socket, 'slot.command', { slotId: fx.panelB.slots[0].id, command: 'certify' })).toMatchObject({ ok: false });
		expect(await app.state()).toEqual(before);
	});

	test('the database refuses UPDATE and DELETE on audit_log', async () => {
		const before = await app.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
		await expect(sql`UPDATE audit_log SET action = 'nothing happened' WHERE seq = 2`.execute(app.db)).rejects.toThrow(/append-only/);
		await expect(app.db.updateTable('audit_log').set({ actor_id: null }).execute()).rejects.toThrow(/append-only/);
		await expect(sql`DELETE FROM audit_log WHERE seq = ${before.length}`.execute(app.db)).rejects.toThrow(/append-only/);
		await expect(app.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
		// PostgreSQL's TRUNCATE skips row triggers: a statement trigger refuses it (SQLite has no TRUNCATE).
		if (app.database.engine === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(app.db)).rejects.toThrow(/append-only/);
		expect(await app.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).toEqual(before);
		expect(await verifyAuditChain(app.db)).toEqual([]);
	});
});

describe('tampering outside the app is pinpointed', () => {
	let app: TestApp;

	/** A fresh database with a handful of audited changes: seed (1), start, Q&A, open (2–4). */
	async function appWithHistory() {
		app = await startTestApp();
		const fx = await app.fixture();
		await app.drive(fx.panelA.slots[0].id, 'start_presentation', 'start_qa', 'open_scoring');
		expect(await verifyAuditChain(app.db)).toEqual([]);
		expect((await app.state()).audit).toBe(4);
		return app;
	}
	afterEach(() => app.close());

	test('a row inserted with raw SQL (forged hash) is named, and so is one chained correctly but with a fake hash', async () => {
		await appWithHistory();
		const last = await lastAudit(app);
		await sql`INSERT INTO audit_log (seq, at, actor_id, evaluation_id, action, entity, entity_id, before, after, prev_hash, hash)
			VALUES (5, ${Date.now()}, NULL, NULL, 'slot.certify', 'slot', 'x', NULL, '{"state":"certified"}', ${'f'.repeat(64)}, ${'a'.repeat(64)})`.execute(
			app.db
		);
		await sql`INSERT INTO audit_log (seq, at, actor_id, evaluation_id, action, entity, entity_id, before, after, prev_hash, hash)
			VALUES (6, ${Date.now()}, NULL, NULL, 'results.publish', 'result_version', '9', NULL, NULL, ${'a'.repeat(64)}, ${'b'.repeat(64)})`.execute(
			app.db
		);
		expect(last.seq).toBe(4);
		expect(await verifyAuditChain(app.db)).toEqual([
			{ seq: 5, problem: 'relinked' },
			{ seq: 5, problem: 'changed' },
			{ seq: 6, problem: 'changed' }
		]);
	});

	test('a row changed after dropping the trigger is named, and only that row', async () => {
		await appWithHistory();
		await dropAuditTrigger(app.db, 'audit_log_no_update');
		await sql`UPDATE audit_log SET after = '{"state":"certified"}' WHERE seq = 3`.execute(app.db);
		expect(await verifyAuditChain(app.db)).toEqual([{ seq: 3, problem: 'changed' }]);
	});

	test('a row changed together with its own hash is still caught at the next link', async () => {
		await appWithHistory();
		await dropAuditTrigger(app.db, 'audit_log_no_update');
		await sql`UPDATE audit_log SET actor_id = 'someone-else', hash = ${'c'.repeat(64)} WHERE seq = 2`.execute(app.db);
		expect(await verifyAuditChain(app.db)).toEqual([
			{ seq: 2, problem: 'changed' },
			{ seq: 3, problem: 'relinked' }
		]);
	});

	test('a row removed after dropping the trigger leaves a gap that is named', async () => {
		await appWithHistory();
		await dropAuditTrigger(app.db, 'audit_log_no_delete');
		await sql`DELETE FROM audit_log WHERE seq = 2`.execute(app.db);
		expect(await verifyAuditChain(app.db)).toEqual([
			{ seq: 3, problem: 'gap' },
			{ seq: 3, problem: 'relinked' }
		]);
	});

	test('the app keeps appending after tampering, and the break stays visible', async () => {
		await appWithHistory();
		await dropAuditTrigger(app.db, 'audit_log_no_update');
		await sql`UPDATE audit_log SET entity_id = 'elsewhere' WHERE seq = 4`.execute(app.db);
		const fx = await app.fixture();
		await app.drive(fx.panelA.slots[0].id, 'close_scoring');
		expect(await verifyAuditChain(app.db)).toEqual([{ seq: 4, problem: 'changed' }]);
	});
});
