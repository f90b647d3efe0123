/**
 * The settings, rubric and create-evaluation forms as the browser posts them, through the real
 * form actions and services: every problem comes back next to its field (in Indonesian, the
 * default language), what was typed comes back as typed, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isRedirect } from '@sveltejs/kit';
import type { SessionUser } from '$lib/server/auth/session';
import { getEvaluationSettings } from '$lib/server/services/evaluations';
import { actions as evaluationActions } from '../../../src/routes/admin/evaluations/+page.server';
import { actions as settingsActions } from '../../../src/routes/admin/e/[evaluationId]/settings/+page.server';
import { actions as rubricActions } from '../../../src/routes/admin/e/[evaluationId]/rubric/+page.server';
import { startTestApp, type Fixture, type TestApp } from '../harness';
import { postForm, settingsFields, setupRows, submitFirstScore } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
});
afterAll(() => app.close());

interface Failure {
	status: number;
	data: { errors?: Record<string, string>; unlockErrors?: Record<string, string>; values?: Record<string, string> };
}

/** Posts a form to an action as SvelteKit would, and returns what the action returned. */
const post = (action: unknown, fields: Record<string, string>, evaluationId = fx.evaluationId) =>
	postForm(app, admin, action, fields, evaluationId);

async function expectFieldErrors(action: unknown, fields: Record<string, string>, expected: Record<string, RegExp>, evaluationId?: string) {
	const before = await setupRows(app);
	const result = (await post(action, fields, evaluationId)) as Failure;
	expect(result.status).toBeGreaterThanOrEqual(400);
	for (const [field, message] of Object.entries(expected)) expect(result.data.errors?.[field], field).toMatch(message);
	expect(result.data.values).toEqual(fields);
	expect(await setupRows(app)).toEqual(before);
	return result;
}

describe('the settings form', () => {
	test('the form as rendered saves, with a decimal comma and a tie-break chain', async () => {
		const result = await post(
			settingsActions.save,
			settingsFields({
				passingGrade: '57,5',
				'rules.tieBreak.0': 'criterion:K3',
				'rules.tieBreak.1': 'prior',
				'rules.aggregation.normalise': 'on'
			})
		);
		expect(result).toEqual({ saved: true });
		const { settings } = await getEvaluationSettings(app.ctx, admin, fx.evaluationId);
		expect(settings.passingGrade).toBe(57.5);
		expect(settings.rules.tieBreak).toEqual([{ kind: 'criterion', code: 'K3' }, { kind: 'prior' }]);
		expect(settings.rules.aggregation.normalise).toBe(true);
	});

	test('every bad field gets its own message in one pass, and the typed values come back', async () => {
		await expectFieldErrors(
			settingsActions.save,
			settingsFields({
				name: '',
				passingGrade: '101',
				'rules.stageWeights.prior': '60',
				'rules.bands.1.min': '95',
				'rules.bands.2.label': 'Informatif',
				'rules.aggregation.quorum': 'dua',
				'rules.aggregation.trim.0.dropEachSide': '4',
				'rules.tieBreak.0': 'criterion:K9',
				'timing.qa': 'abc'
			}),
			{
				name: /Wajib diisi/,
				passingGrade: /0–100/,
				'rules.stageWeights': /berjumlah 90/,
				'rules.bands.1.min': /di bawah batas/,
				'rules.bands.2.label': /sudah dipakai/,
				'rules.aggregation.quorum': /Kuorum/,
				'rules.aggregation.trim.0': /Langkah tidak valid/,
				'rules.tieBreak.0': /tidak ada di rubrik/,
				'timing.qa': /menit bulat/
			}
		);
	});

	test('removing every band is refused at the band list', async () => {
		const fields = Object.fromEntries(Object.entries(settingsFields()).filter(([key]) => !key.startsWith('rules.bands')));
		await expectFieldErrors(settingsActions.save, fields, { 'rules.bands': /minimal satu kualifikasi/ });
	});
});

describe('the locked settings form', () => {
	beforeAll(() => submitFirstScore(app));

	test('the locked page posts only editable fields; they save and the locked rules stay', async () => {
		const before = await getEvaluationSettings(app.ctx, admin, fx.evaluationId);
		const fields = {
			name: 'Hari kedua',
			priorStageLabel: 'SAQ',
			passingGrade: '60',
			'rules.divergenceTolerance': '9',
			'timing.presentation': '12',
			'timing.qa': '15',
			'timing.scoring': '5',
			'timing.changeover': '5',
			timeZone: 'Asia/Jakarta'
		};
		expect(await post(settingsActions.save, fields)).toEqual({ saved: true });
		const after = await getEvaluationSettings(app.ctx, admin, fx.evaluationId);
		expect(after.settings).toEqual({
			...before.settings,
			name: 'Hari kedua',
			passingGrade: 60,
			rules: { ...before.settings.rules, divergenceTolerance: 9 },
			timing: { ...before.settings.timing, presentation: 12 }
		});
	});

	test('a page opened before the lock cannot change locked rules: the refusal names them', async () => {
		const { settings } = await getEvaluationSettings(app.ctx, admin, fx.evaluationId);
		const fields = settingsFields({ name: settings.name, 'rules.stageWeights.prior': '80', 'rules.stageWeights.presentation': '20' });
		const result = await expectFieldErrors(settingsActions.save, fields, { _form: /terkunci: Bobot tahap/ });
		expect(result.status).toBe(409);
	});

	test('unlocking without a good reason is refused next to the reason', async () => {
		const before = await setupRows(app);
		const result = (await post(settingsActions.unlock, { reason: 'singkat' })) as Failure;
		expect(result.status).toBe(400);
		expect(result.data.unlockErrors?.reason).toMatch(/minimal 10 huruf/);
		expect(await setupRows(app)).toEqual(before);
	});

	test('unlocking with a reason works once; a second unlock says it is not locked', async () => {
		expect(await post(settingsActions.unlock, { reason: 'Koreksi bobot sesuai SK' })).toEqual({ unlocked: true });
		const again = (await post(settingsActions.unlock, { reason: 'Koreksi bobot sesuai SK' })) as Failure;
		expect(again.data.unlockErrors?.reason).toMatch(/tidak sedang terkunci/);
	});
});

describe('the rubric form', () => {
	const row = (i: number, c: { code: string; weight: string; min?: string; max?: string; step?: string; name?: string }) => ({
		[`criteria.${i}.code`]: c.code,
		[`criteria.${i}.name`]: c.name ?? `Kriteria ${c.code}`,
		[`criteria.${i}.description`]: '',
		[`criteria.${i}.weight`]: c.weight,
		[`criteria.${i}.min`]: c.min ?? '0',
		[`criteria.${i}.max`]: c.max ?? '100',
		[`criteria.${i}.step`]: c.step ?? '1'
	});
	let id: string;
	beforeAll(async () => {
		const created = await post(evaluationActions.create, { name: 'Rubrik lewat formulir', source: 'blank' }).catch((e: unknown) => e);
		expect(isRedirect(created)).toBe(true);
		id = (created as { location: string }).location.split('/')[3];
	});

	test('rows with level texts save in their order', async () => {
		const fields = {
			...row(0, { code: 'B', weight: '40' }),
			'criteria.0.levels.0.score': '50',
			'criteria.0.levels.0.text': 'Cukup',
			...row(1, { code: 'A', weight: '60', min: '1', max: '5' })
		};
		expect(await post(rubricActions.save, fields, id)).toEqual({ saved: true });
		const rows = await app.db
			.selectFrom('criteria')
			.select(['code', 'levels'])
			.where('evaluation_id', '=', id)
			.orderBy('sort_order')
			.execute();
		expect(rows).toEqual([
			{ code: 'B', levels: JSON.stringify([{ score: 50, text: 'Cukup' }]) },
			{ code: 'A', levels: null }
		]);
	});

	test('weights not summing to 100, duplicate codes, bad scales and empty numbers come back next to their fields', async () => {
		await expectFieldErrors(
			rubricActions.save,
			{
				...row(0, { code: 'A', weight: '50' }),
				...row(1, { code: 'A', weight: '30', min: '5', max: '1' }),
				...row(2, { code: 'C', weight: '', name: '' }),
				'criteria.0.levels.0.score': '101',
				'criteria.0.levels.0.text': 'Terlalu tinggi'
			},
			{
				'criteria.1.code': /Kode A dipakai/,
				'criteria.1': /Skala tidak bisa dipakai/,
				'criteria.2.weight': /Isi angka/,
				'criteria.2.name': /Isi nama/,
				'criteria.0.levels.0': /skala kriteria/
			},
			id
		);
		await expectFieldErrors(
			rubricActions.save,
			{ ...row(0, { code: 'A', weight: '50' }), ...row(1, { code: 'B', weight: '40' }) },
			{ criteria: /berjumlah 90/ },
			id
		);
		await expectFieldErrors(rubricActions.save, {}, { criteria: /minimal satu kriteria/ }, id);
	});
});

describe('the create form', () => {
	test('a missing name, a clone without a source and an unknown source are refused next to their field', async () => {
		await expectFieldErrors(evaluationActions.create, { name: '  ', source: 'preset' }, { name: /Wajib diisi/ });
		await expectFieldErrors(evaluationActions.create, { name: 'Salinan', source: 'clone', cloneFrom: '' }, { cloneFrom: /Pilih evaluasi/ });
		await expectFieldErrors(
			evaluationActions.create,
			{ name: 'Salinan', source: 'clone', cloneFrom: 'nope' },
			{ cloneFrom: /Pilih evaluasi/ }
		);
		await expectFieldErrors(evaluationActions.create, { name: 'Salinan', source: 'import' }, { source: /Pilih salah satu/ });
	});

	test('a preset evaluation is created and the browser goes to its settings', async () => {
		const outcome = await post(evaluationActions.create, { name: 'Monev KIP 2026', source: 'preset' }).catch((e: unknown) => e);
		expect(isRedirect(outcome)).toBe(true);
		const location = (outcome as { location: string; status: number }).location;
		expect(location).toMatch(/^\/admin\/e\/[0-9a-f-]{36}\/settings$/);
		const { settings } = await getEvaluationSettings(app.ctx, admin, location.split('/')[3]);
		expect(settings.name).toBe('Monev KIP 2026');
	});
});
