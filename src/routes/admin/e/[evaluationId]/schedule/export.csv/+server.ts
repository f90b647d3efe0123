import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleCsv, scheduleRows } from '$lib/server/export/schedule-export';
import { fileName } from '../export-name';
import type { RequestHandler } from './$types';
import { requireArea } from '$lib/server/auth/guard';
import { getLocale } from '$lib/paraglide/runtime';

/** The schedule as CSV, in the reader's language. The hook guards /admin; checked again here, as every endpoint must. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	const rows = await scheduleRows(locals.ctx, actor, params.evaluationId);
	return new Response(scheduleCsv(rows, await documentStamp(locals.ctx.db, params.evaluationId), getLocale()), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${await fileName(locals.ctx, params.evaluationId, 'csv')}"`,
			'cache-control': 'no-store'
		}
	});
};
