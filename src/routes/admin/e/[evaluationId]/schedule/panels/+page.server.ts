import { z } from 'zod';
import {
	createPanelInput,
	deletePanel,
	listPanels,
	moveJurorSeat,
	moveSeatInput,
	seatInput,
	seatJuror,
	setChairInput,
	setPanelChair,
	unseatJuror,
	updatePanel,
	updatePanelInput,
	createPanel
} from '$lib/server/services/panels';
import { attempt } from '../form-result';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ locals, params }) => listPanels(locals.ctx, requireArea(locals, 'admin'), params.evaluationId);

/** Which panel's card a result belongs to, so errors show next to that card's fields. */
const scopeOf = (kind: string, formData: FormData) => `${kind}:${formData.get('panelId') ?? ''}`;

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		formData.set('evaluationId', params.evaluationId);
		return attempt('create', createPanelInput, formData, (data) => createPanel(locals.ctx, actor, data));
	},
	update: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('update', formData), updatePanelInput, formData, (data) => updatePanel(locals.ctx, actor, data));
	},
	delete: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('update', formData), z.object({ panelId: z.string().min(1).max(64) }), formData, (data) =>
			deletePanel(locals.ctx, actor, data)
		);
	},
	chair: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('chair', formData), setChairInput, formData, (data) => setPanelChair(locals.ctx, actor, data));
	},
	seat: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('seats', formData), seatInput, formData, (data) => seatJuror(locals.ctx, actor, data));
	},
	unseat: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('seats', formData), seatInput, formData, (data) => unseatJuror(locals.ctx, actor, data));
	},
	moveSeat: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(scopeOf('seats', formData), moveSeatInput, formData, (data) => moveJurorSeat(locals.ctx, actor, data));
	}
};
