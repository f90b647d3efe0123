/**
 * Conflicts of interest: declared, suggested from affiliations, confirmed into recusals that the
 * live loop honours, dismissed, and undone only while results cannot change.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import {
	confirmConflict,
	declareConflict,
	dismissConflict,
	listConflicts,
	suggestEvaluationConflicts,
	undoConflict
} from '$lib/server/services/conflicts';
import { ServiceError } from '$lib/server/services/errors';
import { PeopleRefusal, createPerson, updatePerson } from '$lib/server/services/people';
import { submitScores } from '$lib/server/services/scoring';
import type { JurorView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, flatSheet, newSubmissionId, nextSnapshot, startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let fixture: Fixture;
let evaluationId: string;

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	fixture = await app.fixture();
	evaluationId = fixture.evaluationId;
});
afterAll(() => app.close());

async function outcome(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'ok';
	} catch (error) {
		if (error instanceof PeopleRefusal) return `${error.code}:${error.reason}`;
		if (error instanceof ServiceError) return error.code;
		throw error;
	}
}

const bodyId = async (name: string) =>
	(await app.db.selectFrom('bodies').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const conflictOf = async (jurorId: string, body: string) =>
	(await listConflicts(app.db, evaluationId)).find((c) => c.jurorId === jurorId && c.bodyId === body);
const recusalOf = (jurorId: string, body: string) =>
	app.db.selectFrom('recusals').selectAll().where('juror_id', '=', jurorId).where('body_id', '=', body).executeTakeFirst();
const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
const tables = async () => ({
	conflicts: await app.db.selectFrom('conflicts').selectAll().orderBy('id').execute(),
	recusals: await app.db.selectFrom('recusals').selectAll().orderBy('id').execute(),
	audit: (await app.db.selectFrom('audit_log').select('seq').execute()).length
});

describe('suggestions from affiliations', () => {
	test('a juror from a province is suggested for it, and the demo jurors (KI Pusat, UGM, AJI…) for nothing', async () => {
		const aceh = await bodyId('Pemerintah Provinsi Aceh');
		const juror = await createPerson(app.ctx, admin, evaluationId, {
			role: 'juror',
			name: 'Teuku Ridwan',
			affiliation: 'Dinas Kominfo Provinsi Aceh'
		});
		expect(await suggestEvaluationConflicts(app.ctx, admin, evaluationId)).toBe(1);
		const conflicts = await listConflicts(app.db, evaluationId);
		expect(conflicts).toEqual([
			expect.objectContaining({ jurorId: juror, bodyId: aceh, source: 'suggested', status: 'open', reason: 'aceh', scored: false })
		]);
		expect(await lastAudit()).toMatchObject({ action: 'conflict.suggest', actor_id: admin.id });
		// Nothing new the second time: a pair is suggested once.
		expect(await suggestEvaluationConflicts(app.ctx, admin, evaluationId)).toBe(0);
	});

	test('a dismissed suggestion stays dismissed and is not suggested again', async () => {
		const riau = await bodyId('Pemerintah Provinsi Riau');
		const juror = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Fitri', affiliation: 'Universitas Riau' });
		expect(await suggestEvaluationConflicts(app.ctx, admin, evaluationId)).toBe(1);
		const suggestion = (await conflictOf(juror, riau))!;
		await dismissConflict(app.ctx, admin, evaluationId, suggestion.id);
		expect(await conflictOf(juror, riau)).toMatchObject({ status: 'dismissed' });
		expect(await lastAudit()).toMatchObject({ action: 'conflict.dismiss', entity_id: suggestion.id });
		expect(await suggestEvaluationConflicts(app.ctx, admin, evaluationId)).toBe(0);
		expect(await recusalOf(juror, riau)).toBeUndefined();
		expect(await outcome(() => dismissConflict(app.ctx, admin, evaluationId, suggestion.id))).toBe('invalid_state:not_open');
		// Editing the affiliation does not bring it back either.
		await updatePerson(app.ctx, admin, evaluationId, juror, { role: 'juror', name: 'Fitri', affiliation: 'Pemprov Riau' });
		expect(await suggestEvaluationConflicts(app.ctx, admin, evaluationId)).toBe(0);
	});

	test('only the secretariat reviews conflicts', async () => {
		const { user } = await app.signIn('juror', 0);
		const before = await tables();
		expect(await outcome(() => suggestEvaluationConflicts(app.ctx, user, evaluationId))).toBe('forbidden');
		expect(
			await outcome(() => declareConflict(app.ctx, user, evaluationId, { jurorId: user.id, bodyId: 'x', reason: 'saya sendiri' }))
		).toBe('forbidden');
		expect(await tables()).toEqual(before);
	});
});

describe('confirming, declaring and undoing', () => {
	test('confirming a suggestion writes a recusal with the reason; undoing before scoring removes it', async () => {
		const jambi = await bodyId('Pemerintah Provinsi Jambi');
		const juror = await createPerson(app.ctx, admin, evaluationId, {
			role: 'juror',
			name: 'Hasan',
			affiliation: 'Biro Humas Pemprov Jambi'
		});
		await suggestEvaluationConflicts(app.ctx, admin, evaluationId);
		const suggestion = (await conflictOf(juror, jambi))!;
		const version = (await app.state()).liveVersion;

		const before = await tables();
		expect(await outcome(() => confirmConflict(app.ctx, admin, evaluationId, suggestion.id, { reason: ' ' }))).toBe('invalid_input');
		expect(await tables()).toEqual(before);

		await confirmConflict(app.ctx, admin, evaluationId, suggestion.id, { reason: 'Pegawai Biro Humas Jambi' });
		expect(await conflictOf(juror, jambi)).toMatchObject({ status: 'confirmed', reason: 'Pegawai Biro Humas Jambi' });
		expect(await recusalOf(juror, jambi)).toMatchObject({ reason: 'Pegawai Biro Humas Jambi', created_by: admin.id });
		expect((await app.state()).liveVersion).toBe(version + 1);
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'conflict.confirm', entity_id: suggestion.id });
		expect(JSON.parse(audit.before!)).toMatchObject({ status: 'open' });
		expect(JSON.parse(audit.after!)).toMatchObject({ status: 'confirmed', recused: true });
		expect(await outcome(() => confirmConflict(app.ctx, admin, evaluationId, suggestion.id, { reason: 'lagi' }))).toBe(
			'invalid_state:not_open'
		);

		await undoConflict(app.ctx, admin, evaluationId, suggestion.id);
		expect(await recusalOf(juror, jambi)).toBeUndefined();
		expect(await conflictOf(juror, jambi)).toMatchObject({ status: 'open' });
		expect(await lastAudit()).toMatchObject({ action: 'conflict.undo' });
		expect(await outcome(() => undoConflict(app.ctx, admin, evaluationId, suggestion.id))).toBe('invalid_state:not_confirmed');
	});

	test('the secretariat declares a conflict for any juror and body, with a reason', async () => {
		const jurorId = fixture.panelB.jurorIds[1];
		const bali = await bodyId('Pemerintah Provinsi Bali');
		const before = await tables();
		expect(await outcome(() => declareConflict(app.ctx, admin, evaluationId, { jurorId, bodyId: bali, reason: '' }))).toBe('invalid_input');
		expect(
			await outcome(() =>
				declareConflict(app.ctx, admin, evaluationId, { jurorId: fixture.panelB.chairId, bodyId: bali, reason: 'Kerabat' })
			)
		).toBe('invalid_input:not_a_juror');
		expect(await outcome(() => declareConflict(app.ctx, admin, evaluationId, { jurorId, bodyId: 'nope', reason: 'Kerabat' }))).toBe(
			'invalid_input:body_unknown'
		);
		expect(await tables()).toEqual(before);

		const id = await declareConflict(app.ctx, admin, evaluationId, { jurorId, bodyId: bali, reason: 'Konsultan Diskominfo Bali 2023' });
		expect(await conflictOf(jurorId, bali)).toMatchObject({
			id,
			source: 'declared',
			status: 'confirmed',
			reason: 'Konsultan Diskominfo Bali 2023'
		});
		expect(await recusalOf(jurorId, bali)).toMatchObject({ reason: 'Konsultan Diskominfo Bali 2023' });
		expect(await lastAudit()).toMatchObject({ action: 'conflict.declare', entity_id: id, actor_id: admin.id });
		expect(await outcome(() => declareConflict(app.ctx, admin, evaluationId, { jurorId, bodyId: bali, reason: 'Lagi' }))).toBe(
			'conflict:conflict_exists'
		);
	});

	test('declaring a pair that was dismissed turns it into a declared, confirmed conflict', async () => {
		const sumbar = await bodyId('Pemerintah Provinsi Sumatera Barat');
		const juror = await createPerson(app.ctx, admin, evaluationId, {
			role: 'juror',
			name: 'Rahmi',
			affiliation: 'Universitas Andalas, Sumatera Barat'
		});
		await suggestEvaluationConflicts(app.ctx, admin, evaluationId);
		const suggestion = (await conflictOf(juror, sumbar))!;
		await dismissConflict(app.ctx, admin, evaluationId, suggestion.id);
		expect(
			await declareConflict(app.ctx, admin, evaluationId, { jurorId: juror, bodyId: sumbar, reason: 'Suami bekerja di Pemprov Sumbar' })
		).toBe(suggestion.id);
		expect(await conflictOf(juror, sumbar)).toMatchObject({ source: 'declared', status: 'confirmed' });
		expect(JSON.parse((await lastAudit()).before!)).toMatchObject({ status: 'dismissed', source: 'suggested' });
	});
});

describe('the live loop honours recusals', () => {
	test("a recused juror's tablet shows it and score.submit is refused; after an undo before scoring, the juror scores", async () => {
		const slot = fixture.panelA.slots[0];
		const jurorIndex = 2;
		const juror = await app.signIn('juror', jurorIndex);
		expect(fixture.panelA.jurorIds[jurorIndex]).toBe(juror.user.id);
		const tablet = await app.socket(juror.token);
		await ask<Snapshot>(tablet, 'sync', { view: 'juror' });
		await app.drive(slot.id, 'start_presentation');

		const recusedView = nextSnapshot(tablet, 'juror', (s) => (s.data as JurorView).slot?.recused === true);
		const id = await declareConflict(app.ctx, admin, evaluationId, {
			jurorId: juror.user.id,
			bodyId: slot.bodyId,
			reason: 'Tenaga ahli pemda'
		});
		await recusedView;

		await app.drive(slot.id, 'start_qa', 'open_scoring');
		const refused = await ask<ScoreReceipt>(tablet, 'score.submit', {
			slotId: slot.id,
			submissionId: newSubmissionId('recused'),
			scores: flatSheet(80)
		});
		expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		expect(await app.db.selectFrom('score_submissions').select('id').where('juror_id', '=', juror.user.id).execute()).toEqual([]);

		await undoConflict(app.ctx, admin, evaluationId, id);
		const accepted = await ask<ScoreReceipt>(tablet, 'score.submit', {
			slotId: slot.id,
			submissionId: newSubmissionId('back'),
			scores: flatSheet(80)
		});
		expect(accepted).toMatchObject({ ok: true });

		// Now that the juror has scored this body, a conflict can no longer be added or undone here.
		const before = await tables();
		expect(
			await outcome(() =>
				declareConflict(app.ctx, admin, evaluationId, { jurorId: juror.user.id, bodyId: slot.bodyId, reason: 'Tenaga ahli pemda' })
			)
		).toBe('invalid_state:already_scored');
		expect(await tables()).toEqual(before);
		expect(await conflictOf(juror.user.id, slot.bodyId)).toMatchObject({ status: 'open', scored: true });
	});

	test('undoing is refused once the juror has scored the body: results would change', async () => {
		const slot = fixture.panelA.slots[1];
		const jurorId = fixture.panelA.jurorIds[0];
		const id = await declareConflict(app.ctx, admin, evaluationId, { jurorId, bodyId: slot.bodyId, reason: 'Mantan staf ahli' });
		// A sheet recorded for the pair (e.g. before the conflict came to light through another path).
		await app.db
			.insertInto('score_submissions')
			.values({
				id: newSubmissionId('legacy'),
				slot_id: slot.id,
				juror_id: jurorId,
				revision: 1,
				scores: JSON.stringify(flatSheet(70)),
				total: 70,
				submitted_at: Date.now()
			})
			.execute();
		const before = await tables();
		expect(await outcome(() => undoConflict(app.ctx, admin, evaluationId, id))).toBe('invalid_state:already_scored');
		expect(await tables()).toEqual(before);
		expect(await recusalOf(jurorId, slot.bodyId)).toBeDefined();
	});

	test('undoing is refused once the body’s slot is certified without the recused juror', async () => {
		const slot = fixture.panelB.slots[0];
		const [recusedId, ...others] = fixture.panelB.jurorIds;
		const id = await declareConflict(app.ctx, admin, evaluationId, {
			jurorId: recusedId,
			bodyId: slot.bodyId,
			reason: 'Keluarga pimpinan'
		});
		await app.drive(slot.id, 'start_presentation', 'start_qa', 'open_scoring');
		for (const [i, jurorId] of others.entries()) {
			const { user } = await app.signIn('juror', 4 + i);
			expect(user.id).toBe(jurorId);
			await submitScores(app.ctx, user, { slotId: slot.id, submissionId: newSubmissionId(`b${i}`), scores: flatSheet(75) });
		}
		await app.drive(slot.id, 'close_scoring', 'certify');
		expect(await outcome(() => undoConflict(app.ctx, admin, evaluationId, id))).toBe('invalid_state:already_scored');
		expect(await recusalOf(recusedId, slot.bodyId)).toBeDefined();
	});
});
