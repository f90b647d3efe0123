/**
 * Corrections, one flow for all (issue 8, item 3): the secretariat corrects a prior-stage score,
 * a presentation score, a final score or a juror's sheet (with consent), each with a reason and a
 * decree reference, as an amendment that changes the draft (with a diff against the published
 * version) and not what was published. Visit outcomes go through the same store. Every refusal
 * names its field and changes nothing; every accepted correction has its audit row.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishedVersion } from '$lib/server/services/results/versions';
import { correctResults, correctionsPage } from '$lib/server/services/results/corrections';
import { publishResults } from '$lib/server/services/results/publish';
import { resultsHub, versionResults } from '$lib/server/services/results/versions';
import {
	createVisitTeam,
	generateShortlist,
	planVisits,
	recordVisitOutcome,
	saveVisitationRule,
	visitationOverview
} from '$lib/server/services/visitation';
import { flatSheet } from '../harness';
import { expectRefused, resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
/** Two bodies that presented (panel A's first two slots) and one that did not. */
let first: string;
let second: string;
let absentee: string;

beforeAll(async () => {
	s = await resultsSession();
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
	await s.present(s.fx.panelA.slots[1].id, [70, 70, 70]);
	first = s.fx.panelA.slots[0].bodyId;
	second = s.fx.panelA.slots[1].bodyId;
	absentee = s.id('Banten');
	await publishResults(s.app.ctx, s.admin, {
		evaluationId: s.fx.evaluationId,
		reason: 'Hasil resmi',
		decreeNumber: '1/KEP/KIP/XII/2023',
		decreeDate: '2023-12-19'
	});
});
afterAll(() => s.close());

const correction = (over: Record<string, unknown>) => ({
	evaluationId: s.fx.evaluationId,
	kind: 'prior_score',
	bodyId: absentee,
	value: '95,80',
	reason: 'Calculation error in the SAQ verification',
	decreeReference: 'SK 2/KEP/KIP/XII/2023',
	...over
});
const correct = (over: Record<string, unknown>) => correctResults(s.app.ctx, s.admin, correction(over));
const refused = (over: Record<string, unknown>, field: string, code: string) => expectRefused(s, () => correct(over), field, code);
const draft = async () => (await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId })).view;
const entry = async (bodyId: string) => (await draft()).national.find((r) => r.bodyId === bodyId)!;
const lastAudit = () => s.app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();

describe('every correction is refused, changing nothing, next to the field', () => {
	test('without a reason or a decree reference', async () => {
		await refused({ reason: '' }, 'reason', 'required');
		await refused({ reason: undefined }, 'reason', 'required');
		await refused({ decreeReference: '   ' }, 'decreeReference', 'required');
		await refused({ kind: 'final_score', decreeReference: undefined }, 'decreeReference', 'required');
	});

	test('with a value out of range, not a number, or with more than two decimals', async () => {
		await refused({ value: '100,01' }, 'value', 'score_range');
		await refused({ kind: 'final_score', value: -1 }, 'value', 'score_range');
		await refused({ value: '95.805' }, 'value', 'too_many_decimals');
		await refused({ value: 'sembilan puluh' }, 'value', 'not_a_number');
		await refused({ value: '1.095,80' }, 'value', 'thousands_separator');
		await refused({ value: '' }, 'value', 'required');
	});

	test('for what is not there or not one of the kinds, or what the body has already', async () => {
		await refused({ kind: 'bonus' }, 'kind', 'invalid_kind');
		await refused({ bodyId: 'no-such-body' }, 'bodyId', 'body_not_found');
		await refused({ value: '83,70' }, 'value', 'no_change');
	});

	test('for a body that did not present: its presentation score and sheets', async () => {
		await refused({ kind: 'presentation_score', value: 90 }, 'bodyId', 'not_presented');
		await refused({ kind: 'juror_sheet', jurorId: s.jurors[0].id, sheet: flatSheet(90), consent: consent() }, 'bodyId', 'not_presented');
	});

	test('for anyone but the secretariat', async () => {
		const before = await s.tables();
		await expect(correctResults(s.app.ctx, s.jurors[0], correction({}))).rejects.toMatchObject({ code: 'forbidden' });
		expect(await s.tables()).toEqual(before);
	});
});

describe('a prior-stage score', () => {
	test('is an amendment with its reason and decree, audited in full, that changes the draft and not the published version', async () => {
		const versions = await s.app.db.selectFrom('evaluations').select(['live_version', 'public_version']).executeTakeFirstOrThrow();
		const { id, seq } = await correct({});
		const row = await s.app.db.selectFrom('score_amendments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			seq,
			kind: 'prior_score',
			body_id: absentee,
			value: 95.8,
			source: 'secretariat',
			reason: 'Calculation error in the SAQ verification',
			decree_reference: 'SK 2/KEP/KIP/XII/2023',
			created_by: s.admin.id
		});
		expect(JSON.parse(row.payload!)).toEqual({ was: 83.7 });
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'results.correct', entity: 'score_amendment', entity_id: id, actor_id: s.admin.id });
		expect(JSON.parse(audit.after!)).toEqual(row);
		expect(JSON.parse(audit.before!)).toEqual({ kind: 'prior_score', bodyId: absentee, jurorId: null, value: 83.7, sheet: null });
		expect(await entry(absentee)).toMatchObject({ priorScore: 95.8, finalScore: 95.8, band: 'Informatif' });
		const after = await s.app.db.selectFrom('evaluations').select(['live_version', 'public_version']).executeTakeFirstOrThrow();
		expect(after.live_version).toBeGreaterThan(versions.live_version);
		// What publishing now would change: the draft against version 1.
		const { changes } = await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(changes.pending).toBe(true);
		expect(changes.comparison!.moves.find((m) => m.bodyId === absentee)).toMatchObject({
			before: { finalScore: 83.7, band: 'Menuju Informatif' },
			after: { finalScore: 95.8, band: 'Informatif' },
			scoreMove: 12.1
		});
		// The published version is untouched.
		const evaluation = await s.app.db.selectFrom('evaluations').selectAll().executeTakeFirstOrThrow();
		expect((await publishedVersion(s.app.db, evaluation))!.resultSet.entries.find((e) => e.bodyId === absentee)!.finalScore).toBe(83.7);
		expect(
			(await versionResults(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: 1 })).national.find(
				(r) => r.bodyId === absentee
			)!.finalScore
		).toBe(83.7);
	});
});

describe('a presentation score', () => {
	test('replaces the panel score of a body that presented, marked as corrected', async () => {
		expect(await entry(first)).toMatchObject({ presentationScore: 85 });
		await correct({ kind: 'presentation_score', bodyId: first, value: '88.5' });
		const row = await s.app.db.selectFrom('score_amendments').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(JSON.parse(row.payload!)).toEqual({ was: 85 });
		// 70 % of the prior score + 30 % of 88.50.
		const prior = s.fx.panelA.slots[0].priorScore;
		expect(await entry(first)).toMatchObject({
			presentationScore: 88.5,
			finalScore: Math.round((prior * 0.7 + 88.5 * 0.3) * 100) / 100,
			corrected: ['presentation']
		});
	});
});

describe('a final score', () => {
	test('replaces the computed one; a later correction of the same body wins, and both stay on the list', async () => {
		await correct({ kind: 'final_score', value: 90 });
		await correct({ kind: 'final_score', value: '89,99', reason: 'Second look: 89.99 on the decree' });
		expect(await entry(absentee)).toMatchObject({ finalScore: 89.99, band: 'Menuju Informatif', corrected: ['final'] });
		const { corrections } = await correctionsPage(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(corrections.filter((c) => c.bodyId === absentee).map((c) => [c.kind, c.was, c.value])).toEqual([
			['prior_score', 83.7, 95.8],
			['final_score', 95.8, 90],
			['final_score', 90, 89.99]
		]);
	});

	test('stays: the database refuses to edit or delete an amendment', async () => {
		await expect(sql`UPDATE score_amendments SET value = 1`.execute(s.app.db)).rejects.toThrow(/append-only/);
		await expect(sql`DELETE FROM score_amendments`.execute(s.app.db)).rejects.toThrow(/append-only/);
	});
});

/** Consent as the form sends it: how and when (WIB), for the juror and the chair. */
function consent(over: Record<string, unknown> = {}) {
	return {
		juror: { how: 'in person', at: '2023-12-05T10:30' },
		chair: { name: 'Ketua Panel A', how: 'signed minutes', at: '2023-12-05T11:00' },
		...over
	};
}

describe("a juror's sheet", () => {
	const sheet = (over: Record<string, unknown> = {}) => ({
		kind: 'juror_sheet',
		bodyId: second,
		jurorId: s.jurors[0].id,
		sheet: flatSheet(91),
		consent: consent(),
		...over
	});

	test('needs consent from the juror and the chair: how and when, given already', async () => {
		await refused(sheet({ consent: undefined }), 'consent', 'required');
		await refused(sheet({ consent: consent({ juror: { how: '', at: '2023-12-05T10:30' } }) }), 'consent.juror.how', 'required');
		await refused(sheet({ consent: consent({ chair: { name: 'Ketua', how: 'signed minutes' } }) }), 'consent.chair.at', 'required');
		await refused(sheet({ consent: consent({ chair: { name: '', how: 'x', at: '2023-12-05T11:00' } }) }), 'consent.chair.name', 'required');
		await refused(sheet({ consent: consent({ juror: { how: 'x', at: '2023-12-32T10:00' } }) }), 'consent.juror.at', 'invalid_date');
		await refused(
			sheet({ consent: consent({ chair: { name: 'K', how: 'x', at: '2099-01-01T10:00' } }) }),
			'consent.chair.at',
			'consent_in_future'
		);
	});

	test('of a juror on that slot’s panel, with scores on the rubric’s scales', async () => {
		await refused(sheet({ jurorId: s.jurors[3].id }), 'jurorId', 'juror_not_on_panel');
		await refused(sheet({ sheet: { ...flatSheet(91), K1: 101 } }), 'sheet.K1', 'out_of_range');
		await refused(sheet({ sheet: { ...flatSheet(91), K2: 'banyak' } }), 'sheet.K2', 'not_a_number');
		await refused(sheet({ sheet: { K1: 90 } }), 'sheet.K2', 'missing_score');
		await refused(sheet({ sheet: flatSheet(70) }), '_form', 'no_change');
	});

	test('replaces the sheet that counts, with the consent on record', async () => {
		const chair = await s.app.db.selectFrom('users').select(['id', 'name']).where('id', '=', s.fx.panelA.chairId).executeTakeFirstOrThrow();
		const { id } = await correct(
			sheet({ consent: consent({ chair: { name: chair.name, how: 'signed minutes', at: '2023-12-05T11:00' } }) })
		);
		const row = await s.app.db.selectFrom('score_amendments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ kind: 'juror_sheet', juror_id: s.jurors[0].id, value: 91 });
		expect(JSON.parse(row.payload!)).toEqual({ was: 70, sheet: flatSheet(91), wasSheet: flatSheet(70) });
		expect(JSON.parse(row.consent!)).toEqual({
			juror: { name: s.jurors[0].name, personId: s.jurors[0].id, how: 'in person', at: Date.UTC(2023, 11, 5, 3, 30) },
			chair: { name: chair.name, personId: chair.id, how: 'signed minutes', at: Date.UTC(2023, 11, 5, 4, 0) }
		});
		// (91 + 70 + 70) / 3 = 77.00
		expect(await entry(second)).toMatchObject({ presentationScore: 77 });
		const page = await correctionsPage(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		const body = page.bodies.find((b) => b.id === second)!;
		expect(body).toMatchObject({ presented: true, chairName: chair.name });
		expect(body.jurors.find((j) => j.id === s.jurors[0].id)).toMatchObject({ status: 'scored', sheet: flatSheet(91) });
		expect(page.bodies.find((b) => b.id === absentee)).toMatchObject({ presented: false, jurors: [] });
		expect(page.corrections.at(-1)).toMatchObject({ kind: 'juror_sheet', jurorName: s.jurors[0].name, was: 70, value: 91 });
	});
});

describe('a visit outcome goes through the same flow', () => {
	test('its correction is listed with the others and changes the draft, not the published version', async () => {
		await saveVisitationRule(s.app.ctx, s.admin, {
			evaluationId: s.fx.evaluationId,
			topNational: 5,
			firstDay: '2023-12-04',
			lastDay: '2023-12-14',
			dailyCapacity: 2
		});
		await generateShortlist(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		await createVisitTeam(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, name: 'Tim 1', members: 'Komisioner A' });
		await planVisits(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		const visit = (await visitationOverview(s.app.ctx, s.admin, s.fx.evaluationId)).visits.find((v) => v.bodyId === s.id('Jatim'))!;
		await recordVisitOutcome(s.app.ctx, s.admin, {
			visitId: visit.id,
			outcome: 'corrected',
			correctedScore: '93.50',
			reason: 'Claims not found on site',
			decreeReference: 'BA visitasi 6 Des 2023'
		});
		const { corrections, changes } = await correctionsPage(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(corrections.at(-1)).toMatchObject({
			source: 'visit',
			kind: 'prior_score',
			bodyId: s.id('Jatim'),
			was: 95.2,
			value: 93.5,
			decreeReference: 'BA visitasi 6 Des 2023',
			visitId: visit.id
		});
		expect(changes.comparison!.moves.find((m) => m.bodyId === s.id('Jatim'))).toMatchObject({ scoreMove: -1.7 });
		const published = await versionResults(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: 1 });
		expect(published.national.find((r) => r.bodyId === s.id('Jatim'))!.finalScore).toBe(95.2);
	});
});
