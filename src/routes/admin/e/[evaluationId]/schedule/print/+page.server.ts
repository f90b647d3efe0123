import { scheduleRows } from '$lib/server/export/schedule-export';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	rows: await scheduleRows(locals.ctx, locals.user!, params.evaluationId)
});
