import { requireArea } from '$lib/server/auth/guard';
import { attempt, nestedForm } from '$lib/server/forms/attempt';
import { publishResults } from '$lib/server/services/results/publish';
import { resultsHub } from '$lib/server/services/results/versions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	resultsHub(locals.ctx, requireArea(locals, 'admin'), { evaluationId: params.evaluationId });

export const actions: Actions = {
	publish: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		// The evaluation comes from the URL, never from the form.
		return attempt('publish', formData, () =>
			publishResults(locals.ctx, actor, { ...nestedForm(formData), evaluationId: params.evaluationId })
		);
	}
};
