import { z } from 'zod';
import {
	addToShortlist,
	createTeamInput,
	createVisitTeam,
	generateShortlist,
	moveVisit,
	moveVisitInput,
	planVisits,
	recordOutcomeInput,
	recordVisitOutcome,
	removeFromShortlist,
	removeVisitTeam,
	saveVisitationRule,
	shortlistDecisionInput,
	updateTeamInput,
	updateVisitTeam,
	visitationOverview,
	visitationRuleInput
} from '$lib/server/services/visitation';
import { attempt } from './form-result';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ locals, params }) =>
	visitationOverview(locals.ctx, requireArea(locals, 'admin'), params.evaluationId);

/** The evaluation comes from the URL, never from the form. */
const withEvaluation = async (request: Request, evaluationId: string) => {
	const formData = await request.formData();
	formData.set('evaluationId', evaluationId);
	return formData;
};

const evaluationOnly = z.object({ evaluationId: z.string().min(1).max(64) });
const teamOnly = z.object({ teamId: z.string().min(1).max(64) });

export const actions: Actions = {
	saveRule: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('rule', visitationRuleInput, await withEvaluation(request, params.evaluationId), (data) =>
			saveVisitationRule(locals.ctx, actor, data)
		);
	},
	generate: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('generate', evaluationOnly, await withEvaluation(request, params.evaluationId), (data) =>
			generateShortlist(locals.ctx, actor, data)
		);
	},
	add: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('add', shortlistDecisionInput, await withEvaluation(request, params.evaluationId), (data) =>
			addToShortlist(locals.ctx, actor, data)
		);
	},
	remove: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await withEvaluation(request, params.evaluationId);
		return attempt(`remove:${formData.get('bodyId')}`, shortlistDecisionInput, formData, (data) =>
			removeFromShortlist(locals.ctx, actor, data)
		);
	},
	createTeam: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('team', createTeamInput, await withEvaluation(request, params.evaluationId), (data) =>
			createVisitTeam(locals.ctx, actor, data)
		);
	},
	updateTeam: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(`team:${formData.get('teamId')}`, updateTeamInput, formData, (data) => updateVisitTeam(locals.ctx, actor, data));
	},
	removeTeam: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(`team:${formData.get('teamId')}`, teamOnly, formData, (data) => removeVisitTeam(locals.ctx, actor, data));
	},
	plan: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return attempt('plan', evaluationOnly, await withEvaluation(request, params.evaluationId), (data) =>
			planVisits(locals.ctx, actor, data)
		);
	},
	move: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(`move:${formData.get('visitId')}`, moveVisitInput, formData, (data) => moveVisit(locals.ctx, actor, data));
	},
	outcome: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		return attempt(`outcome:${formData.get('visitId')}`, recordOutcomeInput, formData, (data) =>
			recordVisitOutcome(locals.ctx, actor, data)
		);
	}
};
