import { requireArea } from '$lib/server/auth/guard';
import { attempt, nestedForm } from '$lib/server/forms/attempt';
import { correctResults, correctionsPage } from '$lib/server/services/results/corrections';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	correctionsPage(locals.ctx, requireArea(locals, 'admin'), { evaluationId: params.evaluationId });

export const actions: Actions = {
	correct: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		// Field names are the service's paths ("sheet.K1", "consent.juror.how"); the evaluation comes from the URL.
		return attempt('correct', formData, () =>
			correctResults(locals.ctx, actor, { ...nestedForm(formData), evaluationId: params.evaluationId })
		);
	}
};
