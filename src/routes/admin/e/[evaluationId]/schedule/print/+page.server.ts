import { scheduleRows } from '$lib/server/export/schedule-export';
import type { PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => ({
	rows: await scheduleRows(locals.ctx, requireArea(locals, 'admin'), params.evaluationId)
});
