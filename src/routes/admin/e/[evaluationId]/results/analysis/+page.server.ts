import { requireArea } from '$lib/server/auth/guard';
import { resultsAnalysis } from '$lib/server/services/analysis';
import { ServiceError } from '$lib/server/services/errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireArea(locals, 'admin');
	try {
		const prior = url.searchParams.get('prior');
		return { analysis: await resultsAnalysis(locals.ctx, actor, params.evaluationId, prior === null ? {} : { prior }) };
	} catch (e) {
		// No results yet (an evaluation without a rubric): the page says so instead of failing.
		if (e instanceof ServiceError && e.code === 'invalid_state') return { analysis: null };
		throw e;
	}
};
