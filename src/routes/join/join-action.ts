import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { homeOf } from '$lib/server/auth/guard';
import { setSessionTokenCookie } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import { signInWithJoinCode } from '$lib/server/services/sign-in';

/**
 * Redeems a join code from a POST, never a GET: chat apps and mail scanners open links to preview
 * them, and a GET would burn the one-time code before its owner taps it.
 */
export async function joinAction({ request, locals, cookies, url, getClientAddress }: RequestEvent) {
	const code = String((await request.formData()).get('code') ?? '').trim();
	if (!code) return fail(400, { code, error: 'missing' as const });
	let signedIn;
	try {
		signedIn = await signInWithJoinCode(locals.ctx, code, getClientAddress());
	} catch (error) {
		if (error instanceof ServiceError)
			return fail(error.code === 'rate_limited' ? 429 : 400, {
				code,
				error: error.code === 'rate_limited' ? ('throttled' as const) : ('invalid' as const)
			});
		throw error;
	}
	setSessionTokenCookie(cookies, signedIn.token, signedIn.session.expiresAt, url.protocol === 'https:');
	redirect(303, homeOf(signedIn.role));
}
