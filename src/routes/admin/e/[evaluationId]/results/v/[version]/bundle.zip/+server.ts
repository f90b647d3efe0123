import { requireArea } from '$lib/server/auth/guard';
import { versionBundle } from '$lib/server/documents/bundle';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/** Every document of one published version, as one zip. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => versionBundle(locals.ctx, actor, params));
};
