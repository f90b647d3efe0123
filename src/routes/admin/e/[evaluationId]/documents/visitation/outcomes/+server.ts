import { requireArea } from '$lib/server/auth/guard';
import { visitationFile } from '$lib/server/documents/visitation-documents';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The outcome of each visit, as PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => visitationFile(locals.ctx, actor, params, 'outcomes'));
};
