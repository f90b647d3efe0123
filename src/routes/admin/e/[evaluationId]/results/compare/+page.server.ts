import { requireArea } from '$lib/server/auth/guard';
import { ServiceError } from '$lib/server/services/errors';
import { compareVersions, listVersions } from '$lib/server/services/results/versions';
import type { PageServerLoad } from './$types';

/**
 * Two results compared, named in the URL (`?from=1&to=2`, either may be `draft`). Without them,
 * the page offers the choice; with a bad one, it says which.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireArea(locals, 'admin');
	const evaluationId = params.evaluationId;
	const versions = await listVersions(locals.ctx, actor, { evaluationId });
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	const errors: Record<string, string> = {};
	if (from === null || to === null) return { versions, from, to, comparison: null, errors };
	try {
		return { versions, from, to, comparison: await compareVersions(locals.ctx, actor, { evaluationId, from, to }), errors };
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		for (const issue of e.issues ?? [{ path: '_form', message: 'invalid' }]) errors[issue.path] ??= issue.message;
		return { versions, from, to, comparison: null, errors };
	}
};
