import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** The evaluation every setup page works on. (Access is checked by the area guard in hooks.server.ts.) */
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const evaluation = await locals.ctx.db
		.selectFrom('evaluations')
		.select(['id', 'name', 'settings_locked_at'])
		.where('id', '=', params.evaluationId)
		.executeTakeFirst();
	if (!evaluation) error(404, 'Evaluation not found');
	return { evaluation: { id: evaluation.id, name: evaluation.name, settingsLocked: evaluation.settings_locked_at !== null } };
};
