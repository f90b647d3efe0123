import { requireArea } from '$lib/server/auth/guard';
import { sendDocument } from '$lib/server/documents/response';
import { verificationBundle } from '$lib/server/documents/verification-bundle';
import type { RequestHandler } from './$types';

/** The verification bundle of the evaluation's published versions, for `npx juri-verify`. */
export const GET: RequestHandler = ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	return sendDocument(() => verificationBundle(locals.ctx, actor, params));
};
