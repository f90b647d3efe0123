import { redirect } from '@sveltejs/kit';
import { deleteSessionTokenCookie } from '$lib/server/auth/session';
import { signOut } from '$lib/server/services/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.session) await signOut(locals.ctx, locals.session);
		deleteSessionTokenCookie(cookies, url.protocol === 'https:');
		redirect(303, '/');
	}
};
