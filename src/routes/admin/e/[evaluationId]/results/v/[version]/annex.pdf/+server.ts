import { requireArea } from '$lib/server/auth/guard';
import { annexFile } from '$lib/server/documents/annex';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The decree annex of one published version, as PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => annexFile(locals.ctx, actor, params, 'pdf'));
};
