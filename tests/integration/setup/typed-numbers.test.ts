/**
 * Numbers as Indonesians type them, through the real form actions and services: every numeric form
 * (settings, rubric, a body, the visitation rule and a visit's outcome) takes "81,10" and "81.10"
 * alike, checks "at most two decimals" on the typed digits (81.10 and 64.10 were refused by a
 * floating-point check), and refuses grouped thousands with words that say so, changing nothing.
 * The invitation cut follows the score as shown, also when the passing grade changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { getEvaluationSettings } from '$lib/server/services/evaluations';
import { actions as bodiesActions } from '../../../src/routes/admin/e/[evaluationId]/bodies/+page.server';
import { actions as resultsActions } from '../../../src/routes/admin/e/[evaluationId]/results/+page.server';
import { actions as rubricActions } from '../../../src/routes/admin/e/[evaluationId]/rubric/+page.server';
import { actions as settingsActions } from '../../../src/routes/admin/e/[evaluationId]/settings/+page.server';
import { actions as visitationActions } from '../../../src/routes/admin/e/[evaluationId]/visitation/+page.server';
import { startTestApp, type Fixture, type TestApp } from '../harness';
import { postForm, settingsFields, setupRows } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let categoryId: string;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	categoryId = (await app.db.selectFrom('categories').select('id').where('evaluation_id', '=', fx.evaluationId).executeTakeFirstOrThrow())
		.id;
});
afterAll(() => app.close());

const post = (action: unknown, fields: Record<string, string>) => postForm(app, admin, action, fields, fx.evaluationId);
type Refusal = { status: number; data: { errors?: Record<string, string> } };

/** The form is refused with this error on `field` (a code or a translated text), and nothing changes. */
async function expectRefused(action: unknown, fields: Record<string, string>, field: string, error: RegExp | string) {
	const before = await setupRows(app);
	const result = (await post(action, fields)) as Refusal;
	expect(result.status).toBe(400);
	expect(result.data.errors?.[field]).toMatch(error);
	expect(await setupRows(app)).toEqual(before);
}

const priorOf = async (name: string) =>
	await app.db.selectFrom('bodies').select(['prior_score', 'invited']).where('name', '=', name).executeTakeFirstOrThrow();

describe('a public body', () => {
	const body = (name: string, priorScore: string) => ({ name, shortName: '', categoryId, priorScore });

	test.each([
		['81,10', 81.1],
		['64.10', 64.1],
		[' 7 ', 7]
	])('the score %j is saved as %d', async (typed, value) => {
		const name = `Badan Uji ${typed.trim()}`;
		expect(await post(bodiesActions.createBody, body(name, typed))).toEqual({ scope: 'createBody', saved: true });
		expect((await priorOf(name)).prior_score).toBe(value);
	});

	test.each([
		['1.234,5', 'thousands_separator'],
		['12,345', 'too_many_decimals'],
		['100,001', 'too_many_decimals'],
		['abc', 'not_a_number'],
		['', 'required']
	])('the score %j is refused (%s) and nothing is saved', async (typed, code) => {
		await expectRefused(bodiesActions.createBody, body('Badan Tertolak', typed), 'priorScore', code);
	});
});

describe('the settings and the rubric', () => {
	test('a passing grade typed with a comma is saved, and the invitations follow it (as shown)', async () => {
		// A score stored with more decimals than shown (an older import): shown as 60,00.
		await app.db.updateTable('bodies').set({ prior_score: 59.996 }).where('name', '=', 'Badan Uji 64.10').execute();
		expect(await post(settingsActions.save, settingsFields({ passingGrade: '60,00' }))).toEqual({ saved: true });
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settings.passingGrade).toBe(60);
		expect(await priorOf('Badan Uji 64.10')).toEqual({ prior_score: 59.996, invited: 1 });
		expect(await priorOf('Badan Uji 7')).toMatchObject({ invited: 0 });
		expect(await post(settingsActions.save, settingsFields({ passingGrade: '81.10' }))).toEqual({ saved: true });
		expect(await priorOf('Badan Uji 81,10')).toMatchObject({ invited: 1 });
		expect(await priorOf('Badan Uji 64.10')).toMatchObject({ invited: 0 });
	});

	test.each([
		['passingGrade', '12,345', /Paling banyak dua angka/],
		['passingGrade', '1.234,5', /pemisah ribuan/],
		['rules.bands.1.min', '80,001', /Paling banyak dua angka/],
		['rules.stageWeights.prior', '7.000', /Paling banyak dua angka/]
	])('%s typed as %j is refused in words, not misread', async (field, typed, message) => {
		await expectRefused(settingsActions.save, settingsFields({ [field]: typed }), field, message);
	});

	test('criterion weights with a decimal comma save; three decimals are refused', async () => {
		const row = (i: number, code: string, weight: string) => ({
			[`criteria.${i}.code`]: code,
			[`criteria.${i}.name`]: `Kriteria ${code}`,
			[`criteria.${i}.description`]: '',
			[`criteria.${i}.weight`]: weight,
			[`criteria.${i}.min`]: '0',
			[`criteria.${i}.max`]: '100',
			[`criteria.${i}.step`]: '0,5'
		});
		await expectRefused(rubricActions.save, { ...row(0, 'A', '33,333'), ...row(1, 'B', '66,667') }, 'criteria.0.weight', /dua angka/);
		expect(await post(rubricActions.save, { ...row(0, 'A', '33,33'), ...row(1, 'B', '66.67') })).toEqual({ saved: true });
		const weights = await app.db.selectFrom('criteria').select(['weight', 'step']).where('evaluation_id', '=', fx.evaluationId).execute();
		expect(weights).toEqual([
			{ weight: 33.33, step: 0.5 },
			{ weight: 66.67, step: 0.5 }
		]);
	});
});

describe('visitation', () => {
	test('the rule and a visit’s corrected score take a decimal comma; 81.10 and 64,10 are two decimals', async () => {
		const rule = { topNational: '3', minScore: '80,5', firstDay: '2023-12-04', lastDay: '2023-12-05', dailyCapacity: '2' };
		await expect(post(visitationActions.saveRule, { ...rule, minScore: '80,555' })).resolves.toMatchObject({
			status: 400,
			data: { errors: { minScore: 'too_many_decimals' } }
		});
		await expect(post(visitationActions.saveRule, { ...rule, topNational: '1.000' })).resolves.toMatchObject({
			data: { errors: { topNational: 'whole_number' } }
		});
		expect(await post(visitationActions.saveRule, rule)).toMatchObject({
			scope: 'rule',
			done: { rule: { topNational: 3, minScore: 80.5 } }
		});
		await post(resultsActions.publish, { reason: 'SK 1', decreeNumber: '1/KEP/KIP/XII/2023', decreeDate: '2023-12-01' });
		await post(visitationActions.generate, {});
		await post(visitationActions.createTeam, { name: 'Tim 1', members: '' });
		await post(visitationActions.plan, {});
		const visits = await app.db.selectFrom('visits').select('id').orderBy('visit_date').orderBy('id').execute();
		expect(visits.length).toBeGreaterThanOrEqual(2);
		const outcome = (visitId: string, correctedScore: string) => ({ visitId, outcome: 'corrected', correctedScore, reason: 'Bukti PPID' });
		await expect(post(visitationActions.outcome, outcome(visits[0].id, '95,805'))).resolves.toMatchObject({
			data: { errors: { correctedScore: 'too_many_decimals' } }
		});
		expect(await post(visitationActions.outcome, outcome(visits[0].id, '81.10'))).toMatchObject({ scope: `outcome:${visits[0].id}` });
		expect(await post(visitationActions.outcome, outcome(visits[1].id, '64,10'))).toMatchObject({ scope: `outcome:${visits[1].id}` });
		const amendments = await app.db.selectFrom('score_amendments').select('value').orderBy('value', 'desc').execute();
		expect(amendments).toEqual([{ value: 81.1 }, { value: 64.1 }]);
	});
});
