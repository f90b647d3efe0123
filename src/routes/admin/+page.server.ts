import { fail } from '@sveltejs/kit';
import { refusalText } from '$lib/shared/refusal-text';
import { z } from 'zod';
import { ServiceError } from '$lib/server/services/errors';
import { reissueJoinCode } from '$lib/server/services/people';
import { runningEvaluationId } from '$lib/server/services/public-settings';
import { computeEvaluationResults } from '$lib/server/services/results';
import { publishedVersion } from '$lib/server/services/results/versions';
import { currentLabels, resultRows } from '$lib/server/services/results/views';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals }) => {
	requireArea(locals, 'admin');
	const { db } = locals.ctx;
	// The evaluation the secretariat marked as running (the evaluations page switches it).
	const runningId = await runningEvaluationId(locals.ctx);
	const evaluation = runningId ? await db.selectFrom('evaluations').selectAll().where('id', '=', runningId).executeTakeFirst() : undefined;
	if (!evaluation) return { evaluation: null };
	const [panels, people, slots, sessions] = await Promise.all([
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
		db.selectFrom('slots').select(['state']).where('evaluation_id', '=', evaluation.id).execute(),
		db.selectFrom('sessions').select('user_id').distinct().execute()
	]);
	const signedIn = new Set(sessions.map((s) => s.user_id));
	const results = await computeEvaluationResults(db, evaluation.id, 'all');
	const published = await publishedVersion(db, evaluation);
	return {
		evaluation: { id: evaluation.id, name: evaluation.name, publishedVersion: evaluation.published_result_version },
		published: published?.info ?? null,
		publishedAnchor: published?.info.auditHead ?? null,
		panels,
		// Signed in on some device: re-issuing their link may also sign those devices out.
		people: people.map((p) => ({ ...p, panel: p.juror_panel ?? p.chair_panel, signedIn: signedIn.has(p.id) })),
		progress: {
			total: slots.length,
			certified: slots.filter((s) => s.state === 'certified').length,
			noShow: slots.filter((s) => s.state === 'no_show').length
		},
		results: resultRows(results, await currentLabels(db, evaluation.id)),
		resultHash: results.hash
	};
};

const issueForm = z.object({ userId: z.string().min(1).max(64), signOutDevices: z.literal('on').optional() });

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
			if (e instanceof ServiceError) return fail(400, { issueError: refusalText(e.refusal) });
			throw e;
		}
	}
};
