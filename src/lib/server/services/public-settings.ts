/**
 * What the public sees, decided by the secretariat: each evaluation's results policy before
 * publication (see public-results.ts), and which evaluation is running now (the one /admin and
 * /live show by default, instead of whichever was created last).
 */
import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { PublicResultsPolicy } from '../db/schema';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { notFound } from './errors';
import { bumpLiveVersion } from './transaction';
import { parseInput } from './validation';

export const PUBLIC_RESULTS_POLICIES = ['provisional', 'ranks_only', 'hidden', 'staged'] as const satisfies readonly PublicResultsPolicy[];

export const publicResultsInput = z.object({
	evaluationId: z.string().min(1).max(64),
	policy: z.enum(PUBLIC_RESULTS_POLICIES, 'policy')
});

export const runningInput = z.object({ evaluationId: z.string().min(1).max(64) });

/**
 * Sets what the audience and presenters see of the results before a version is published. Not a
 * setting results depend on, so it can change at any time (the audit log keeps each change); the
 * public views are pushed again at once.
 *
 * @example await setPublicResultsPolicy(ctx, admin, { evaluationId, policy: 'ranks_only' });
 */
export async function setPublicResultsPolicy(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(publicResultsInput, raw);
	const version = await auditedAdminChange(ctx, actor, async (trx) => {
		const evaluation = await trx.selectFrom('evaluations').select('public_results').where('id', '=', input.evaluationId).executeTakeFirst();
		if (!evaluation) throw notFound('Evaluation');
		await trx.updateTable('evaluations').set({ public_results: input.policy }).where('id', '=', input.evaluationId).execute();
		return {
			result: await bumpLiveVersion(trx, input.evaluationId, 'public'),
			audit: {
				evaluationId: input.evaluationId,
				action: 'evaluation.public_results',
				entity: 'evaluation',
				entityId: input.evaluationId,
				before: { publicResults: evaluation.public_results },
				after: { publicResults: input.policy }
			}
		};
	});
	ctx.publisher.changed({ evaluationId: input.evaluationId, version, public: true });
}

/**
 * Marks the evaluation running now; the one marked before is no longer. /admin and /live (without
 * ?evaluation=) show the running one.
 *
 * @example await setRunningEvaluation(ctx, admin, { evaluationId });
 */
export async function setRunningEvaluation(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const { evaluationId } = parseInput(runningInput, raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const chosen = await trx.selectFrom('evaluations').select('id').where('id', '=', evaluationId).executeTakeFirst();
		if (!chosen) throw notFound('Evaluation');
		const before = await trx.selectFrom('evaluations').select('id').where('running', '=', 1).executeTakeFirst();
		await trx.updateTable('evaluations').set({ running: 0 }).where('running', '=', 1).execute();
		await trx.updateTable('evaluations').set({ running: 1 }).where('id', '=', evaluationId).execute();
		return {
			result: undefined,
			audit: {
				evaluationId,
				action: 'evaluation.running',
				entity: 'evaluation',
				entityId: evaluationId,
				before: { running: before?.id ?? null },
				after: { running: evaluationId }
			}
		};
	});
}

/**
 * The evaluation a page shows when none is named: the running one, else (none marked yet) the newest.
 *
 * @example const evaluationId = await runningEvaluationId(ctx); // undefined before any evaluation exists
 */
export async function runningEvaluationId(ctx: Pick<ServiceContext, 'db'>): Promise<string | undefined> {
	const row = await ctx.db
		.selectFrom('evaluations')
		.select('id')
		.orderBy('running', 'desc')
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.id;
}
