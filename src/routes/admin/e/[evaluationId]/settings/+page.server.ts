import { fail } from '@sveltejs/kit';
import { refusalText } from '$lib/shared/refusal-text';
import { m } from '$lib/paraglide/messages';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import {
	InvalidSetup,
	SettingsLocked,
	ZoneFixed,
	getEvaluationSettings,
	unlockSettings,
	updateEvaluationSettings
} from '$lib/server/services/evaluations';
import { setPublicResultsPolicy } from '$lib/server/services/public-settings';
import { RulesChangeUnconfirmed } from '$lib/server/services/rule-preview';
import { fieldErrors, lockedMessage } from './issue-messages';
import { carriesLockedFields, editableSettingsForm, settingsForm, typedValues, unlockForm } from './settings-form';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => {
	const admin = requireArea(locals, 'admin');
	const [settings, publicResults] = await Promise.all([
		getEvaluationSettings(locals.ctx, admin, params.evaluationId),
		locals.ctx.db.selectFrom('evaluations').select('public_results').where('id', '=', params.evaluationId).executeTakeFirst()
	]);
	return { ...settings, publicResults: publicResults?.public_results ?? 'provisional' };
};

/** A refused change as a form failure: each domain issue next to its field, the typed values kept. */
function refused(e: unknown, values: Record<string, string>) {
	if (e instanceof InvalidSetup) return fail(400, { errors: fieldErrors(e.validation), values });
	if (e instanceof SettingsLocked) return fail(409, { errors: { _form: lockedMessage(e) }, values });
	// Results are certified: the page shows how they would move, and the same values confirm it.
	if (e instanceof RulesChangeUnconfirmed) return fail(409, { errors: { _form: refusalText(e.refusal) }, values, rulePreview: e.preview });
	if (e instanceof ZoneFixed) return fail(409, { errors: { timeZone: m.settings_zone_fixed() }, values });
	if (e instanceof ServiceError) return fail(400, { errors: { _form: refusalText(e.refusal) }, values });
	throw e;
}

export const actions: Actions = {
	publicResults: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const policy = String((await request.formData()).get('policy') ?? '');
		try {
			await setPublicResultsPolicy(locals.ctx, actor, { evaluationId: params.evaluationId, policy });
			return { publicResultsSaved: true };
		} catch (e) {
			if (e instanceof ServiceError) return fail(400, { publicResultsError: m.settings_public_results_invalid() });
			throw e;
		}
	},
	save: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const current = await getEvaluationSettings(locals.ctx, actor, params.evaluationId);
		const whole = current.settingsLockedAt === null || carriesLockedFields(formData);
		const form = whole ? parseForm(settingsForm, formData) : parseForm(editableSettingsForm, formData);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		// The locked page sends only the editable fields; the locked ones stay as stored.
		const input = { ...form.data, rules: { ...current.settings.rules, ...form.data.rules } };
		try {
			const confirmRules = formData.get('confirmRules');
			await updateEvaluationSettings(
				locals.ctx,
				actor,
				params.evaluationId,
				input,
				typeof confirmRules === 'string' ? confirmRules : undefined
			);
			return { saved: true };
		} catch (e) {
			return refused(e, typedValues(formData));
		}
	},
	unlock: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const form = parseForm(unlockForm, formData);
		if (!form.ok) return fail(400, { unlockErrors: form.errors, values: form.values });
		try {
			await unlockSettings(locals.ctx, actor, params.evaluationId, form.data.reason);
			return { unlocked: true };
		} catch (e) {
			if (e instanceof ServiceError) {
				const message = e.code === 'invalid_state' ? m.settings_not_locked() : refusalText(e.refusal);
				return fail(400, { unlockErrors: { reason: message }, values: typedValues(formData) });
			}
			throw e;
		}
	}
};
