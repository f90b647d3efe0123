/**
 * Visitation against a real database: the rule, the shortlist (generate, review, regenerate keeps
 * manual decisions), teams, the visit plan and moves, outcomes, and a correction that becomes a
 * new published version showing who moved (Banten 83.70 rank 19 → 95.80 rank 2, tied with Jawa
 * Tengah: the shape of the 2024 second decree).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import { computeEvaluationResults } from '$lib/server/services/results';
import { publishedVersion } from '$lib/server/services/results/versions';
import { publishResults } from '$lib/server/services/results/publish';
import {
	VisitationError,
	addToShortlist,
	createVisitTeam,
	generateShortlist,
	moveVisit,
	planVisits,
	recordVisitOutcome,
	removeFromShortlist,
	removeVisitTeam,
	saveVisitationRule,
	updateVisitTeam,
	visitationOverview
} from '$lib/server/services/visitation';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let juror: SessionUser;
let bodyId: Map<string, string>;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	juror = (await app.signIn('juror')).user;
	const bodies = await app.db.selectFrom('bodies').select(['id', 'short_name']).where('evaluation_id', '=', fx.evaluationId).execute();
	bodyId = new Map(bodies.map((b) => [b.short_name, b.id]));
});
afterAll(() => app.close());

const id = (short: string) => bodyId.get(short)!;
const rule = (over: Record<string, unknown> = {}) => ({
	evaluationId: fx.evaluationId,
	topNational: 5,
	firstDay: '2023-12-04',
	lastDay: '2023-12-14',
	dailyCapacity: 2,
	...over
});
const overview = () => visitationOverview(app.ctx, admin, fx.evaluationId);
const tables = async () => ({
	audit: (await app.state()).audit,
	plans: await app.db.selectFrom('visitation_plans').selectAll().execute(),
	shortlist: await app.db.selectFrom('shortlist_entries').selectAll().orderBy('body_id').execute(),
	teams: await app.db.selectFrom('visit_teams').selectAll().orderBy('id').execute(),
	visits: await app.db.selectFrom('visits').selectAll().orderBy('id').execute(),
	amendments: await app.db.selectFrom('score_amendments').selectAll().execute(),
	versions: await app.db.selectFrom('result_versions').select('version').execute()
});
/** A publication with its decree (SK): the number and a date. */
const decree = (reason: string, decreeNumber: string) => ({
	evaluationId: fx.evaluationId,
	reason,
	decreeNumber,
	decreeDate: '2023-12-19'
});
const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

/** The call is refused with this field → message code, and no table changes. */
async function expectRefused(work: () => Promise<unknown>, field: string, code: string) {
	const before = await tables();
	const error = await work().then(
		() => null,
		(e) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	const issues = error instanceof VisitationError ? [{ path: error.field, message: error.reason }] : (error as ServiceError).issues;
	expect(issues).toContainEqual({ path: field, message: code });
	expect(await tables()).toEqual(before);
}

describe('the visitation rule', () => {
	test('the shortlist and the plan need a rule first', async () => {
		await expectRefused(() => generateShortlist(app.ctx, admin, { evaluationId: fx.evaluationId }), '_form', 'no_rule');
		await expectRefused(() => planVisits(app.ctx, admin, { evaluationId: fx.evaluationId }), '_form', 'no_rule');
	});

	test('bad input is refused next to its field and changes nothing', async () => {
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ topNational: '' })), 'topPerCategory', 'empty_rule');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ lastDay: '2023-12-01' })), 'lastDay', 'last_before_first');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ lastDay: '2024-03-01' })), 'lastDay', 'too_many_days');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ firstDay: '2023-02-30' })), 'firstDay', 'invalid_date');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ dailyCapacity: '0' })), 'dailyCapacity', 'too_small');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ topNational: '2.5' })), 'topNational', 'whole_number');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ minScore: '101' })), 'minScore', 'score_range');
		await expectRefused(() => saveVisitationRule(app.ctx, admin, rule({ minBand: 'Luar Biasa' })), 'minBand', 'unknown_band');
	});

	test('only the secretariat sets it', async () => {
		await expect(saveVisitationRule(app.ctx, juror, rule())).rejects.toMatchObject({ code: 'forbidden' });
		await expect(visitationOverview(app.ctx, juror, fx.evaluationId)).rejects.toMatchObject({ code: 'forbidden' });
	});

	test('a valid rule is stored (form strings included) and audited', async () => {
		const plan = await saveVisitationRule(
			app.ctx,
			admin,
			rule({ topNational: '5', minBand: 'Informatif', minScore: '', dailyCapacity: '2' })
		);
		expect(plan).toMatchObject({
			rule: { topNational: 5, minBand: 'Informatif' },
			firstDay: '2023-12-04',
			lastDay: '2023-12-14',
			dailyCapacity: 2
		});
		expect(plan.days).toHaveLength(11);
		expect((await lastAudit()).action).toBe('visitation.rule');
		await saveVisitationRule(app.ctx, admin, rule());
		expect((await overview()).plan?.rule).toEqual({ topNational: 5 });
	});
});

describe('the shortlist', () => {
	test('is generated from the official results with why each body was selected', async () => {
		const done = await generateShortlist(app.ctx, admin, { evaluationId: fx.evaluationId });
		expect(done).toEqual({ selected: 5, keptManual: 0, droppedVisits: 0 });
		const { shortlist } = await overview();
		expect(shortlist.map((s) => s.bodyName)).toEqual([
			'Pemerintah Provinsi Aceh',
			'Pemerintah Provinsi Jawa Tengah',
			'Pemerintah Provinsi Jawa Timur',
			'Pemerintah Provinsi Kepulauan Riau',
			'Pemerintah Provinsi Jawa Barat'
		]);
		expect(shortlist[0]).toMatchObject({ source: 'rule', included: true, finalScore: 96.5, nationalRank: 1, tiedAtCut: false });
		expect(shortlist[4].selection).toEqual([expect.objectContaining({ kind: 'top_national', rank: 5, limit: 5, gapToNext: 0.3 })]);
		expect((await lastAudit()).action).toBe('visitation.shortlist_generate');
	});

	test('a body is added or removed by hand only with a reason', async () => {
		await expectRefused(
			() => removeFromShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: id('Jatim'), reason: ' ' }),
			'reason',
			'required'
		);
		await expectRefused(
			() => addToShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: id('Aceh'), reason: 'again' }),
			'bodyId',
			'already_included'
		);
		await expectRefused(
			() => removeFromShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: id('Banten'), reason: 'x' }),
			'bodyId',
			'not_included'
		);
		await expectRefused(
			() => addToShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: 'nope', reason: 'x' }),
			'bodyId',
			'body_not_found'
		);
		await expect(
			addToShortlist(app.ctx, juror, { evaluationId: fx.evaluationId, bodyId: id('Banten'), reason: 'x' })
		).rejects.toMatchObject({
			code: 'forbidden'
		});

		await removeFromShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: id('Jatim'), reason: 'Visited in 2022' });
		expect((await lastAudit()).action).toBe('visitation.shortlist_remove');
		await addToShortlist(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			bodyId: id('Banten'),
			reason: 'Claims of a new PPID service to check'
		});
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'visitation.shortlist_add', entity_id: id('Banten'), actor_id: admin.id });
		const { shortlist } = await overview();
		expect(shortlist.find((s) => s.bodyId === id('Jatim'))).toMatchObject({ included: false, source: 'manual', reason: 'Visited in 2022' });
		expect(shortlist.find((s) => s.bodyId === id('Banten'))).toMatchObject({ included: true, source: 'manual', selection: null });
	});

	test('regenerating replaces the rule entries and keeps the manual decisions', async () => {
		await saveVisitationRule(app.ctx, admin, rule({ topNational: 4 }));
		const done = await generateShortlist(app.ctx, admin, { evaluationId: fx.evaluationId });
		expect(done).toMatchObject({ selected: 3, keptManual: 2 });
		const { shortlist } = await overview();
		const included = shortlist.filter((s) => s.included).map((s) => s.bodyId);
		expect(new Set(included)).toEqual(new Set([id('Aceh'), id('Jateng'), id('Kepri'), id('Banten')]));
		// Jawa Timur stays removed by hand, though the rule still selects it (and says why).
		expect(shortlist.find((s) => s.bodyId === id('Jatim'))).toMatchObject({
			included: false,
			source: 'manual',
			selection: [expect.objectContaining({ rank: 3 })]
		});
		expect(shortlist.some((s) => s.bodyId === id('Jabar'))).toBe(false);
	});
});

describe('teams and the visit plan', () => {
	let teams: string[];

	test('planning needs a team', async () => {
		await expectRefused(() => planVisits(app.ctx, admin, { evaluationId: fx.evaluationId }), '_form', 'no_teams');
	});

	test('teams are created, renamed and named uniquely', async () => {
		await expectRefused(
			() => createVisitTeam(app.ctx, admin, { evaluationId: fx.evaluationId, name: ' ', members: '' }),
			'name',
			'required'
		);
		teams = [
			await createVisitTeam(app.ctx, admin, { evaluationId: fx.evaluationId, name: 'Tim 1', members: 'Komisioner A, Dr. B' }),
			await createVisitTeam(app.ctx, admin, { evaluationId: fx.evaluationId, name: 'Tim 2', members: 'Komisioner C' })
		];
		expect((await lastAudit()).action).toBe('visitation.team_create');
		await expectRefused(
			() => createVisitTeam(app.ctx, admin, { evaluationId: fx.evaluationId, name: 'tim 1', members: '' }),
			'name',
			'team_name_taken'
		);
		await updateVisitTeam(app.ctx, admin, { teamId: teams[1], name: 'Tim 2 (Sumatra)', members: 'Komisioner C, Ir. D' });
		expect((await overview()).teams.map((t) => t.name)).toEqual(['Tim 1', 'Tim 2 (Sumatra)']);
		expect((await lastAudit()).action).toBe('visitation.team_update');
	});

	test('visits are planned by rank, within the daily capacity, teams taking turns', async () => {
		await saveVisitationRule(app.ctx, admin, rule({ topNational: 4, lastDay: '2023-12-05', dailyCapacity: 1 }));
		const done = await planVisits(app.ctx, admin, { evaluationId: fx.evaluationId });
		expect(done.planned).toBe(2);
		expect(done.unplanned.map((u) => [u.name, u.reason])).toEqual([
			['Pemerintah Provinsi Kepulauan Riau', 'no_capacity'],
			['Pemerintah Provinsi Banten', 'no_capacity']
		]);
		await saveVisitationRule(app.ctx, admin, rule({ topNational: 4, dailyCapacity: 2 }));
		expect((await planVisits(app.ctx, admin, { evaluationId: fx.evaluationId })).unplanned).toEqual([]);
		const { visits, waiting } = await overview();
		expect(waiting).toEqual([]);
		expect(visits.map((v) => [v.bodyName, v.date, v.teamId])).toEqual([
			['Pemerintah Provinsi Aceh', '2023-12-04', teams[0]],
			['Pemerintah Provinsi Jawa Tengah', '2023-12-04', teams[1]],
			['Pemerintah Provinsi Kepulauan Riau', '2023-12-05', teams[0]],
			['Pemerintah Provinsi Banten', '2023-12-05', teams[1]]
		]);
		expect((await lastAudit()).action).toBe('visitation.plan');
	});

	test('a visit moves within the range, to a day with room', async () => {
		const banten = (await overview()).visits.find((v) => v.bodyId === id('Banten'))!;
		await expectRefused(
			() => moveVisit(app.ctx, admin, { visitId: banten.id, visitDate: '2023-12-15', teamId: teams[0] }),
			'visitDate',
			'outside_range'
		);
		await expectRefused(
			() => moveVisit(app.ctx, admin, { visitId: banten.id, visitDate: '2023-12-04', teamId: teams[0] }),
			'visitDate',
			'day_full'
		);
		await expectRefused(
			() => moveVisit(app.ctx, admin, { visitId: banten.id, visitDate: '2023-12-06', teamId: 'nope' }),
			'teamId',
			'team_not_found'
		);
		await moveVisit(app.ctx, admin, { visitId: banten.id, visitDate: '2023-12-06', teamId: teams[0] });
		expect((await overview()).visits.find((v) => v.id === banten.id)).toMatchObject({ date: '2023-12-06', teamId: teams[0] });
		expect((await lastAudit()).action).toBe('visitation.visit_move');
		await expectRefused(() => removeVisitTeam(app.ctx, admin, { teamId: teams[0] }), 'teamId', 'team_has_visits');
	});
});

describe('outcomes and a corrected version', () => {
	const visitOf = async (short: string) => (await overview()).visits.find((v) => v.bodyId === id(short))!;

	test('the results are published before the visits', async () => {
		const v1 = await publishResults(app.ctx, admin, decree('SK 1', '1/KEP/KIP/XII/2023'));
		expect(v1.version).toBe(1);
		expect((await overview()).results).toMatchObject({ published: { version: 1 }, pending: false, changes: [] });
		await expectRefused(() => publishResults(app.ctx, admin, decree('SK 1 again', '1b/KEP/KIP/XII/2023')), '_form', 'nothing_to_publish');
	});

	test('a visit confirms the claims, with an optional note', async () => {
		const aceh = await visitOf('Aceh');
		await recordVisitOutcome(app.ctx, admin, { visitId: aceh.id, outcome: 'confirmed', note: 'All claims seen on site' });
		expect(await visitOf('Aceh')).toMatchObject({ status: 'confirmed', outcomeNote: 'All claims seen on site' });
		expect(await lastAudit()).toMatchObject({ action: 'visitation.visit_confirm', actor_id: admin.id });
		await expectRefused(() => recordVisitOutcome(app.ctx, admin, { visitId: aceh.id, outcome: 'confirmed' }), '_form', 'visit_recorded');
		await expectRefused(
			() => moveVisit(app.ctx, admin, { visitId: aceh.id, visitDate: '2023-12-07', teamId: aceh.teamId }),
			'_form',
			'visit_recorded'
		);
		await expectRefused(
			() => removeFromShortlist(app.ctx, admin, { evaluationId: fx.evaluationId, bodyId: id('Aceh'), reason: 'x' }),
			'bodyId',
			'visit_recorded'
		);
	});

	test('a correction needs a score and a reason, and must change the score', async () => {
		const banten = await visitOf('Banten');
		await expectRefused(
			() => recordVisitOutcome(app.ctx, admin, { visitId: banten.id, outcome: 'corrected', correctedScore: '95.8', reason: '' }),
			'reason',
			'required'
		);
		await expectRefused(
			() => recordVisitOutcome(app.ctx, admin, { visitId: banten.id, outcome: 'corrected', reason: 'x' }),
			'correctedScore',
			'required'
		);
		await expectRefused(
			() => recordVisitOutcome(app.ctx, admin, { visitId: banten.id, outcome: 'corrected', correctedScore: '95.805', reason: 'x' }),
			'correctedScore',
			'too_many_decimals'
		);
		await expectRefused(
			() => recordVisitOutcome(app.ctx, admin, { visitId: banten.id, outcome: 'corrected', correctedScore: '83.70', reason: 'x' }),
			'correctedScore',
			'no_change'
		);
		await expect(recordVisitOutcome(app.ctx, juror, { visitId: banten.id, outcome: 'confirmed' })).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	test('a correction is an amendment every view of the results applies, and shows who moved', async () => {
		const before = await computeEvaluationResults(app.db, fx.evaluationId, 'all');
		expect(before.entries.find((e) => e.bodyId === id('Banten'))).toMatchObject({ finalScore: 83.7, rankInCategory: 19 });
		const banten = await visitOf('Banten');
		const versions = () =>
			app.db
				.selectFrom('evaluations')
				.select(['live_version', 'public_version'])
				.where('id', '=', fx.evaluationId)
				.executeTakeFirstOrThrow();
		const was = await versions();
		await recordVisitOutcome(app.ctx, admin, {
			visitId: banten.id,
			outcome: 'corrected',
			correctedScore: '95.80',
			reason: 'The PPID service and its registers were verified on site'
		});
		expect(await lastAudit()).toMatchObject({ action: 'visitation.visit_correct', entity_id: banten.id });
		// The audience's leaderboard is rebuilt: the correction is public.
		expect((await versions()).public_version).toBeGreaterThan(was.public_version);
		const amendment = await app.db.selectFrom('score_amendments').selectAll().executeTakeFirstOrThrow();
		expect(amendment).toMatchObject({
			body_id: id('Banten'),
			kind: 'prior_score',
			value: 95.8,
			source: 'visit',
			visit_id: banten.id,
			created_by: admin.id
		});

		const after = await computeEvaluationResults(app.db, fx.evaluationId, 'all');
		const entry = (short: string) => after.entries.find((e) => e.bodyId === id(short))!;
		// Ties share a rank: Banten and Jawa Tengah are both second, as two provinces were in 2024.
		expect(entry('Banten')).toMatchObject({ finalScore: 95.8, rankInCategory: 2, band: 'Informatif' });
		expect(entry('Jateng')).toMatchObject({ rankInCategory: 2 });
		expect(entry('Jatim')).toMatchObject({ rankInCategory: 4 });

		const { results, visits, amendments } = await overview();
		expect(visits.find((v) => v.id === banten.id)).toMatchObject({ status: 'corrected', priorScore: 95.8 });
		expect(amendments).toEqual([expect.objectContaining({ bodyName: 'Pemerintah Provinsi Banten', value: 95.8 })]);
		expect(results.pending).toBe(true);
		const moved = results.changes!.find((c) => c.bodyId === id('Banten'))!;
		expect(moved).toMatchObject({
			before: { finalScore: 83.7, rankInCategory: 19, band: 'Menuju Informatif' },
			after: { finalScore: 95.8, rankInCategory: 2, band: 'Informatif' },
			categoryMove: 17,
			bandChanged: true
		});
		// Everyone Banten overtook moved down one place.
		expect(results.changes!.find((c) => c.bodyId === id('Jatim'))).toMatchObject({ categoryMove: -1, scoreChanged: false });
		// The presenters still see version 1 until the secretariat publishes.
		const evaluation = await app.db.selectFrom('evaluations').selectAll().where('id', '=', fx.evaluationId).executeTakeFirstOrThrow();
		expect((await publishedVersion(app.db, evaluation))!.resultSet.entries.find((e) => e.bodyId === id('Banten'))!.finalScore).toBe(83.7);
	});

	test('the live leaderboard (presenters only) is computed with the amendments too', async () => {
		await expect(computeEvaluationResults(app.db, fx.evaluationId, 'presented')).resolves.toBeTruthy();
	});

	test('publishing makes the correction a new official version, with the diff', async () => {
		await expectRefused(() => publishResults(app.ctx, admin, decree('', '2/KEP/KIP/XII/2023')), 'reason', 'reason_short');
		await expect(publishResults(app.ctx, juror, decree('SK 2', '2/KEP/KIP/XII/2023'))).rejects.toMatchObject({
			code: 'forbidden'
		});
		const v2 = await publishResults(app.ctx, admin, decree('SK 2: visit corrections', '2/KEP/KIP/XII/2023'));
		expect(v2.version).toBe(2);
		expect(v2.changes!.find((c) => c.bodyId === id('Banten'))).toMatchObject({ categoryMove: 17 });
		const evaluation = await app.db.selectFrom('evaluations').selectAll().where('id', '=', fx.evaluationId).executeTakeFirstOrThrow();
		expect(evaluation.published_result_version).toBe(2);
		expect((await publishedVersion(app.db, evaluation))!.resultSet.entries.find((e) => e.bodyId === id('Banten'))).toMatchObject({
			finalScore: 95.8,
			rankInCategory: 2
		});
		expect((await overview()).results).toMatchObject({ published: { version: 2 }, pending: false, changes: [] });
	});

	test('regenerating from the corrected results marks the tie at the cut', async () => {
		await saveVisitationRule(app.ctx, admin, rule({ topNational: 2 }));
		await generateShortlist(app.ctx, admin, { evaluationId: fx.evaluationId });
		const { shortlist } = await overview();
		expect(shortlist.find((s) => s.bodyId === id('Jateng'))).toMatchObject({ included: true, source: 'rule', tiedAtCut: true });
		// Banten was added by hand: that decision stays, and now the rule selects it too (tied at the cut).
		expect(shortlist.find((s) => s.bodyId === id('Banten'))).toMatchObject({ included: true, source: 'manual', tiedAtCut: true });
		// Kepulauan Riau dropped off: its planned visit went with it; Aceh's recorded visit stays.
		const { visits } = await overview();
		expect(visits.some((v) => v.bodyId === id('Kepri'))).toBe(false);
		expect(visits.find((v) => v.bodyId === id('Aceh'))).toMatchObject({ status: 'confirmed' });
	});
});
