import { error, fail } from '@sveltejs/kit';
import { requireArea } from '$lib/server/auth/guard';
import { AccountRefusal, changeOwnPassword } from '$lib/server/services/accounts';
import { ServiceError } from '$lib/server/services/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const admin = requireArea(locals, 'admin');
	return { name: admin.name };
};

/** A refusal as per-field codes (the page translates them); typed passwords are never sent back. */
function refused(e: unknown) {
	let errors: Record<string, string>;
	if (e instanceof AccountRefusal) errors = { _form: e.reason };
	else if (e instanceof ServiceError && e.code === 'rate_limited')
		return fail(429, { errors: { _form: 'rate_limited' } as Record<string, string> });
	else if (e instanceof ServiceError && e.issues) errors = Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
	else throw e;
	return fail(400, { errors });
}

export const actions: Actions = {
	password: async ({ request, locals, getClientAddress }) => {
		const admin = requireArea(locals, 'admin');
		if (!locals.session) error(401, 'unauthenticated');
		const form = Object.fromEntries(await request.formData());
		try {
			const { sessionsEnded } = await changeOwnPassword(locals.ctx, admin, form, {
				sessionId: locals.session.id,
				address: getClientAddress()
			});
			return { changed: { sessionsEnded } };
		} catch (e) {
			return refused(e);
		}
	}
};
