/**
 * A change of the scoring rules once results are certified: previewed on the certified results
 * (the scoring core recomputes them with the new rules) and made only when the secretariat
 * confirms that very preview (`updateEvaluationSettings` refuses it otherwise).
 */
import { createHash } from 'node:crypto';
import { previewRules, type ScoringRules } from '$lib/domain/scoring';
import { changedLockedRules } from '$lib/domain/setup/evaluation-settings';
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
 * How `rules` would move the evaluation's certified results, or null when nothing needs
 * confirming: no slot is certified yet, or the rules results depend on stay as they are. Read with
 * `db` (a transaction, when the change is being made in it).
 *
 * @example const preview = await previewRuleChange(db, evaluationId, { ...rules, aggregation: { ...rules.aggregation, method: 'median' } });
 */
export async function previewRuleChange(db: DB, evaluationId: string, rules: ScoringRules): Promise<RuleChangePreview | null> {
	const { inputs } = await evaluationResultInputs(db, evaluationId, 'presented');
	const changed = changedLockedRules(inputs.rules, rules);
	if (inputs.slots.length === 0 || changed.length === 0) return null;
	const { changes, bodies } = previewRules(inputs, rules);
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
	// The key names the rules on both sides and what they do, so a confirmation made before another
	// slot was certified (or the rules changed in another tab) no longer matches.
	const key = createHash('sha256')
		.update(JSON.stringify({ from: inputs.rules, to: rules, moves }))
		.digest('hex')
		.slice(0, 32);
	return { key, rules: changed, bodies, moves };
}
