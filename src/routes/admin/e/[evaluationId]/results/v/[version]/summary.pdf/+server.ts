import { requireArea } from '$lib/server/auth/guard';
import { summaryFile } from '$lib/server/documents/summary';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The national summary (bodies per qualification and category) of one published version, as PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => summaryFile(locals.ctx, actor, params, 'pdf'));
};
