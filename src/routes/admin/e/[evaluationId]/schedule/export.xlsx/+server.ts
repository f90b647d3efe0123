import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleRows, scheduleXlsx } from '$lib/server/export/schedule-export';
import { fileName } from '../export-name';
import type { RequestHandler } from './$types';
import { requireArea } from '$lib/server/auth/guard';
import { getLocale } from '$lib/paraglide/runtime';

/** The schedule as XLSX (the schedule's sheet and the stamp's), in the reader's language. The hook guards /admin; checked again here, as every endpoint must. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	const rows = await scheduleRows(locals.ctx, actor, params.evaluationId);
	const body = await scheduleXlsx(rows, await documentStamp(locals.ctx.db, params.evaluationId), getLocale());
	return new Response(body as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${await fileName(locals.ctx, params.evaluationId, 'xlsx')}"`,
			'cache-control': 'no-store'
		}
	});
};
