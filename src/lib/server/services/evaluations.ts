/**
 * The secretariat's evaluations: create one (from scratch, from the Monev KIP preset, or as a clone
 * of an earlier one), edit its settings, and unlock the settings results depend on after scoring
 * has started. Every change is audited through `auditedAdminChange`.
 */
import type { Transaction } from 'kysely';
import { MONEV_KIP_PRESET, type ValidationIssue } from '$lib/domain/scoring';
import {
	MONEV_KIP_CATEGORIES,
	blankSettings,
	changedLockedRules,
	presetSettings,
	validateEvaluationSettings,
	type EvaluationSettings
} from '$lib/domain/setup/evaluation-settings';
import { zoneOffsetMs, type EventZone } from '$lib/domain/setup/event-zone';
import type { SessionUser } from '../auth/session';
import type { Database, Evaluation } from '../db/schema';
import { auditedAdminChange } from './audited';
import { refreshInvited } from './bodies';
import { RulesChangeUnconfirmed, previewRuleChange } from './rule-preview';
import type { ServiceContext } from './context';
import { ServiceError, notFound, refusal, secretariatOnly } from './errors';
import { insertCriteria, loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';
import { bumpLiveVersion } from './transaction';
import { createdState } from './replay-state';

/** Setup input the domain refused; `validation` keeps the domain's issues (codes, params) for the form. */
export class InvalidSetup extends ServiceError {
	constructor(
		readonly validation: ValidationIssue[],
		subject: string
	) {
		super(
			'invalid_input',
			`${subject} is not valid: ${validation.map((i) => i.message).join(' ')}`,
			validation.map((i) => ({ path: i.path, message: i.message }))
		);
	}
}

/** A change to settings that results depend on, refused because scoring has started. */
export class SettingsLocked extends ServiceError {
	constructor(readonly changed: string[]) {
		super(
			'invalid_state',
			`Scoring has started, so these settings are locked: ${changed.join(', ')}. Unlock the settings (with a reason) to change them.`
		);
	}
}

/** A change of the event's time zone, refused because a presentation has started on its clocks. */
export class ZoneFixed extends ServiceError {
	constructor() {
		super('invalid_state', 'A presentation has started: the time zone of the event can no longer change');
	}
}

export type EvaluationSource = { kind: 'blank' } | { kind: 'preset' } | { kind: 'clone'; evaluationId: string };

export interface EvaluationSummary {
	id: string;
	name: string;
	createdAt: number;
	settingsLockedAt: number | null;
	/** The evaluation running now: /admin and /live show it by default. */
	running: boolean;
	timeZone: EventZone;
	categories: number;
	bodies: number;
	criteria: number;
}

export interface SettingsView {
	settings: EvaluationSettings;
	settingsLockedAt: number | null;
	/** The rubric's criteria, for the tie-break chain. */
	criteria: { code: string; name: string }[];
}

/** Checked before any validation, so others learn nothing about the setup from the refusal. */
export function requireAdmin(actor: SessionUser) {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat can see or change the evaluation setup');
}

/** The evaluation row's settings, as the domain takes them. */
export function settingsOf(row: Evaluation): EvaluationSettings {
	return {
		name: row.name,
		priorStageLabel: row.prior_stage_label,
		passingGrade: row.passing_grade,
		rules: scoringRules(row),
		timing: {
			presentation: row.presentation_minutes,
			qa: row.qa_minutes,
			scoring: row.scoring_minutes,
			changeover: row.changeover_minutes
		},
		timeZone: row.time_zone
	};
}

function settingsColumns(s: EvaluationSettings) {
	return {
		name: s.name,
		prior_stage_label: s.priorStageLabel,
		prior_weight: s.rules.stageWeights.prior,
		presentation_weight: s.rules.stageWeights.presentation,
		passing_grade: s.passingGrade,
		bands: JSON.stringify(s.rules.bands),
		aggregation: JSON.stringify(s.rules.aggregation),
		tie_break: JSON.stringify(s.rules.tieBreak),
		non_presenter: s.rules.nonPresenter,
		divergence_tolerance: s.rules.divergenceTolerance,
		presentation_minutes: s.timing.presentation,
		qa_minutes: s.timing.qa,
		scoring_minutes: s.timing.scoring,
		changeover_minutes: s.timing.changeover,
		time_zone: s.timeZone
	};
}

/** After commit: jurors' tablets (the rubric), chairs' consoles and public results may all differ. */
export async function announceSetupChange(ctx: ServiceContext, evaluationId: string, version: number) {
	const panels = await ctx.db.selectFrom('panels').select('id').where('evaluation_id', '=', evaluationId).execute();
	ctx.publisher.changed({ evaluationId, version, panels: panels.map((p) => p.id), public: true });
}

/**
 * Every evaluation, newest first, with how far its setup has come.
 *
 * @example const evaluations = await listEvaluations(ctx, admin); // [{ id, name, bodies: 34, criteria: 6, … }]
 */
export async function listEvaluations(ctx: ServiceContext, actor: SessionUser): Promise<EvaluationSummary[]> {
	requireAdmin(actor);
	const [rows, categories, bodies, criteria] = await Promise.all([
		ctx.db
			.selectFrom('evaluations')
			.select(['id', 'name', 'created_at', 'settings_locked_at', 'running', 'time_zone'])
			.orderBy('created_at', 'desc')
			.execute(),
		ctx.db
			.selectFrom('categories')
			.select((eb) => ['evaluation_id', eb.fn.countAll<number>().as('n')])
			.where('archived_at', 'is', null)
			.groupBy('evaluation_id')
			.execute(),
		ctx.db
			.selectFrom('bodies')
			.select((eb) => ['evaluation_id', eb.fn.countAll<number>().as('n')])
			.where('archived_at', 'is', null)
			.groupBy('evaluation_id')
			.execute(),
		ctx.db
			.selectFrom('criteria')
			.select((eb) => ['evaluation_id', eb.fn.countAll<number>().as('n')])
			.groupBy('evaluation_id')
			.execute()
	]);
	const countOf = (counts: { evaluation_id: string; n: number }[], id: string) =>
		Number(counts.find((c) => c.evaluation_id === id)?.n ?? 0);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		createdAt: r.created_at,
		settingsLockedAt: r.settings_locked_at,
		running: r.running === 1,
		timeZone: r.time_zone,
		categories: countOf(categories, r.id),
		bodies: countOf(bodies, r.id),
		criteria: countOf(criteria, r.id)
	}));
}

/** Writes a new evaluation row from its settings (versions at 0, unlocked, unpublished). */
export async function insertEvaluation(trx: Transaction<Database>, id: string, settings: EvaluationSettings, now: number) {
	// The first evaluation is the running one (what /admin and /live show); later ones wait to be chosen.
	const running = await trx.selectFrom('evaluations').select('id').where('running', '=', 1).executeTakeFirst();
	await trx
		.insertInto('evaluations')
		.values({
			id,
			...settingsColumns(settings),
			live_version: 0,
			published_result_version: null,
			settings_locked_at: null,
			created_at: now,
			running: running ? 0 : 1
		})
		.execute();
}

/** Copies the source's settings, rubric, categories and (active) bodies; never people, panels, slots or scores. */
async function cloneInto(trx: Transaction<Database>, sourceId: string, id: string, chosen: EvaluationSettings, now: number) {
	const source = await trx.selectFrom('evaluations').selectAll().where('id', '=', sourceId).executeTakeFirst();
	if (!source) throw notFound('Evaluation to copy');
	await insertEvaluation(trx, id, { ...settingsOf(source), name: chosen.name, timeZone: chosen.timeZone }, now);
	const criteria = await trx.selectFrom('criteria').selectAll().where('evaluation_id', '=', sourceId).execute();
	if (criteria.length) {
		await trx
			.insertInto('criteria')
			.values(criteria.map((c) => ({ ...c, id: crypto.randomUUID(), evaluation_id: id })))
			.execute();
	}
	const categories = await trx
		.selectFrom('categories')
		.selectAll()
		.where('evaluation_id', '=', sourceId)
		.where('archived_at', 'is', null)
		.execute();
	const categoryIds = new Map(categories.map((c) => [c.id, crypto.randomUUID()]));
	if (categories.length) {
		await trx
			.insertInto('categories')
			.values(categories.map((c) => ({ ...c, id: categoryIds.get(c.id)!, evaluation_id: id })))
			.execute();
	}
	const bodies = await trx
		.selectFrom('bodies')
		.selectAll()
		.where('evaluation_id', '=', sourceId)
		.where('archived_at', 'is', null)
		.execute();
	const copied = bodies.filter((b) => categoryIds.has(b.category_id));
	if (copied.length) {
		await trx
			.insertInto('bodies')
			.values(copied.map((b) => ({ ...b, id: crypto.randomUUID(), evaluation_id: id, category_id: categoryIds.get(b.category_id)! })))
			.execute();
	}
	return { clonedFrom: sourceId, criteria: criteria.length, categories: categories.length, bodies: copied.length };
}

/**
 * Creates an evaluation and returns its id. From scratch: an empty rubric and neutral defaults.
 * From the preset: the Monev KIP rubric, rules, passing grade 60, its 7 categories and timing.
 * A clone copies settings, rubric, categories and bodies of another evaluation (not people,
 * panels, slots or scores). The event's time zone is chosen here (WIB unless another is named).
 *
 * @example const id = await createEvaluation(ctx, admin, { name: 'Monev KIP 2026', source: { kind: 'preset' }, timeZone: 'Asia/Makassar' });
 */
export async function createEvaluation(
	ctx: ServiceContext,
	actor: SessionUser,
	input: { name: string; source: EvaluationSource; timeZone?: string }
): Promise<string> {
	requireAdmin(actor);
	const base = input.source.kind === 'blank' ? blankSettings(input.name) : presetSettings(input.name);
	const checked = validateEvaluationSettings(input.timeZone === undefined ? base : { ...base, timeZone: input.timeZone });
	if (!checked.ok) throw new InvalidSetup(checked.issues, 'The new evaluation');
	return auditedAdminChange(ctx, actor, async (trx) => {
		const id = crypto.randomUUID();
		const now = Date.now();
		let copied: Record<string, unknown>;
		if (input.source.kind === 'clone') {
			copied = await cloneInto(trx, input.source.evaluationId, id, checked.value, now);
		} else {
			await insertEvaluation(trx, id, checked.value, now);
			const categories = input.source.kind === 'preset' ? MONEV_KIP_CATEGORIES : [];
			const rubric = input.source.kind === 'preset' ? MONEV_KIP_PRESET.rubric : [];
			if (categories.length) {
				await trx
					.insertInto('categories')
					.values(categories.map((c, i) => ({ id: crypto.randomUUID(), evaluation_id: id, name: c, sort_order: i, archived_at: null })))
					.execute();
			}
			await insertCriteria(trx, id, rubric);
			copied = { categories: categories.length, criteria: rubric.length };
		}
		const after = {
			source: input.source.kind,
			...copied,
			settings: settingsOf(await loadEvaluation(trx, id)),
			replay: await createdState(trx, id)
		};
		return { result: id, audit: { evaluationId: id, action: 'evaluation.create', entity: 'evaluation', entityId: id, after } };
	});
}

/**
 * An evaluation's settings for the settings page, with whether they are locked.
 *
 * @example const { settings, settingsLockedAt } = await getEvaluationSettings(ctx, admin, evaluationId);
 */
export async function getEvaluationSettings(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<SettingsView> {
	requireAdmin(actor);
	const row = await loadEvaluation(ctx.db, evaluationId);
	const rubric = await loadRubric(ctx.db, evaluationId);
	return {
		settings: settingsOf(row),
		settingsLockedAt: row.settings_locked_at,
		criteria: rubric.map((c) => ({ code: c.code, name: c.name }))
	};
}

/**
 * Replaces an evaluation's settings. The domain validates them (rules with `validateRules`, a
 * tie-break criterion must be in the rubric); while scoring has started, a change to the settings
 * results depend on is refused with `SettingsLocked`. Once unlocked, a change to those rules while
 * results are certified is refused with `RulesChangeUnconfirmed` and its preview (how the certified
 * results would move), until `confirmRules` names that preview's key. Audited with before and after
 * (and the preview confirmed).
 *
 * @example await updateEvaluationSettings(ctx, admin, id, { ...settings, passingGrade: 55 });
 * @example await updateEvaluationSettings(ctx, admin, id, changed, refusal.preview.key); // after showing the preview
 */
export async function updateEvaluationSettings(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	input: unknown,
	confirmRules?: string
): Promise<EvaluationSettings> {
	requireAdmin(actor);
	const { result, version } = await auditedAdminChange(ctx, actor, async (trx) => {
		// Read inside the transaction, so a first score committed meanwhile is seen.
		const row = await loadEvaluation(trx, evaluationId);
		const checked = validateEvaluationSettings(input, await loadRubric(trx, evaluationId));
		if (!checked.ok) throw new InvalidSetup(checked.issues, 'The settings');
		const before = settingsOf(row);
		if (row.settings_locked_at !== null) {
			const changed = changedLockedRules(before.rules, checked.value.rules);
			if (changed.length) throw new SettingsLocked(changed);
		}
		// Read in the transaction, so the preview confirmed is of the results as they stand now.
		const preview = await previewRuleChange(trx, evaluationId, { rules: checked.value.rules });
		if (preview && preview.key !== confirmRules) throw new RulesChangeUnconfirmed(preview);
		if (before.timeZone !== checked.value.timeZone)
			await keepScheduleClockTimes(trx, evaluationId, before.timeZone, checked.value.timeZone);
		await trx.updateTable('evaluations').set(settingsColumns(checked.value)).where('id', '=', evaluationId).execute();
		// Who is invited follows the passing grade.
		const invitationsChanged = before.passingGrade === checked.value.passingGrade ? 0 : await refreshInvited(trx, evaluationId);
		const version = await bumpLiveVersion(trx, evaluationId, 'public');
		return {
			result: { result: checked.value, version },
			audit: {
				evaluationId,
				action: 'evaluation.settings_update',
				entity: 'evaluation',
				entityId: evaluationId,
				before,
				after: {
					...checked.value,
					...(invitationsChanged > 0 ? { invitationsChanged } : {}),
					...(preview ? { certifiedResultsPreview: { key: preview.key, moved: preview.moves.length, bodies: preview.bodies } } : {})
				}
			}
		};
	});
	await announceSetupChange(ctx, evaluationId, version);
	return result;
}

/**
 * A new zone keeps the schedule at the times of day it was typed in: the windows and slots typed as
 * 08.00 WIB read 08.00 WITA after the change, not 09.00 (the secretariat corrects the zone, not the
 * plan). Refused once a presentation started or a body was marked absent: those times happened.
 */
async function keepScheduleClockTimes(trx: Transaction<Database>, evaluationId: string, from: EventZone, to: EventZone) {
	const started = await trx
		.selectFrom('slots')
		.select('id')
		.where('evaluation_id', '=', evaluationId)
		.where('state', '!=', 'scheduled')
		.executeTakeFirst();
	if (started) throw new ZoneFixed();
	const shift = zoneOffsetMs(from) - zoneOffsetMs(to);
	await trx
		.updateTable('slots')
		.set((eb) => ({ planned_start: eb('planned_start', '+', shift) }))
		.where('evaluation_id', '=', evaluationId)
		.execute();
	await trx
		.updateTable('schedule_windows')
		.set((eb) => ({ starts_at: eb('starts_at', '+', shift), ends_at: eb('ends_at', '+', shift) }))
		.where('evaluation_id', '=', evaluationId)
		.execute();
}

/** The shortest reason accepted for unlocking settings. */
export const UNLOCK_REASON_MIN = 10;

/**
 * Unlocks the settings results depend on, after scoring started, for a stated reason (audited as
 * `evaluation.settings_unlock`). The next submitted score locks them again.
 *
 * @example await unlockSettings(ctx, admin, id, 'Bobot tahap salah ketik: 70/30, bukan 80/20');
 */
export async function unlockSettings(ctx: ServiceContext, actor: SessionUser, evaluationId: string, reason: string): Promise<void> {
	requireAdmin(actor);
	const why = reason.trim();
	if (why.length < UNLOCK_REASON_MIN || why.length > 500) {
		throw new ServiceError(
			'invalid_input',
			`Give a reason of ${UNLOCK_REASON_MIN} to 500 characters for unlocking the settings`,
			[{ path: 'reason', message: `A reason of ${UNLOCK_REASON_MIN} to 500 characters is needed` }],
			'unlock_reason',
			{ min: UNLOCK_REASON_MIN }
		);
	}
	await auditedAdminChange(ctx, actor, async (trx) => {
		const row = await loadEvaluation(trx, evaluationId);
		if (row.settings_locked_at === null) throw refusal('invalid_state', 'settings_not_locked', 'The settings are not locked');
		await trx.updateTable('evaluations').set({ settings_locked_at: null }).where('id', '=', evaluationId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'evaluation.settings_unlock',
				entity: 'evaluation',
				entityId: evaluationId,
				before: { settingsLockedAt: row.settings_locked_at },
				after: { settingsLockedAt: null, reason: why }
			}
		};
	});
}
