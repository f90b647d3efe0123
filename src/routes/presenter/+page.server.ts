import { requireArea } from '$lib/server/auth/guard';
import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireArea(locals, 'presenter');
	return { snapshot: await loadSnapshot(locals, 'presenter') };
};
