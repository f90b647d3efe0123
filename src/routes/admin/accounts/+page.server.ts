import { fail } from '@sveltejs/kit';
import { requireArea } from '$lib/server/auth/guard';
import { AccountRefusal, createAdminAccount, deactivateAdminAccount, listAdminAccounts } from '$lib/server/services/accounts';
import { ServiceError } from '$lib/server/services/errors';
import { eventZoneOf } from '$lib/server/services/evaluation-rules';
import { runningEvaluationId } from '$lib/server/services/public-settings';
import { DEFAULT_EVENT_ZONE } from '$lib/domain/setup/event-zone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const admin = requireArea(locals, 'admin');
	const running = await runningEvaluationId(locals.ctx);
	return {
		accounts: await listAdminAccounts(locals.ctx, admin),
		you: admin.id,
		// Accounts belong to no evaluation: their dates are read on the running event's clocks.
		timeZone: running ? await eventZoneOf(locals.ctx.db, running) : DEFAULT_EVENT_ZONE
	};
};

/** A refusal as per-field codes (the page translates them), with what was typed. */
function refused(scope: string, e: unknown, values: Record<string, string> = {}) {
	let errors: Record<string, string>;
	if (e instanceof AccountRefusal) errors = { _form: e.reason };
	else if (e instanceof ServiceError && e.issues) errors = Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
	else throw e;
	return fail(400, { scope, errors, values });
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const admin = requireArea(locals, 'admin');
		const form = Object.fromEntries(await request.formData());
		const values = { name: String(form.name ?? ''), username: String(form.username ?? '') };
		try {
			const { password } = await createAdminAccount(locals.ctx, admin, form);
			// The generated password exists in plain text only in this response, once.
			return { scope: 'create', created: { username: values.username.trim().toLowerCase(), password } };
		} catch (e) {
			return refused('create', e, values);
		}
	},
	deactivate: async ({ request, locals }) => {
		const admin = requireArea(locals, 'admin');
		const form = Object.fromEntries(await request.formData());
		try {
			await deactivateAdminAccount(locals.ctx, admin, form);
			return { scope: `row-${String(form.userId)}`, deactivated: true };
		} catch (e) {
			return refused(`row-${String(form.userId)}`, e);
		}
	}
};
