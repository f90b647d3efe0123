import { fail } from '@sveltejs/kit';
import { refusalText } from '$lib/shared/refusal-text';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import { InvalidSetup, SettingsLocked } from '$lib/server/services/evaluations';
import { getRubric, saveRubric } from '$lib/server/services/rubric';
import { RulesChangeUnconfirmed } from '$lib/server/services/rule-preview';
import { fieldErrors, lockedMessage } from '../settings/issue-messages';
import { typedValues } from '../settings/settings-form';
import { rubricForm } from './rubric-form';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ locals, params }) => getRubric(locals.ctx, requireArea(locals, 'admin'), params.evaluationId);

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const form = parseForm(rubricForm, formData);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const values = typedValues(formData);
		try {
			const confirmRules = formData.get('confirmRules');
			await saveRubric(
				locals.ctx,
				actor,
				params.evaluationId,
				form.data.criteria,
				typeof confirmRules === 'string' ? confirmRules : undefined
			);
			return { saved: true };
		} catch (e) {
			if (e instanceof InvalidSetup) return fail(400, { errors: fieldErrors(e.validation), values });
			if (e instanceof SettingsLocked) return fail(409, { errors: { _form: lockedMessage(e) }, values });
			// Results are certified: the page shows how they would move, and the same values confirm it.
			if (e instanceof RulesChangeUnconfirmed)
				return fail(409, { errors: { _form: refusalText(e.refusal) }, values, rulePreview: e.preview });
			if (e instanceof ServiceError) return fail(400, { errors: { _form: refusalText(e.refusal) }, values });
			throw e;
		}
	}
};
