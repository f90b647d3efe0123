import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { DEFAULT_EVENT_ZONE } from '$lib/domain/setup/event-zone';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import { setRunningEvaluation } from '$lib/server/services/public-settings';
import { InvalidSetup, createEvaluation, listEvaluations, type EvaluationSource } from '$lib/server/services/evaluations';
import { fieldErrors } from '../e/[evaluationId]/settings/issue-messages';
import { typedValues } from '../e/[evaluationId]/settings/settings-form';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => ({
	evaluations: await listEvaluations(locals.ctx, requireArea(locals, 'admin'))
});

const createForm = z
	.object({
		name: z.string().default(''),
		source: z.enum(['preset', 'blank', 'clone'], { error: () => m.settings_issue_option() }),
		cloneFrom: z.string().default(''),
		// Checked by the domain with the other settings (an unknown zone is refused next to the field).
		timeZone: z.string().default(DEFAULT_EVENT_ZONE)
	})
	.refine((f) => f.source !== 'clone' || f.cloneFrom !== '', { path: ['cloneFrom'], error: () => m.settings_error_clone_missing() });

export const actions: Actions = {
	running: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const form = Object.fromEntries(await request.formData());
		try {
			await setRunningEvaluation(locals.ctx, actor, form);
			return { running: String(form.evaluationId) };
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.code === 'not_found' ? 404 : 400, { runningError: e.code });
			throw e;
		}
	},
	create: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const form = parseForm(createForm, formData);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const { name, source, cloneFrom, timeZone } = form.data;
		const from: EvaluationSource = source === 'clone' ? { kind: 'clone', evaluationId: cloneFrom } : { kind: source };
		let id: string;
		try {
			id = await createEvaluation(locals.ctx, actor, { name, source: from, timeZone });
		} catch (e) {
			if (e instanceof InvalidSetup) return fail(400, { errors: fieldErrors(e.validation), values: typedValues(formData) });
			if (e instanceof ServiceError && e.code === 'not_found') {
				return fail(400, { errors: { cloneFrom: m.settings_error_clone_missing() }, values: typedValues(formData) });
			}
			throw e;
		}
		redirect(303, `/admin/e/${id}/settings`);
	}
};
