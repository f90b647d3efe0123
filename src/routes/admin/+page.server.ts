import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { ServiceError } from '$lib/server/services/errors';
import { reissueJoinCode } from '$lib/server/services/people';
import { runningEvaluationId } from '$lib/server/services/public-settings';
import { computeEvaluationResults, publishResults, publishedAnchor } from '$lib/server/services/results';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => {
	requireArea(locals, 'admin');
	const { db } = locals.ctx;
	// The evaluation the secretariat marked as running (the evaluations page switches it).
	const runningId = await runningEvaluationId(locals.ctx);
	const evaluation = runningId ? await db.selectFrom('evaluations').selectAll().where('id', '=', runningId).executeTakeFirst() : undefined;
	if (!evaluation) return { evaluation: null };
	const [panels, people, bodies, categories, slots, sessions] = await Promise.all([
		db
			.selectFrom('panels')
			.leftJoin('users', 'users.id', 'panels.chair_id')
			.select(['panels.id', 'panels.name', 'panels.room', 'users.name as chair'])
			.where('panels.evaluation_id', '=', evaluation.id)
			.orderBy('panels.name')
			.execute(),
		db
			.selectFrom('users')
			.leftJoin('bodies', 'bodies.id', 'users.body_id')
			.leftJoin('panel_jurors', 'panel_jurors.juror_id', 'users.id')
			.leftJoin('panels as seat_panel', 'seat_panel.id', 'panel_jurors.panel_id')
			.leftJoin('panels as chaired', 'chaired.chair_id', 'users.id')
			.select([
				'users.id',
				'users.role',
				'users.name',
				'users.affiliation',
				'bodies.name as body',
				'seat_panel.name as juror_panel',
				'chaired.name as chair_panel'
			])
			.where('users.evaluation_id', '=', evaluation.id)
			.orderBy('users.role')
			.orderBy('users.name')
			.execute(),
		db.selectFrom('bodies').select(['id', 'name']).where('evaluation_id', '=', evaluation.id).execute(),
		db.selectFrom('categories').select(['id', 'name']).where('evaluation_id', '=', evaluation.id).execute(),
		db.selectFrom('slots').select(['state']).where('evaluation_id', '=', evaluation.id).execute(),
		db.selectFrom('sessions').select('user_id').distinct().execute()
	]);
	const signedIn = new Set(sessions.map((s) => s.user_id));
	const results = await computeEvaluationResults(db, evaluation.id, 'all');
	const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
	const categoryName = new Map(categories.map((c) => [c.id, c.name]));
	return {
		evaluation: { id: evaluation.id, name: evaluation.name, publishedVersion: evaluation.published_result_version },
		publishedAnchor: await publishedAnchor(db, evaluation),
		panels,
		// Signed in on some device: re-issuing their link may also sign those devices out.
		people: people.map((p) => ({ ...p, panel: p.juror_panel ?? p.chair_panel, signedIn: signedIn.has(p.id) })),
		progress: {
			total: slots.length,
			certified: slots.filter((s) => s.state === 'certified').length,
			noShow: slots.filter((s) => s.state === 'no_show').length
		},
		results: results.entries.map((e) => ({
			bodyId: e.bodyId,
			body: bodyName.get(e.bodyId) ?? '',
			category: categoryName.get(e.categoryId) ?? '',
			rank: e.rankInCategory,
			priorScore: e.priorScore,
			presentationScore: e.presentation?.score ?? null,
			belowQuorum: e.presentation?.status === 'below_quorum',
			finalScore: e.finalScore,
			band: e.band
		})),
		resultHash: results.hash
	};
};

const issueForm = z.object({ userId: z.string().min(1).max(64), signOutDevices: z.literal('on').optional() });
const publishForm = z.object({ evaluationId: z.string().min(1).max(64), reason: z.string().trim().min(3, 'reason').max(500) });

export const actions: Actions = {
	issueCode: async ({ request, locals, url }) => {
		const actor = requireArea(locals, 'admin');
		const parsed = issueForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { issueError: 'invalid' as const });
		try {
			const { code, devicesSignedOut } = await reissueJoinCode(locals.ctx, actor, parsed.data.userId, {
				signOutDevices: parsed.data.signOutDevices === 'on'
			});
			return { issued: { userId: parsed.data.userId, link: `${url.origin}/join/${code}`, code, devicesSignedOut } };
		} catch (e) {
			if (e instanceof ServiceError) return fail(400, { issueError: e.message });
			throw e;
		}
	},
	publish: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const raw = Object.fromEntries(await request.formData());
		const parsed = publishForm.safeParse(raw);
		if (!parsed.success) return fail(400, { publishError: 'reason' as const, reason: String(raw.reason ?? '') });
		try {
			const published = await publishResults(locals.ctx, actor, parsed.data.evaluationId, parsed.data.reason);
			return { published };
		} catch (e) {
			if (e instanceof ServiceError) return fail(400, { publishError: e.message, reason: parsed.data.reason });
			throw e;
		}
	}
};
