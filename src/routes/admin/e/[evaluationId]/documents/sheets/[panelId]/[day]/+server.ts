import { requireArea } from '$lib/server/auth/guard';
import { daySheetsFile } from '$lib/server/documents/score-sheets';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The jurors' score sheets of every slot a panel scored on a day, as one PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => daySheetsFile(locals.ctx, actor, params));
};
