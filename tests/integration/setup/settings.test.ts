/**
 * Evaluations and their settings through the real services on a real database: creating one
 * (from scratch, from the preset, as a clone), editing settings, the lock that the first score
 * sets, and the audited unlock. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MONEV_KIP_PRESET, type ScoringRules } from '$lib/domain/scoring';
import { MONEV_KIP_CATEGORIES, type EvaluationSettings } from '$lib/domain/setup/evaluation-settings';
import type { SessionUser } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import {
	InvalidSetup,
	SettingsLocked,
	createEvaluation,
	getEvaluationSettings,
	listEvaluations,
	unlockSettings,
	updateEvaluationSettings
} from '$lib/server/services/evaluations';
import { startTestApp, type Fixture, type TestApp } from '../harness';
import { lastAudit, nonAdmins, setupRows, submitFirstScore } from './settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
});
afterAll(() => app.close());

const settingsOf = async (id: string) => (await getEvaluationSettings(app.ctx, admin, id)).settings;
const withRules = (s: EvaluationSettings, rules: Partial<ScoringRules>): EvaluationSettings => ({ ...s, rules: { ...s.rules, ...rules } });

/** Runs a change that must be refused, and checks that no row changed. */
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

describe('creating an evaluation', () => {
	test('from scratch: empty rubric, no categories, valid defaults, audited', async () => {
		const id = await createEvaluation(app.ctx, admin, { name: '  Lomba Inovasi 2026 ', source: { kind: 'blank' } });
		const view = await getEvaluationSettings(app.ctx, admin, id);
		expect(view.settings.name).toBe('Lomba Inovasi 2026');
		expect(view.settingsLockedAt).toBeNull();
		expect(view.criteria).toEqual([]);
		expect(view.settings.rules.stageWeights.prior + view.settings.rules.stageWeights.presentation).toBe(100);
		expect(view.settings.timing).toEqual({ presentation: 10, qa: 15, scoring: 5, changeover: 5 });
		expect(await app.db.selectFrom('categories').select('id').where('evaluation_id', '=', id).execute()).toEqual([]);
		const audit = await lastAudit(app);
		expect(audit).toMatchObject({ action: 'evaluation.create', entity_id: id, actor_id: admin.id, evaluation_id: id });
		expect(audit.after).toMatchObject({ source: 'blank', settings: { name: 'Lomba Inovasi 2026' } });
	});

	test('from the Monev KIP preset: its rubric, rules, passing grade 60, 7 categories and timing', async () => {
		const id = await createEvaluation(app.ctx, admin, { name: 'Monev KIP 2026', source: { kind: 'preset' } });
		const view = await getEvaluationSettings(app.ctx, admin, id);
		expect(view.settings).toEqual({
			name: 'Monev KIP 2026',
			timeZone: 'Asia/Jakarta',
			priorStageLabel: 'SAQ',
			passingGrade: 60,
			rules: MONEV_KIP_PRESET.rules,
			timing: { presentation: 10, qa: 15, scoring: 5, changeover: 5 }
		});
		const criteria = await app.db.selectFrom('criteria').selectAll().where('evaluation_id', '=', id).orderBy('sort_order').execute();
		expect(criteria.map((c) => [c.code, c.name, c.weight, c.min, c.max, c.step])).toEqual(
			MONEV_KIP_PRESET.rubric.map((c) => [c.code, c.name, c.weight, c.min, c.max, c.step])
		);
		const categories = await app.db.selectFrom('categories').select('name').where('evaluation_id', '=', id).orderBy('sort_order').execute();
		expect(categories.map((c) => c.name)).toEqual(MONEV_KIP_CATEGORIES);
		expect(MONEV_KIP_CATEGORIES).toHaveLength(7);
	});

	test('as a clone: settings, rubric, categories and bodies; not people, panels, slots or scores', async () => {
		await submitFirstScore(app);
		const source = await app.db.selectFrom('evaluations').selectAll().where('id', '=', fx.evaluationId).executeTakeFirstOrThrow();
		const id = await createEvaluation(app.ctx, admin, { name: 'Monev KIP 2024', source: { kind: 'clone', evaluationId: fx.evaluationId } });
		const copy = await app.db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		// 'running' marks the one evaluation running now: a copy never takes it over.
		const notCopied = ['id', 'name', 'created_at', 'live_version', 'public_version', 'settings_locked_at', 'running'];
		const sourceSettings = Object.fromEntries(Object.entries(source).filter(([key]) => !notCopied.includes(key)));
		expect(copy).toMatchObject({ ...sourceSettings, name: 'Monev KIP 2024', settings_locked_at: null, published_result_version: null });
		const rows = (table: 'criteria' | 'categories' | 'bodies', evaluationId: string) =>
			app.db.selectFrom(table).selectAll().where('evaluation_id', '=', evaluationId).execute();
		const strip = <T extends { id: string; evaluation_id: string }>(r: T[]) =>
			r.map(({ id: _i, evaluation_id: _e, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		expect(strip(await rows('criteria', id))).toEqual(strip(await rows('criteria', fx.evaluationId)));
		const categories = await rows('categories', id);
		expect(categories.map((c) => c.name)).toEqual((await rows('categories', fx.evaluationId)).map((c) => c.name));
		const bodies = await rows('bodies', id);
		const sourceBodies = await rows('bodies', fx.evaluationId);
		expect(bodies).toHaveLength(sourceBodies.length);
		expect(new Set(bodies.map((b) => b.category_id))).toEqual(new Set(categories.map((c) => c.id)));
		expect(bodies.map((b) => [b.name, b.prior_score, b.key]).sort()).toEqual(
			sourceBodies.map((b) => [b.name, b.prior_score, b.key]).sort()
		);
		for (const table of ['users', 'panels', 'slots'] as const) {
			expect(await app.db.selectFrom(table).select('id').where('evaluation_id', '=', id).execute(), table).toEqual([]);
		}
		expect((await lastAudit(app)).after).toMatchObject({ source: 'clone', clonedFrom: fx.evaluationId, bodies: sourceBodies.length });
	});

	test('a clone of an unknown evaluation and an empty name are refused and change nothing', async () => {
		await expectRefusedUnchanged(
			() => createEvaluation(app.ctx, admin, { name: 'X', source: { kind: 'clone', evaluationId: 'nope' } }),
			ServiceError
		);
		const e = await expectRefusedUnchanged(
			() => createEvaluation(app.ctx, admin, { name: '   ', source: { kind: 'preset' } }),
			InvalidSetup
		);
		expect(e.validation.map((i) => i.path)).toEqual(['name']);
	});

	test('the list shows every evaluation, newest first, with its setup counts', async () => {
		const list = await listEvaluations(app.ctx, admin);
		expect(list.length).toBeGreaterThanOrEqual(4);
		expect(list.map((e) => e.createdAt)).toEqual([...list.map((e) => e.createdAt)].sort((a, b) => b - a));
		const demo = list.find((e) => e.id === fx.evaluationId)!;
		expect(demo).toMatchObject({ criteria: 6, categories: 1, bodies: 34 });
	});
});

describe('updating settings', () => {
	let id: string;
	beforeAll(async () => {
		id = await createEvaluation(app.ctx, admin, { name: 'Monev KIP 2027', source: { kind: 'preset' } });
	});

	test('valid settings are stored, audited with before and after, and bump the live version', async () => {
		const before = await settingsOf(id);
		const version = (await app.db.selectFrom('evaluations').select('live_version').where('id', '=', id).executeTakeFirstOrThrow())
			.live_version;
		const next: EvaluationSettings = {
			...withRules(before, {
				stageWeights: { prior: 80, presentation: 20 },
				bands: [
					{ label: 'Sangat baik', min: 85 },
					{ label: 'Baik', min: 60 },
					{ label: 'Kurang', min: 0 }
				],
				aggregation: { method: 'trimmed_mean', trim: [{ minValid: 5, dropEachSide: 1 }], quorum: 3, normalise: true },
				tieBreak: [{ kind: 'presentation' }, { kind: 'criterion', code: 'K2' }, { kind: 'prior' }],
				nonPresenter: 'zero_presentation',
				divergenceTolerance: 12.5
			}),
			name: 'Monev KIP 2027 (revisi)',
			priorStageLabel: 'Kuesioner',
			passingGrade: 55.5,
			timing: { presentation: 12, qa: 20, scoring: 4, changeover: 0 }
		};
		expect(await updateEvaluationSettings(app.ctx, admin, id, next)).toEqual(next);
		expect(await settingsOf(id)).toEqual(next);
		const row = await app.db.selectFrom('evaluations').select('live_version').where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.live_version).toBe(version + 1);
		const audit = await lastAudit(app);
		expect(audit).toMatchObject({ action: 'evaluation.settings_update', actor_id: admin.id, entity_id: id, before, after: next });
	});

	test('trimming steps are stored highest first whatever order they were typed in', async () => {
		const s = await settingsOf(id);
		const trim = [
			{ minValid: 5, dropEachSide: 1 },
			{ minValid: 9, dropEachSide: 3 }
		];
		await updateEvaluationSettings(app.ctx, admin, id, withRules(s, { aggregation: { ...s.rules.aggregation, trim } }));
		expect((await settingsOf(id)).rules.aggregation.trim).toEqual([trim[1], trim[0]]);
	});

	const invalid: [string, (s: EvaluationSettings) => unknown, string][] = [
		['stage weights not summing to 100', (s) => withRules(s, { stageWeights: { prior: 70, presentation: 20 } }), 'rules.stageWeights'],
		[
			'a negative stage weight',
			(s) => withRules(s, { stageWeights: { prior: 110, presentation: -10 } }),
			'rules.stageWeights.presentation'
		],
		['a passing grade above 100', (s) => ({ ...s, passingGrade: 120 }), 'passingGrade'],
		['a negative passing grade', (s) => ({ ...s, passingGrade: -1 }), 'passingGrade'],
		['an empty name', (s) => ({ ...s, name: '' }), 'name'],
		['an empty prior stage label', (s) => ({ ...s, priorStageLabel: ' ' }), 'priorStageLabel'],
		[
			'bands not highest first',
			(s) =>
				withRules(s, {
					bands: [
						{ label: 'A', min: 40 },
						{ label: 'B', min: 60 }
					]
				}),
			'rules.bands[1].min'
		],
		[
			'a band label used twice',
			(s) =>
				withRules(s, {
					bands: [
						{ label: 'A', min: 60 },
						{ label: 'A', min: 0 }
					]
				}),
			'rules.bands[1].label'
		],
		['no bands', (s) => withRules(s, { bands: [] }), 'rules.bands'],
		['a band without a label', (s) => withRules(s, { bands: [{ label: '', min: 0 }] }), 'rules.bands[0]'],
		[
			'an unknown aggregation method',
			(s) => withRules(s, { aggregation: { ...s.rules.aggregation, method: 'max' as never } }),
			'rules.aggregation.method'
		],
		[
			'a trimming step that leaves no score',
			(s) => withRules(s, { aggregation: { ...s.rules.aggregation, trim: [{ minValid: 4, dropEachSide: 2 }] } }),
			'rules.aggregation.trim[0]'
		],
		['a quorum of 0', (s) => withRules(s, { aggregation: { ...s.rules.aggregation, quorum: 0 } }), 'rules.aggregation.quorum'],
		['a negative divergence tolerance', (s) => withRules(s, { divergenceTolerance: -1 }), 'rules.divergenceTolerance'],
		[
			'a tie-break criterion not in the rubric',
			(s) => withRules(s, { tieBreak: [{ kind: 'criterion', code: 'K9' }] }),
			'rules.tieBreak[0].code'
		],
		['an unknown non-presenter rule', (s) => withRules(s, { nonPresenter: 'zero' as never }), 'rules.nonPresenter'],
		['a presentation of 0 minutes', (s) => ({ ...s, timing: { ...s.timing, presentation: 0 } }), 'timing.presentation'],
		['fractional Q&A minutes', (s) => ({ ...s, timing: { ...s.timing, qa: 2.5 } }), 'timing.qa'],
		['no settings at all', () => null, '']
	];
	test.each(invalid)('%s is refused at its field and changes nothing', async (_what, make, path) => {
		const input = make(await settingsOf(id));
		const e = await expectRefusedUnchanged(() => updateEvaluationSettings(app.ctx, admin, id, input), InvalidSetup);
		expect(e.code).toBe('invalid_input');
		expect(e.validation.map((i) => i.path)).toContain(path);
	});

	test('an unknown evaluation is refused', async () => {
		const e = await expectRefusedUnchanged(() => updateEvaluationSettings(app.ctx, admin, 'nope', {}), ServiceError);
		expect(e.code).toBe('not_found');
	});
});

describe('the settings lock', () => {
	let locked: EvaluationSettings;
	beforeAll(async () => {
		await submitFirstScore(app);
		locked = await settingsOf(fx.evaluationId);
	});

	test('the first submitted score locks the settings', async () => {
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settingsLockedAt).toEqual(expect.any(Number));
	});

	const lockedChanges: [string, (s: EvaluationSettings) => EvaluationSettings, string][] = [
		['stage weights', (s) => withRules(s, { stageWeights: { prior: 80, presentation: 20 } }), 'stageWeights'],
		['bands', (s) => withRules(s, { bands: [{ label: 'Semua', min: 0 }] }), 'bands'],
		['aggregation method', (s) => withRules(s, { aggregation: { ...s.rules.aggregation, method: 'median' } }), 'aggregation'],
		['normalisation', (s) => withRules(s, { aggregation: { ...s.rules.aggregation, normalise: true } }), 'aggregation'],
		['quorum', (s) => withRules(s, { aggregation: { ...s.rules.aggregation, quorum: 3 } }), 'aggregation'],
		['tie-break chain', (s) => withRules(s, { tieBreak: [{ kind: 'prior' }] }), 'tieBreak'],
		['non-presenter rule', (s) => withRules(s, { nonPresenter: 'zero_presentation' }), 'nonPresenter']
	];
	test.each(lockedChanges)('a change of the %s is refused while locked, naming it', async (_what, change, field) => {
		const e = await expectRefusedUnchanged(() => updateEvaluationSettings(app.ctx, admin, fx.evaluationId, change(locked)), SettingsLocked);
		expect(e.code).toBe('invalid_state');
		expect(e.changed).toEqual([field]);
		expect(e.message).toMatch(/locked/);
	});

	test('name, prior stage label, passing grade, divergence tolerance and timing stay editable', async () => {
		const next = {
			...withRules(locked, { divergenceTolerance: 20 }),
			name: 'Monev KIP 2023 — Presentasi (hari 2)',
			priorStageLabel: 'SAQ terverifikasi',
			passingGrade: 62,
			timing: { presentation: 8, qa: 12, scoring: 5, changeover: 10 }
		};
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, next);
		expect(await settingsOf(fx.evaluationId)).toEqual(next);
		locked = next;
	});

	test('unlocking needs a reason of at least 10 characters', async () => {
		for (const reason of ['', 'terlalu  ', '   pendek   ']) {
			const e = await expectRefusedUnchanged(() => unlockSettings(app.ctx, admin, fx.evaluationId, reason), ServiceError);
			expect(e.code).toBe('invalid_input');
			expect(e.issues?.[0].path).toBe('reason');
		}
	});

	test('an audited unlock allows the change, and the next score locks again', async () => {
		const reason = 'Bobot tahap salah: SK menetapkan 80/20';
		const lockedAt = (await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settingsLockedAt;
		await unlockSettings(app.ctx, admin, fx.evaluationId, `  ${reason} `);
		const audit = await lastAudit(app);
		expect(audit).toMatchObject({
			action: 'evaluation.settings_unlock',
			actor_id: admin.id,
			entity_id: fx.evaluationId,
			before: { settingsLockedAt: lockedAt },
			after: { settingsLockedAt: null, reason }
		});
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settingsLockedAt).toBeNull();
		const next = withRules(locked, { stageWeights: { prior: 80, presentation: 20 } });
		await updateEvaluationSettings(app.ctx, admin, fx.evaluationId, next);
		expect((await settingsOf(fx.evaluationId)).rules.stageWeights).toEqual({ prior: 80, presentation: 20 });

		await submitFirstScore(app);
		expect((await getEvaluationSettings(app.ctx, admin, fx.evaluationId)).settingsLockedAt).toEqual(expect.any(Number));
		await expectRefusedUnchanged(() => updateEvaluationSettings(app.ctx, admin, fx.evaluationId, locked), SettingsLocked);
	});

	test('unlocking settings that are not locked is refused', async () => {
		const fresh = await createEvaluation(app.ctx, admin, { name: 'Belum dinilai', source: { kind: 'blank' } });
		const e = await expectRefusedUnchanged(() => unlockSettings(app.ctx, admin, fresh, 'tidak ada yang terkunci'), ServiceError);
		expect(e.code).toBe('invalid_state');
	});
});

describe('only the secretariat', () => {
	test('chairs, jurors and presenters can neither read nor change evaluations and settings', async () => {
		const settings = await settingsOf(fx.evaluationId);
		for (const actor of await nonAdmins(app)) {
			const calls: (() => Promise<unknown>)[] = [
				() => listEvaluations(app.ctx, actor),
				() => getEvaluationSettings(app.ctx, actor, fx.evaluationId),
				() => createEvaluation(app.ctx, actor, { name: 'Curang', source: { kind: 'preset' } }),
				() => createEvaluation(app.ctx, actor, { name: 'Curang', source: { kind: 'clone', evaluationId: fx.evaluationId } }),
				() => updateEvaluationSettings(app.ctx, actor, fx.evaluationId, { ...settings, passingGrade: 10 }),
				() => unlockSettings(app.ctx, actor, fx.evaluationId, 'alasan yang cukup panjang')
			];
			for (const call of calls) {
				const e = await expectRefusedUnchanged(call, ServiceError);
				expect(e.code, actor.role).toBe('forbidden');
			}
		}
	});
});
