import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	// A chair's panel comes from the session; the secretariat names one (?panel=…).
	const panelId = url.searchParams.get('panel') ?? undefined;
	return { panelId, snapshot: await loadSnapshot(locals, 'panel', { panelId }) };
};
