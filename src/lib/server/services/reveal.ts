/**
 * The reveal console of an award ceremony: the secretariat steps each category's results up from
 * the bottom, one body (with those tied to it) or one qualification band at a time, forward or
 * back. Each step is one transaction with its audit row; the public views are pushed after commit,
 * built from the revealed lines only (public-results.ts).
 */
import { z } from 'zod';
import { revealBack, revealForward, revealedLines, shownCount, tieNotes } from '$lib/domain/scoring';
import type { RevealConsoleView } from '$lib/shared/reveal';
import type { SessionUser } from '../auth/session';
import { nowOf, type ServiceContext } from './context';
import { FieldRefusal, notFound } from './errors';
import { loadEvaluation } from './evaluation-rules';
import { publicSource, revealCounts } from './public-results';
import { evaluationOnly, requireSecretariat } from './results/versions';
import { appendAudit } from '../audit';
import { bumpLiveVersion } from './transaction';
import { parseInput } from './validation';

export const revealStepInput = evaluationOnly.extend({
	categoryId: z.string().min(1).max(64),
	direction: z.enum(['next', 'back'], 'direction'),
	unit: z.enum(['body', 'band'], 'unit')
});

/**
 * Everything the reveal console shows: per category every line, which are revealed, and what the
 * next body step and band step would add.
 *
 * @example const view = await revealConsole(ctx, admin, { evaluationId }); view.categories[0].nextBodies // ['Aceh']
 */
export async function revealConsole(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<RevealConsoleView> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(evaluationOnly, raw);
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	const [{ published, resultSet, labels }, reveals] = await Promise.all([
		publicSource(ctx.db, evaluation),
		revealCounts(ctx.db, evaluationId)
	]);
	const ties = tieNotes(resultSet, 'category');
	const categories = labels.categories.map((category) => {
		const entries = resultSet.entries.filter((e) => e.categoryId === category.id);
		const revealed = reveals.get(category.id) ?? 0;
		const shown = shownCount(entries, revealed);
		const afterBody = revealForward(entries, revealed, 'body');
		const afterBand = revealForward(entries, revealed, 'band');
		const fromBottom = (count: number) => entries.slice(entries.length - count, entries.length - shown);
		return {
			categoryId: category.id,
			categoryName: category.name,
			shown,
			lines: entries.map((e, i) => ({
				bodyId: e.bodyId,
				bodyName: labels.bodies[e.bodyId]?.name ?? '',
				bodyShortName: labels.bodies[e.bodyId]?.shortName ?? '',
				rank: e.rankInCategory,
				tie: ties.get(e.bodyId) ?? null,
				presentationScore: e.presentation?.score ?? null,
				finalScore: e.finalScore,
				band: e.band,
				revealed: i >= entries.length - shown
			})),
			nextBodies: afterBody === null ? [] : fromBottom(afterBody).map((e) => labels.bodies[e.bodyId]?.name ?? ''),
			nextBand: afterBand === null ? null : { band: entries[entries.length - 1 - shown].band, count: afterBand - shown }
		};
	});
	return {
		evaluation: { id: evaluation.id, name: evaluation.name },
		staged: evaluation.public_results === 'staged',
		published: published && {
			version: published.info.version,
			decreeNumber: published.info.decreeNumber,
			decreeDate: published.info.decreeDate,
			publishedAt: published.info.publishedAt
		},
		focusCategoryId: evaluation.reveal_category_id,
		categories: categories.filter((c) => c.lines.length > 0)
	};
}

/**
 * One step of the reveal: the next body or band of a category shown to the audience, or the last
 * one hidden again. Refused while the evaluation's public policy is not the staged reveal, past
 * the top or below the bottom.
 *
 * @example await revealStep(ctx, admin, { evaluationId, categoryId, direction: 'next', unit: 'band' }); // { shown: 4, total: 9 }
 */
export async function revealStep(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ shown: number; total: number }> {
	requireSecretariat(actor);
	const input = parseInput(revealStepInput, raw);
	const { version, outcome } = await ctx.db.transaction().execute(async (trx) => {
		const evaluation = await trx.selectFrom('evaluations').selectAll().where('id', '=', input.evaluationId).executeTakeFirst();
		if (!evaluation) throw notFound('Evaluation');
		if (evaluation.public_results !== 'staged')
			throw new FieldRefusal('invalid_state', 'not_staged', 'Choose the staged reveal as the public results first');
		const category = await trx
			.selectFrom('categories')
			.select('id')
			.where('id', '=', input.categoryId)
			.where('evaluation_id', '=', input.evaluationId)
			.executeTakeFirst();
		if (!category) throw notFound('Category');
		const { resultSet } = await publicSource(trx, evaluation);
		const lines = resultSet.entries.filter((e) => e.categoryId === input.categoryId);
		const before = (await revealCounts(trx, input.evaluationId)).get(input.categoryId) ?? 0;
		const after = input.direction === 'next' ? revealForward(lines, before, input.unit) : revealBack(lines, before, input.unit);
		if (after === null) {
			throw input.direction === 'next'
				? new FieldRefusal('invalid_state', 'all_revealed', 'Everything in this category is revealed')
				: new FieldRefusal('invalid_state', 'none_revealed', 'Nothing in this category is revealed');
		}
		const now = nowOf(ctx);
		await trx
			.insertInto('result_reveals')
			.values({ evaluation_id: input.evaluationId, category_id: input.categoryId, revealed: after, updated_at: now })
			.onConflict((oc) => oc.columns(['evaluation_id', 'category_id']).doUpdateSet({ revealed: after, updated_at: now }))
			.execute();
		await trx.updateTable('evaluations').set({ reveal_category_id: input.categoryId }).where('id', '=', input.evaluationId).execute();
		await appendAudit(trx, {
			evaluationId: input.evaluationId,
			actorId: actor.id,
			action: input.direction === 'next' ? 'results.reveal_next' : 'results.reveal_back',
			entity: 'category',
			entityId: input.categoryId,
			before: { revealed: revealedLines(lines, before).map((e) => e.bodyId) },
			after: { unit: input.unit, revealed: revealedLines(lines, after).map((e) => e.bodyId) }
		});
		return { version: await bumpLiveVersion(trx, input.evaluationId, 'public'), outcome: { shown: after, total: lines.length } };
	});
	ctx.publisher.changed({ evaluationId: input.evaluationId, version, public: true });
	return outcome;
}
