import { requireArea } from '$lib/server/auth/guard';
import { minutesFile } from '$lib/server/documents/minutes';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** The minutes (berita acara) of one panel's day, as PDF. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => minutesFile(locals.ctx, actor, params));
};
