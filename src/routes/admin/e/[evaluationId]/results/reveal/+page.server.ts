import { requireArea } from '$lib/server/auth/guard';
import { attempt, typedValues } from '$lib/server/forms/attempt';
import { revealConsole, revealStep } from '$lib/server/services/reveal';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	revealConsole(locals.ctx, requireArea(locals, 'admin'), { evaluationId: params.evaluationId });

export const actions: Actions = {
	step: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		// The evaluation comes from the URL, never from the form.
		return attempt('step', formData, () => revealStep(locals.ctx, actor, { ...typedValues(formData), evaluationId: params.evaluationId }));
	}
};
