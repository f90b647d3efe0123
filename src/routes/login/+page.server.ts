import { fail, redirect } from '@sveltejs/kit';
import { homeOf, safeReturnPath } from '$lib/server/auth/guard';
import { setSessionTokenCookie } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import { signInWithPassword } from '$lib/server/services/sign-in';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!username || !password) {
			return fail(400, { username, error: 'missing' as const });
		}
		let signedIn;
		try {
			signedIn = await signInWithPassword(locals.ctx, username, password, getClientAddress());
		} catch (error) {
			if (error instanceof ServiceError) {
				return fail(error.code === 'rate_limited' ? 429 : 400, {
					username,
					error: error.code === 'rate_limited' ? ('throttled' as const) : ('wrong' as const)
				});
			}
			throw error;
		}
		setSessionTokenCookie(cookies, signedIn.token, signedIn.session.expiresAt, url.protocol === 'https:');
		// Only same-site paths: `next` must never send a fresh session to another site.
		redirect(303, safeReturnPath(url.searchParams.get('next'), homeOf(signedIn.role)));
	}
};
