import { z } from 'zod';
import {
	addWindows,
	addWindowsInput,
	swapSlotsInput,
	applySchedule,
	previewSchedule,
	removeWindow,
	scheduleOverview,
	swapSlots
} from '$lib/server/services/schedule';
import { attempt } from './form-result';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = requireArea(locals, 'admin');
	const { board, warnings } = await scheduleOverview(locals.ctx, actor, params.evaluationId);
	return {
		timing: board.timing,
		panels: board.panels.map((p) => ({ id: p.id, name: p.name, room: p.room, jurorCount: p.jurorIds.length })),
		windows: board.windows,
		slots: board.slots.map((s) => ({
			id: s.slotId,
			panelId: s.panelId,
			position: s.position,
			state: s.state,
			start: s.start,
			end: s.end,
			bodyName: s.bodyName,
			categoryName: s.categoryName
		})),
		unscheduled: board.unscheduled.map((b) => ({ id: b.bodyId, name: b.name, categoryName: b.categoryName })),
		warnings
	};
};

/** The evaluation comes from the URL, never from the form. */
const withEvaluation = async (request: Request, evaluationId: string) => {
	const formData = await request.formData();
	formData.set('evaluationId', evaluationId);
	return formData;
};

const applyForm = z.object({ placements: z.string().min(2).max(2_000_000) });

export const actions: Actions = {
	addWindows: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('windows', addWindowsInput, await withEvaluation(request, params.evaluationId), (data) =>
			addWindows(locals.ctx, actor, data)
		);
	},

	removeWindow: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('windows', z.object({ windowId: z.string().min(1).max(64) }), await request.formData(), (data) =>
			removeWindow(locals.ctx, actor, data)
		);
	},

	preview: async ({ locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return { scope: 'preview', preview: await previewSchedule(locals.ctx, actor, params.evaluationId) };
	},

	apply: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('apply', applyForm, await request.formData(), (data) => {
			let placements: unknown;
			try {
				placements = JSON.parse(data.placements);
			} catch {
				placements = null;
			}
			return applySchedule(locals.ctx, actor, { evaluationId: params.evaluationId, placements });
		});
	},

	swap: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('swap', swapSlotsInput, await request.formData(), (data) => swapSlots(locals.ctx, actor, data));
	}
};
