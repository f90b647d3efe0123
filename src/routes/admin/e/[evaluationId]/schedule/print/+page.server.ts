import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleRows } from '$lib/server/export/schedule-export';
import type { PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => ({
	rows: await scheduleRows(locals.ctx, requireArea(locals, 'admin'), params.evaluationId),
	// After the rows, so the audit head printed under them covers them.
	stamp: await documentStamp(locals.ctx.db, params.evaluationId)
});
