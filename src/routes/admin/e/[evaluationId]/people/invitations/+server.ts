import { requireArea } from '$lib/server/auth/guard';
import { invitationLetters } from '$lib/server/documents/invitations';
import { sendDocument } from '$lib/server/documents/response';
import type { RequestHandler } from './$types';

/**
 * The invitation letters: every invited body's as a zip, or one presenter's PDF (`userId`). A POST
 * (a form on the people page), not a link: making the letters issues the presenters' join codes.
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const actor = requireArea(locals, 'admin');
	const form = await request.formData();
	const userId = form.get('userId');
	return sendDocument(() =>
		invitationLetters(locals.ctx, actor, {
			evaluationId: params.evaluationId,
			origin: url.origin,
			...(typeof userId === 'string' && userId !== '' ? { userId } : {})
		})
	);
};
