import { fail } from '@sveltejs/kit';
import { requireArea } from '$lib/server/auth/guard';
import { checkIn } from '$lib/server/services/check-in';
import { ServiceError } from '$lib/server/services/errors';
import { loadSnapshot } from '$lib/server/snapshot-load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireArea(locals, 'presenter');
	return { snapshot: await loadSnapshot(locals, 'presenter') };
};

export const actions: Actions = {
	/** "Kami sudah hadir": the page words a refusal (refusal-text.ts). */
	checkIn: async ({ locals }) => {
		const actor = requireArea(locals, 'presenter');
		try {
			return { checkedIn: await checkIn(locals.ctx, actor, {}) };
		} catch (e) {
			if (e instanceof ServiceError) return fail(400, { refusal: e.refusal });
			throw e;
		}
	}
};
