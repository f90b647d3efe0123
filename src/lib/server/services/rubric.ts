/**
 * The rubric of an evaluation: read it, and save it whole (all criteria replaced in one audited
 * transaction), validated by the scoring core's `validateRubric`.
 */
import { validateRubric, validateRules, type Criterion } from '$lib/domain/scoring';
import { changedLockedCriteria, sheetBreakingChanges } from '$lib/domain/setup/evaluation-settings';
import type { SessionUser } from '../auth/session';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { insertCriteria, loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';
import { ServiceError } from './errors';
import { InvalidSetup, SettingsLocked, announceSetupChange, requireAdmin } from './evaluations';
import { RulesChangeUnconfirmed, previewRuleChange } from './rule-preview';
import { bumpLiveVersion } from './transaction';

/** A criterion without level texts is stored and audited without a `levels` list. */
const withoutEmptyLevels = ({ levels, ...c }: Criterion): Criterion => (levels?.length ? { ...c, levels } : c);

export interface RubricView {
	criteria: Criterion[];
	/** While set, criteria cannot be added or removed and weights and scales cannot change. */
	settingsLockedAt: number | null;
}

/**
 * The rubric in its order, for the editor.
 *
 * @example const { criteria } = await getRubric(ctx, admin, evaluationId);
 */
export async function getRubric(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<RubricView> {
	requireAdmin(actor);
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	return { criteria: await loadRubric(ctx.db, evaluationId), settingsLockedAt: evaluation.settings_locked_at };
}

/**
 * Replaces the whole rubric, in the given order. Refused, changing nothing, when `validateRubric`
 * finds a problem (weights not summing to 100, a duplicate code, an unusable scale…), when a
 * criterion named in the tie-break chain would disappear, or when scoring has started and the
 * change touches what results depend on (criteria added or removed, weights, scales). Once
 * unlocked, a weight change while results are certified is refused with `RulesChangeUnconfirmed`
 * and its preview until `confirmRules` names the preview's key. Audited with the rubric before and
 * after (and the preview confirmed).
 *
 * @example await saveRubric(ctx, admin, evaluationId, [{ code: 'K1', name: 'Komitmen', description: '', weight: 100, min: 0, max: 100, step: 1 }]);
 */
export async function saveRubric(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	input: unknown,
	confirmRules?: string
): Promise<Criterion[]> {
	requireAdmin(actor);
	const checked = validateRubric(input);
	if (!checked.ok) throw new InvalidSetup(checked.issues, 'The rubric');
	const criteria = checked.value.map(withoutEmptyLevels);
	const { result, version } = await auditedAdminChange(ctx, actor, async (trx) => {
		const evaluation = await loadEvaluation(trx, evaluationId);
		const before = (await loadRubric(trx, evaluationId)).map(withoutEmptyLevels);
		if (evaluation.settings_locked_at !== null) {
			const changed = changedLockedCriteria(before, criteria);
			if (changed.length) throw new SettingsLocked(changed.map((code) => `criterion ${code}`));
		}
		// Unlocked or not, sheets already scored must stay readable: results are recomputed from them.
		const breaking = sheetBreakingChanges(before, criteria);
		if (breaking.length > 0) {
			const scored = await trx
				.selectFrom('score_submissions')
				.innerJoin('slots', 'slots.id', 'score_submissions.slot_id')
				.select('score_submissions.id')
				.where('slots.evaluation_id', '=', evaluationId)
				.limit(1)
				.executeTakeFirst();
			if (scored) {
				throw new ServiceError(
					'invalid_state',
					`Jurors have already scored with this rubric, so criteria cannot be added or removed and scales cannot change (${breaking.join(', ')}). Weights, names and texts can still change.`,
					undefined,
					'rubric_scored',
					{ criteria: breaking.join(', ') }
				);
			}
		}
		const tieBreak = validateRules(scoringRules(evaluation), criteria);
		if (!tieBreak.ok) throw new InvalidSetup(tieBreak.issues, 'The rubric with the tie-break chain');
		const preview = await previewRuleChange(trx, evaluationId, { rubric: criteria });
		if (preview && preview.key !== confirmRules) throw new RulesChangeUnconfirmed(preview);
		await trx.deleteFrom('criteria').where('evaluation_id', '=', evaluationId).execute();
		await insertCriteria(trx, evaluationId, criteria);
		const version = await bumpLiveVersion(trx, evaluationId, 'public');
		return {
			result: { result: criteria, version },
			audit: {
				evaluationId,
				action: 'rubric.save',
				entity: 'evaluation',
				entityId: evaluationId,
				before,
				after: preview
					? { criteria, certifiedResultsPreview: { key: preview.key, moved: preview.moves.length, bodies: preview.bodies } }
					: criteria
			}
		};
	});
	await announceSetupChange(ctx, evaluationId, version);
	return result;
}
