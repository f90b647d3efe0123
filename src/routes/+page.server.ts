import { redirect } from '@sveltejs/kit';
import { homeOf } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

/** Signed-in people go straight to their own screen; everyone else sees the front door. */
export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user.role));
};
