import { requireArea } from '$lib/server/auth/guard';
import { slotSheetsFile } from '$lib/server/documents/score-sheets';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The jurors' score sheets of one slot, as PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => slotSheetsFile(locals.ctx, actor, params));
};
