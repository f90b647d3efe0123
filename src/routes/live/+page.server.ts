import { error } from '@sveltejs/kit';
import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

/** Public: the audience view shows only certified slots, so it is safe to render for anyone. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const requested = url.searchParams.get('evaluation');
	const evaluation = await locals.ctx.db
		.selectFrom('evaluations')
		.select('id')
		.$if(requested !== null, (q) => q.where('id', '=', requested!))
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (!evaluation) error(404, requested ? 'Evaluation not found' : 'No evaluation yet');
	return { evaluationId: evaluation.id, snapshot: await loadSnapshot(locals, 'audience', { evaluationId: evaluation.id }) };
};
