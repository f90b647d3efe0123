import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => ({
	jurorId: requireArea(locals, 'juror').id,
	snapshot: await loadSnapshot(locals, 'juror')
});
