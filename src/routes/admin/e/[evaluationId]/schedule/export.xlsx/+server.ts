import { error } from '@sveltejs/kit';
import { documentStamp } from '$lib/server/audit-stamp';
import { scheduleRows, scheduleXlsx } from '$lib/server/export/schedule-export';
import { fileName } from '../export-name';
import type { RequestHandler } from './$types';

/** The schedule as XLSX (the schedule's sheet and the stamp's). The hook guards /admin; checked again here, as every endpoint must. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (locals.user?.role !== 'admin') error(403, 'forbidden');
	const rows = await scheduleRows(locals.ctx, locals.user, params.evaluationId);
	const body = await scheduleXlsx(rows, await documentStamp(locals.ctx.db, params.evaluationId));
	return new Response(body as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${await fileName(locals.ctx, params.evaluationId, 'xlsx')}"`,
			'cache-control': 'no-store'
		}
	});
};
