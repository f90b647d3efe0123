import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	jurorId: locals.user!.id,
	snapshot: await loadSnapshot(locals, 'juror')
});
