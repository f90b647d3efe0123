import { requireArea } from '$lib/server/auth/guard';
import { slotNotes } from '$lib/server/services/juror-notes';
import { refusedPage } from '$lib/server/snapshot-load';
import type { PageServerLoad } from './$types';

/** The jurors' private notes on one slot: its chair once it is certified, the secretariat at any time. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireArea(locals, 'panel');
	try {
		const notes = await slotNotes(locals.ctx, actor, { slotId: params.slotId });
		return { notes, console: actor.role === 'chair' ? '/panel' : `/panel?panel=${encodeURIComponent(notes.panelId)}` };
	} catch (e) {
		refusedPage(e);
	}
};
