import { error } from '@sveltejs/kit';
import { requireArea } from '$lib/server/auth/guard';
import { documentsHub } from '$lib/server/documents/hub';
import { ServiceError } from '$lib/server/services/errors';
import type { PageServerLoad } from './$types';

/** Every official document of the evaluation, by what it is about. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	try {
		return { hub: await documentsHub(locals.ctx, actor, params) };
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, { message: e.message, ...e.refusal });
		throw e;
	}
};
