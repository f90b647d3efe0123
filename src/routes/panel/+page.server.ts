import { redirect } from '@sveltejs/kit';
import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireArea(locals, 'panel');
	// A chair's panel comes from the session; the secretariat names one (?panel=…) and, without one,
	// goes back to the dashboard, which lists every panel's console.
	const panelId = url.searchParams.get('panel') ?? undefined;
	if (!panelId && actor.role === 'admin') redirect(303, '/admin');
	return { panelId, snapshot: await loadSnapshot(locals, 'panel', { panelId }) };
};
