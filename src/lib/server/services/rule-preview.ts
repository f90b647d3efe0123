/**
 * A change of the scoring rules or the rubric's weights once results are certified: previewed on
 * the certified results (the scoring core recomputes them with the change) and made only when the
 * secretariat confirms that very preview (`updateEvaluationSettings` and `saveRubric` refuse it
 * otherwise).
 */
import { createHash } from 'node:crypto';
import { previewRules, type ResultInputs } from '$lib/domain/scoring';
import { changedLockedCriteria, changedLockedRules } from '$lib/domain/setup/evaluation-settings';
import type { RuleChangePreview } from '$lib/shared/rule-preview';
import type { DB } from '../db';
import { ServiceError } from './errors';
import { evaluationResultInputs } from './results';

/** A rule change refused until its preview is confirmed; carries the preview for the page to show. */
export class RulesChangeUnconfirmed extends ServiceError {
	constructor(readonly preview: RuleChangePreview) {
		super(
			'invalid_state',
			`Results are certified: this rule change would move ${preview.moves.length} of ${preview.bodies} bodies; confirm its preview`,
			undefined,
			'rules_change_unconfirmed',
			{ moved: preview.moves.length, bodies: preview.bodies }
		);
	}
}

/**
 * How a change of the rules or the rubric would move the evaluation's certified results, or null
 * when nothing needs confirming: no slot is certified yet, or nothing results depend on changes.
 * Read with `db` (a transaction, when the change is being made in it).
 *
 * @example const preview = await previewRuleChange(db, evaluationId, { rules: { ...rules, aggregation: { ...rules.aggregation, method: 'median' } } });
 */
export async function previewRuleChange(
	db: DB,
	evaluationId: string,
	change: Partial<Pick<ResultInputs, 'rules' | 'rubric'>>
): Promise<RuleChangePreview | null> {
	const { inputs } = await evaluationResultInputs(db, evaluationId, 'presented');
	const changed = [
		...(change.rules ? changedLockedRules(inputs.rules, change.rules) : []),
		...(change.rubric ? changedLockedCriteria(inputs.rubric, change.rubric).map((code) => `criterion ${code}`) : [])
	];
	if (inputs.slots.length === 0 || changed.length === 0) return null;
	const { changes, bodies } = previewRules(inputs, change);
	const names = new Map(inputs.bodies.map((b) => [b.bodyId, b.name ?? b.bodyId]));
	const categories = new Map(
		(await db.selectFrom('categories').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute()).map((c) => [
			c.id,
			c.name
		])
	);
	const standing = (p: (typeof changes)[number]['before']) => ({
		finalScore: p.finalScore,
		band: p.band,
		rankInCategory: p.rankInCategory
	});
	const moves = changes.map((c) => ({
		bodyId: c.bodyId,
		name: names.get(c.bodyId)!,
		category: categories.get(c.categoryId) ?? '',
		before: standing(c.before),
		after: standing(c.after)
	}));
	// The key names both sides and what the change does, so a confirmation made before another
	// slot was certified (or the rules changed in another tab) no longer matches.
	const key = createHash('sha256')
		.update(JSON.stringify({ from: inputs.rules, rubric: inputs.rubric, to: change, moves }))
		.digest('hex')
		.slice(0, 32);
	return { key, rules: changed, bodies, moves };
}
