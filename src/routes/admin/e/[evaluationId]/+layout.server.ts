import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

/** The evaluation every setup page works on. */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	requireArea(locals, 'admin');
	const evaluation = await locals.ctx.db
		.selectFrom('evaluations')
		.select(['id', 'name', 'settings_locked_at', 'time_zone'])
		.where('id', '=', params.evaluationId)
		.executeTakeFirst();
	if (!evaluation) error(404, 'Evaluation not found');
	return {
		evaluation: {
			id: evaluation.id,
			name: evaluation.name,
			settingsLocked: evaluation.settings_locked_at !== null,
			// Every page of the evaluation shows times on the event's clocks (event-time.ts).
			timeZone: evaluation.time_zone
		}
	};
};
