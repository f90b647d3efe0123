import { error } from '@sveltejs/kit';
import { requireArea } from '$lib/server/auth/guard';
import { ServiceError } from '$lib/server/services/errors';
import { versionResults } from '$lib/server/services/results/versions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	try {
		return { view: await versionResults(locals.ctx, actor, { evaluationId: params.evaluationId, version: params.version }) };
	} catch (e) {
		// A version that does not exist (or is not a number) is a page that does not exist.
		if (e instanceof ServiceError && (e.code === 'not_found' || e.code === 'invalid_input'))
			error(404, { message: e.message, ...e.refusal });
		throw e;
	}
};
