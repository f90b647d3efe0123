import { loadSnapshot } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ snapshot: await loadSnapshot(locals, 'presenter') });
