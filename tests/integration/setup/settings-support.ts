/**
 * Shared by the settings and rubric integration tests: the people who may or may not change the
 * setup, a first score that locks the settings, and a copy of every setup row, so a refused
 * change can be shown to have changed nothing.
 */
import type { SessionUser } from '$lib/server/auth/session';
import type { ServiceContext } from '$lib/server/services/context';
import { updateEvaluationSettings } from '$lib/server/services/evaluations';
import { RulesChangeUnconfirmed } from '$lib/server/services/rule-preview';
import { submitScores } from '$lib/server/services/scoring';
import { flatSheet, newSubmissionId, type TestApp } from '../harness';

/** Every row a setup change could touch, in a stable order. */
export async function setupRows(app: TestApp) {
	const { db } = app;
	return {
		evaluations: await db.selectFrom('evaluations').selectAll().orderBy('id').execute(),
		criteria: await db.selectFrom('criteria').selectAll().orderBy('evaluation_id').orderBy('sort_order').execute(),
		categories: await db.selectFrom('categories').selectAll().orderBy('id').execute(),
		bodies: await db.selectFrom('bodies').selectAll().orderBy('id').execute(),
		users: await db.selectFrom('users').select(['id', 'evaluation_id']).orderBy('id').execute(),
		panels: await db.selectFrom('panels').selectAll().orderBy('id').execute(),
		slots: await db.selectFrom('slots').select(['id', 'evaluation_id']).orderBy('id').execute(),
		audit: await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()
	};
}

/** A chair, a juror and a presenter of the demo: none of them may change the setup. */
export async function nonAdmins(app: TestApp): Promise<SessionUser[]> {
	return [(await app.signIn('chair')).user, (await app.signIn('juror')).user, (await app.signIn('presenter')).user];
}

/**
 * A juror submits a sheet for the demo's first slot (opening it first if needed): the scoring
 * service then locks the settings, as on event day.
 */
export async function submitFirstScore(app: TestApp): Promise<void> {
	const fx = await app.fixture();
	const slot = fx.panelA.slots[0].id;
	const { state } = await app.db.selectFrom('slots').select('state').where('id', '=', slot).executeTakeFirstOrThrow();
	if (state === 'scheduled') await app.drive(slot, 'start_presentation', 'start_qa', 'open_scoring');
	const juror = await app.signIn('juror');
	await submitScores(app.ctx, juror.user, { slotId: slot, submissionId: newSubmissionId('lock'), scores: flatSheet(80) });
}

/** The most recent audit row, with its JSON parsed. */
export async function lastAudit(app: TestApp) {
	const row = await app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
	return { ...row, before: row.before ? JSON.parse(row.before) : null, after: row.after ? JSON.parse(row.after) : null };
}

/** Posts a form to a SvelteKit action as the browser would (as `user`, on the evaluation's route), and returns what the action returned. */
export async function postForm(
	app: TestApp,
	user: SessionUser,
	action: unknown,
	fields: Record<string, string>,
	evaluationId: string
): Promise<unknown> {
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	const request = new Request('http://localhost/form', { method: 'POST', body });
	const event = { request, locals: { ctx: app.ctx, user }, params: { evaluationId }, url: new URL(request.url) };
	return (action as (e: unknown) => Promise<unknown>)(event);
}

/** The whole settings form as the page renders it for the demo's (preset) settings. */
export function settingsFields(overrides: Record<string, string> = {}): Record<string, string> {
	return {
		name: 'Monev KIP 2023 — Presentasi',
		priorStageLabel: 'SAQ',
		passingGrade: '60',
		'rules.stageWeights.prior': '70',
		'rules.stageWeights.presentation': '30',
		'rules.bands.0.label': 'Informatif',
		'rules.bands.0.min': '90',
		'rules.bands.1.label': 'Menuju Informatif',
		'rules.bands.1.min': '80',
		'rules.bands.2.label': 'Cukup Informatif',
		'rules.bands.2.min': '60',
		'rules.bands.3.label': 'Kurang Informatif',
		'rules.bands.3.min': '40',
		'rules.bands.4.label': 'Tidak Informatif',
		'rules.bands.4.min': '0',
		'rules.aggregation.method': 'mean',
		'rules.aggregation.trim.0.minValid': '7',
		'rules.aggregation.trim.0.dropEachSide': '2',
		'rules.aggregation.trim.1.minValid': '5',
		'rules.aggregation.trim.1.dropEachSide': '1',
		'rules.aggregation.quorum': '2',
		'rules.divergenceTolerance': '15',
		'rules.nonPresenter': 'prior_only',
		'timing.presentation': '10',
		'timing.qa': '15',
		'timing.scoring': '5',
		'timing.changeover': '5',
		timeZone: 'Asia/Jakarta',
		...overrides
	};
}

/**
 * A change of the rules once results are certified, as the settings page makes it: refused with
 * its preview first (checked), then made with the preview's key.
 */
export async function confirmedRulesChange(ctx: ServiceContext, admin: SessionUser, evaluationId: string, input: unknown): Promise<void> {
	const refusal = await updateEvaluationSettings(ctx, admin, evaluationId, input).then(
		() => null,
		(e: unknown) => e
	);
	if (!(refusal instanceof RulesChangeUnconfirmed)) throw new Error(`the rule change was not previewed first: ${String(refusal)}`);
	await updateEvaluationSettings(ctx, admin, evaluationId, input, refusal.preview.key);
}
