/**
 * What the public sees is decided, not accidental (issue 8, item 1), at the socket level: before
 * publication the evaluation's policy (provisional results of certified slots, ranks without
 * scores, or nothing); once a version is published, that version only, labelled with its number,
 * until the next one: a visitation correction, a settings change and a re-import after publication
 * change nothing the audience or a presenter is sent.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { getEvaluationSettings, unlockSettings } from '$lib/server/services/evaluations';
import { confirmedRulesChange } from './setup/settings-support';
import { setPublicResultsPolicy, setRunningEvaluation, runningEvaluationId } from '$lib/server/services/public-settings';
import { publishResults } from '$lib/server/services/results/publish';
import {
	createVisitTeam,
	generateShortlist,
	planVisits,
	recordVisitOutcome,
	saveVisitationRule,
	visitationOverview
} from '$lib/server/services/visitation';
import type { AudienceView, PresenterView, Snapshot } from '$lib/shared/contracts';
import {
	ask,
	flatSheet,
	newSubmissionId,
	nextSnapshot,
	record,
	scoredBoards,
	startTestApp,
	type Fixture,
	type TestApp,
	type TestSocket
} from './harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let audience: TestSocket;
let presenter: TestSocket;

const syncAudience = async () => {
	const res = await ask<Snapshot>(audience, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
	if (!res.ok) throw new Error(res.error.message);
	return res.data.data as AudienceView;
};
const syncPresenter = async () => {
	const res = await ask<Snapshot>(presenter, 'sync', { view: 'presenter' });
	if (!res.ok) throw new Error(res.error.message);
	return res.data.data as PresenterView;
};

/** Runs Panel A's first slot to certification with three sheets (Aceh presents). */
async function certifyFirstSlot() {
	const slotId = fx.panelA.slots[0].id;
	await app.drive(slotId, 'start_presentation', 'open_scoring');
	for (const [i, value] of [80, 70, 60].entries()) {
		const juror = await app.signIn('juror', i);
		const socket = await app.socket(juror.token);
		expect(await ask(socket, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(value) })).toMatchObject({
			ok: true
		});
		socket.disconnect();
	}
	await app.drive(slotId, 'close_scoring', 'certify');
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	audience = await app.socket();
	await syncAudience();
	// The presenter of the body on Panel A's first slot (the one that presents and is certified).
	const presenters = app.demo.joinCodes.filter((p) => p.role === 'presenter');
	presenter = await app.socket(
		(
			await app.signIn(
				'presenter',
				presenters.findIndex((p) => p.detail === 'Panel A · #1')
			)
		).token
	);
	await syncPresenter();
	await certifyFirstSlot();
});
afterAll(() => app.close());

/** Every number a score could be read from, as it would appear in JSON. */
const scoreFields = /"(finalScore|presentationScore|band|priorScore|score)"/;

describe('before publication, the policy decides', () => {
	test('provisional (the default): certified slots only, labelled provisional; presenters see no result', async () => {
		const view = await syncAudience();
		expect(view.results.kind).toBe('provisional');
		expect(scoredBoards(view).flatMap((b) => b.entries.map((e) => e.bodyId))).toEqual([fx.panelA.slots[0].bodyId]);
		expect((await syncPresenter()).result).toBeNull();
	});

	test('ranks only: the order and nothing a score could be read from, in the push and in a sync', async () => {
		const push = nextSnapshot(audience, 'audience', (s) => (s.data as AudienceView).results.kind === 'ranks_only');
		await setPublicResultsPolicy(app.ctx, admin, { evaluationId: fx.evaluationId, policy: 'ranks_only' });
		for (const view of [(await push).data as AudienceView, await syncAudience()]) {
			expect(view.results).toEqual({
				kind: 'ranks_only',
				leaderboards: [
					{
						categoryId: expect.any(String),
						categoryName: 'Pemerintah Provinsi',
						entries: [{ bodyId: fx.panelA.slots[0].bodyId, bodyName: fx.panelA.slots[0].bodyName, rank: 1, shared: false }]
					}
				]
			});
			expect(JSON.stringify(view)).not.toMatch(scoreFields);
		}
	});

	test('nothing: no results at all, whatever is certified', async () => {
		const seen = record(audience);
		await setPublicResultsPolicy(app.ctx, admin, { evaluationId: fx.evaluationId, policy: 'hidden' });
		const view = await syncAudience();
		expect(view.results).toEqual({ kind: 'hidden' });
		for (const s of seen) expect((s.data as AudienceView).results).toEqual({ kind: 'hidden' });
		expect(JSON.stringify(view)).not.toContain(fx.panelA.slots[0].bodyId);
	});

	test('a bad policy is refused and changes nothing', async () => {
		const juror = (await app.signIn('juror', 0)).user;
		const before = await app.state();
		await expect(setPublicResultsPolicy(app.ctx, admin, { evaluationId: fx.evaluationId, policy: 'everything' })).rejects.toMatchObject({
			code: 'invalid_input'
		});
		await expect(setPublicResultsPolicy(app.ctx, juror, { evaluationId: fx.evaluationId, policy: 'provisional' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		expect(await app.state()).toEqual(before);
		expect((await syncAudience()).results.kind).toBe('hidden');
	});
});

describe('after publication, the published version only', () => {
	let published: AudienceView['results'];
	let presenterResult: PresenterView['result'];

	test('the audience and the presenter are shown version 1, whatever the policy said before', async () => {
		const push = nextSnapshot(audience, 'audience', (s) => (s.data as AudienceView).results.kind === 'published');
		const { version } = await publishResults(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			reason: 'Results of the presentation stage',
			decreeNumber: '12/KEP/KI/XII/2023',
			decreeDate: '2023-12-19'
		});
		expect(version).toBe(1);
		const view = (await push).data as AudienceView;
		expect(view.results).toMatchObject({ kind: 'published', version: 1, decreeNumber: '12/KEP/KI/XII/2023', decreeDate: '2023-12-19' });
		// The whole published version: every body of the evaluation, presenters and the rest.
		const bodies = await app.db.selectFrom('bodies').select('id').where('evaluation_id', '=', fx.evaluationId).execute();
		expect(scoredBoards(view).flatMap((b) => b.entries)).toHaveLength(bodies.length);
		published = view.results;
		presenterResult = (await syncPresenter()).result;
		expect(presenterResult).toMatchObject({ version: 1, rankInCategory: expect.any(Number), band: expect.any(String) });
	});

	test('a settings change (a tie-break added) changes nothing public', async () => {
		await unlockSettings(app.ctx, admin, fx.evaluationId, 'Adding the tie-break chain decided by the commission');
		const { settings } = await getEvaluationSettings(app.ctx, admin, fx.evaluationId);
		await confirmedRulesChange(app.ctx, admin, fx.evaluationId, {
			...settings,
			rules: { ...settings.rules, tieBreak: [{ kind: 'presentation' }] }
		});
		expect((await syncAudience()).results).toEqual(published);
		expect((await syncPresenter()).result).toEqual(presenterResult);
	});

	test('a certification after publication changes nothing public', async () => {
		const slotId = fx.panelB.slots[0].id;
		await app.drive(slotId, 'start_presentation', 'open_scoring');
		for (const index of [3, 4, 5]) {
			const socket = await app.socket((await app.signIn('juror', index)).token);
			expect(await ask(socket, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(99) })).toMatchObject({
				ok: true
			});
			socket.disconnect();
		}
		await app.drive(slotId, 'close_scoring', 'certify');
		const view = await syncAudience();
		expect(view.results).toEqual(published);
	});

	test('a visitation correction changes nothing public until the next version is published', async () => {
		const acehId = fx.panelA.slots[0].bodyId;
		await saveVisitationRule(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			topNational: 30,
			firstDay: '2023-12-04',
			lastDay: '2023-12-14',
			dailyCapacity: 30
		});
		await generateShortlist(app.ctx, admin, { evaluationId: fx.evaluationId });
		await createVisitTeam(app.ctx, admin, { evaluationId: fx.evaluationId, name: 'Tim 1', members: 'Komisioner A' });
		await planVisits(app.ctx, admin, { evaluationId: fx.evaluationId });
		const visit = (await visitationOverview(app.ctx, admin, fx.evaluationId)).visits.find((v) => v.bodyId === acehId)!;
		expect(visit).toBeTruthy();
		await recordVisitOutcome(app.ctx, admin, {
			visitId: visit.id,
			outcome: 'corrected',
			correctedScore: '99.50',
			reason: 'Evidence seen on site'
		});
		expect((await syncAudience()).results).toEqual(published);
		expect((await syncPresenter()).result).toEqual(presenterResult);

		// Published as version 2, the correction (and everything since version 1) reaches the public.
		const push = nextSnapshot(audience, 'audience', (s) => {
			const results = (s.data as AudienceView).results;
			return results.kind === 'published' && results.version === 2;
		});
		await publishResults(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			reason: 'Correction after the site visit',
			decreeNumber: '13/KEP/KI/XII/2023',
			decreeDate: '2023-12-28'
		});
		const v2 = ((await push).data as AudienceView).results;
		expect(v2).toMatchObject({ kind: 'published', version: 2 });
		expect(v2).not.toEqual(published);
		expect((await syncPresenter()).result).toMatchObject({ version: 2 });
	});
});

describe('the running evaluation', () => {
	test('is what pages show by default; the secretariat switches it, audited; one at a time', async () => {
		expect(await runningEvaluationId(app.ctx)).toBe(fx.evaluationId);
		const other = crypto.randomUUID();
		const row = await app.db.selectFrom('evaluations').selectAll().where('id', '=', fx.evaluationId).executeTakeFirstOrThrow();
		await app.db
			.insertInto('evaluations')
			.values({ ...row, id: other, name: 'Monev KIP 2024', running: 0, created_at: row.created_at + 1 })
			.execute();
		// Newer, but not running: the running one stays the default.
		expect(await runningEvaluationId(app.ctx)).toBe(fx.evaluationId);
		await setRunningEvaluation(app.ctx, admin, { evaluationId: other });
		expect(await runningEvaluationId(app.ctx)).toBe(other);
		const flags = await app.db.selectFrom('evaluations').select(['id', 'running']).execute();
		expect(flags.filter((f) => f.running === 1).map((f) => f.id)).toEqual([other]);
		const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'evaluation.running').executeTakeFirstOrThrow();
		expect(JSON.parse(audit.after!)).toEqual({ running: other });
		await expect(setRunningEvaluation(app.ctx, admin, { evaluationId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
		await setRunningEvaluation(app.ctx, admin, { evaluationId: fx.evaluationId });
	});
});
