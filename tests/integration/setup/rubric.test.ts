/**
 * Saving a rubric through the real service on a real database: the whole rubric replaced at once
 * and audited, every kind of bad rubric refused without changing a row, the settings lock, and
 * only the secretariat.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MONEV_KIP_PRESET, type Criterion } from '$lib/domain/scoring';
import type { SessionUser } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import {
	InvalidSetup,
	SettingsLocked,
	createEvaluation,
	getEvaluationSettings,
	unlockSettings,
	updateEvaluationSettings
} from '$lib/server/services/evaluations';
import { getRubric, saveRubric } from '$lib/server/services/rubric';
import { startTestApp, type Fixture, type TestApp } from '../harness';
import { lastAudit, nonAdmins, setupRows, submitFirstScore } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let id: string;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	id = await createEvaluation(app.ctx, admin, { name: 'Rubrik uji', source: { kind: 'blank' } });
});
afterAll(() => app.close());

const criterion = (code: string, weight: number, extra: Partial<Criterion> = {}): Criterion => ({
	code,
	name: `Kriteria ${code}`,
	description: '',
	weight,
	min: 0,
	max: 100,
	step: 1,
	...extra
});

async function expectRefusedUnchanged<E extends Error>(change: () => Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
	const before = await setupRows(app);
	const error = await change().then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'the change was accepted').toBeInstanceOf(kind);
	expect(await setupRows(app)).toEqual(before);
	return error as E;
}

describe('saving a rubric', () => {
	test('an empty evaluation gets its first rubric, in the given order, with level texts', async () => {
		const rubric = [
			criterion('B', 60, {
				description: 'Bukti dan dampak',
				min: 1,
				max: 5,
				levels: [
					{ score: 1, text: 'Tidak ada bukti' },
					{ score: 3, text: 'Sebagian' },
					{ score: 5, text: 'Lengkap' }
				]
			}),
			criterion('A', 40, { min: 0, max: 10, step: 0.5 })
		];
		await saveRubric(app.ctx, admin, id, rubric);
		const view = await getRubric(app.ctx, admin, id);
		expect(view.criteria.map((c) => c.code)).toEqual(['B', 'A']);
		expect(view.criteria[0].levels).toEqual(rubric[0].levels);
		expect(view.criteria[1]).toMatchObject({ min: 0, max: 10, step: 0.5, levels: [] });
		const audit = await lastAudit(app);
		expect(audit).toMatchObject({ action: 'rubric.save', actor_id: admin.id, entity_id: id, before: [], after: rubric });
	});

	test('a save replaces every criterion at once: reorder, edit, remove and add in one go, audited before/after', async () => {
		const before = (await getRubric(app.ctx, admin, id)).criteria.map(({ levels, ...c }) => (levels?.length ? { ...c, levels } : c));
		const next = [criterion('C', 50), { ...before[1], name: 'Kejelasan', weight: 50 }];
		await saveRubric(app.ctx, admin, id, next);
		const rows = await app.db.selectFrom('criteria').selectAll().where('evaluation_id', '=', id).orderBy('sort_order').execute();
		expect(rows.map((r) => [r.code, r.name, r.weight, r.sort_order])).toEqual([
			['C', 'Kriteria C', 50, 0],
			['A', 'Kejelasan', 50, 1]
		]);
		expect(await lastAudit(app)).toMatchObject({ action: 'rubric.save', before, after: next });
	});

	test('saving bumps the live version, so tablets get the new rubric', async () => {
		const version = async () =>
			(await app.db.selectFrom('evaluations').select('live_version').where('id', '=', id).executeTakeFirstOrThrow()).live_version;
		const v = await version();
		await saveRubric(app.ctx, admin, id, [criterion('C', 100)]);
		expect(await version()).toBe(v + 1);
	});

	const invalid: [string, unknown, string, string][] = [
		['weights summing to 90', [criterion('A', 50), criterion('B', 40)], 'weights_sum', 'criteria'],
		['weights summing to 110', [criterion('A', 60), criterion('B', 50)], 'weights_sum', 'criteria'],
		['a duplicate code', [criterion('A', 50), criterion('A', 50)], 'duplicate_code', 'criteria[1].code'],
		['a code with a space', [criterion('A 1', 100)], 'bad_code', 'criteria[0].code'],
		['an empty name', [criterion('A', 100, { name: ' ' })], 'wrong_type', 'criteria[0].name'],
		['a zero weight', [criterion('A', 100), criterion('B', 0)], 'bad_weight', 'criteria[1].weight'],
		['a minimum above the maximum', [criterion('A', 100, { min: 10, max: 5 })], 'bad_scale', 'criteria[0]'],
		['a step of 0', [criterion('A', 100, { step: 0 })], 'bad_scale', 'criteria[0]'],
		['a maximum off the step grid', [criterion('A', 100, { max: 10, step: 3 })], 'bad_scale', 'criteria[0]'],
		[
			'a level score outside the scale',
			[criterion('A', 100, { max: 5, levels: [{ score: 6, text: 'Hebat' }] })],
			'bad_level',
			'criteria[0].levels[0]'
		],
		[
			'a level score off the step grid',
			[criterion('A', 100, { max: 10, step: 2, levels: [{ score: 3, text: 'x' }] })],
			'bad_level',
			'criteria[0].levels[0]'
		],
		['a non-numeric weight', [criterion('A', 'seratus' as never)], 'not_a_number', 'criteria[0].weight'],
		['no criteria', [], 'empty', 'criteria'],
		['not a list', { A: 100 }, 'not_a_list', 'criteria']
	];
	test.each(invalid)('%s is refused, naming the problem, and changes nothing', async (_what, rubric, code, path) => {
		const e = await expectRefusedUnchanged(() => saveRubric(app.ctx, admin, id, rubric), InvalidSetup);
		expect(e.code).toBe('invalid_input');
		expect(e.validation).toContainEqual(expect.objectContaining({ code, path }));
	});

	test('a criterion named in the tie-break chain cannot be removed', async () => {
		await saveRubric(app.ctx, admin, id, [criterion('A', 50), criterion('B', 50)]);
		const { settings } = await getEvaluationSettings(app.ctx, admin, id);
		await updateEvaluationSettings(app.ctx, admin, id, {
			...settings,
			rules: { ...settings.rules, tieBreak: [{ kind: 'criterion', code: 'B' }] }
		});
		const e = await expectRefusedUnchanged(() => saveRubric(app.ctx, admin, id, [criterion('A', 100)]), InvalidSetup);
		expect(e.validation[0]).toMatchObject({ code: 'unknown_criterion', path: 'tieBreak[0].code' });
	});

	test('an unknown evaluation is refused', async () => {
		const e = await expectRefusedUnchanged(() => saveRubric(app.ctx, admin, 'nope', [criterion('A', 100)]), ServiceError);
		expect(e.code).toBe('not_found');
	});
});

describe('while the settings are locked', () => {
	const preset = () => MONEV_KIP_PRESET.rubric.map((c) => ({ ...c }));
	beforeAll(() => submitFirstScore(app));

	test.each([
		['a weight', () => preset().map((c, i) => (i === 0 ? { ...c, weight: 30 } : i === 1 ? { ...c, weight: 15 } : c))],
		['a scale', () => preset().map((c, i) => (i === 0 ? { ...c, max: 10 } : c))],
		['a new criterion', () => [...preset().map((c, i) => (i === 0 ? { ...c, weight: 20 } : c)), criterion('K7', 5)]],
		[
			'a removed criterion',
			() =>
				preset()
					.map((c, i) => (i === 0 ? { ...c, weight: 35 } : c))
					.filter((c) => c.code !== 'K6')
		]
	])('changing %s is refused', async (_what, rubric) => {
		const e = await expectRefusedUnchanged(() => saveRubric(app.ctx, admin, fx.evaluationId, rubric()), SettingsLocked);
		expect(e.code).toBe('invalid_state');
		expect(e.message).toMatch(/criterion K/);
	});

	test('after an unlock, weights may change but sheets already scored keep their criteria and scales', async () => {
		await unlockSettings(app.ctx, admin, fx.evaluationId, 'Bobot salah ketik pada rapat persiapan');
		const removed = preset()
			.map((c, i) => (i === 0 ? { ...c, weight: 35 } : c))
			.filter((c) => c.code !== 'K6');
		const rescaled = preset().map((c, i) => (i === 0 ? { ...c, max: 10 } : c));
		for (const rubric of [removed, rescaled]) {
			const e = await expectRefusedUnchanged(() => saveRubric(app.ctx, admin, fx.evaluationId, rubric), ServiceError);
			expect(e.message).toMatch(/already scored/);
		}
		const reweighted = preset().map((c, i) => (i === 0 ? { ...c, weight: 30 } : i === 1 ? { ...c, weight: 15 } : c));
		await saveRubric(app.ctx, admin, fx.evaluationId, reweighted);
		expect((await getRubric(app.ctx, admin, fx.evaluationId)).criteria.map((c) => c.weight)).toEqual([30, 15, 20, 15, 10, 10]);
		// Put the preset weights back and lock again for the tests below, as a new submission would.
		await saveRubric(app.ctx, admin, fx.evaluationId, preset());
		await app.db.updateTable('evaluations').set({ settings_locked_at: Date.now() }).where('id', '=', fx.evaluationId).execute();
	});

	test('names, descriptions, level texts and the order can still be corrected', async () => {
		const rubric = preset()
			.reverse()
			.map((c) => ({ ...c, name: `${c.name} (rev)`, description: 'Diperbaiki', levels: [{ score: 100, text: 'Sempurna' }] }));
		await saveRubric(app.ctx, admin, fx.evaluationId, rubric);
		expect((await getRubric(app.ctx, admin, fx.evaluationId)).criteria).toEqual(rubric);
	});
});

describe('only the secretariat', () => {
	test('chairs, jurors and presenters can neither read nor save a rubric', async () => {
		for (const actor of await nonAdmins(app)) {
			for (const call of [() => getRubric(app.ctx, actor, id), () => saveRubric(app.ctx, actor, id, [criterion('Z', 100)])]) {
				const e = await expectRefusedUnchanged(call, ServiceError);
				expect(e.code, actor.role).toBe('forbidden');
			}
		}
	});
});
