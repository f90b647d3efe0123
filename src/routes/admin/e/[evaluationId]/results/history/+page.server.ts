import { requireArea } from '$lib/server/auth/guard';
import { listVersions } from '$lib/server/services/results/versions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	versions: await listVersions(locals.ctx, requireArea(locals, 'admin'), { evaluationId: params.evaluationId })
});
