import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import { PeopleRefusal, codeGroups, issueJoinCodes, joinSheet, listPeople, type CodeSelection } from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';
import type { SessionUser } from '$lib/server/auth/session';

/** How many people each group holds, and how many of them lack a working code. */
export const load: PageServerLoad = async ({ locals, params }) => {
	requireArea(locals, 'admin');
	const people = (await listPeople(locals.ctx.db, params.evaluationId)).filter((p) => !p.archived);
	const count = (keep: (p: (typeof people)[number]) => boolean) => {
		const group = people.filter(keep);
		return { total: group.length, missing: group.filter((p) => p.code.state !== 'active').length };
	};
	return {
		groups: {
			everyone: count(() => true),
			chairs: count((p) => p.role === 'chair'),
			jurors: count((p) => p.role === 'juror'),
			presenters: count((p) => p.role === 'presenter'),
			invited_presenters: count((p) => p.role === 'presenter' && p.bodyInvited)
		}
	};
};

const oneOrMore = z.union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(2000)]);
const peopleForm = z.object({ userId: oneOrMore, signOutDevices: z.literal('on').optional() });
const groupForm = z.object({ group: z.enum(codeGroups, 'required'), onlyWithoutActiveCode: z.literal('on').optional() });

/**
 * Codes exist in plain text only here: they are issued, turned into cards and returned as this
 * action's result, which the page renders. They never go into a URL or storage.
 */
function refused(status: number, errors: Record<string, string>, values: Record<string, string> = {}) {
	return fail(status, { errors, values });
}

async function sheetFor(locals: App.Locals, actor: SessionUser, evaluationId: string, origin: string, selection: CodeSelection) {
	try {
		const issued = await issueJoinCodes(locals.ctx, actor, evaluationId, selection);
		return { cards: await joinSheet(issued, origin) };
	} catch (e) {
		if (e instanceof PeopleRefusal) return refused(400, { _form: e.reason });
		if (e instanceof ServiceError) return refused(e.code === 'not_found' ? 404 : 400, { _form: e.message });
		throw e;
	}
}

export const actions: Actions = {
	issue: async ({ request, locals, params, url }) => {
		const actor = requireArea(locals, 'admin');
		const form = parseForm(peopleForm, await request.formData());
		if (!form.ok) return refused(400, form.errors, form.values);
		const userIds = [form.data.userId].flat();
		return sheetFor(locals, actor, params.evaluationId, url.origin, { userIds, signOutDevices: form.data.signOutDevices === 'on' });
	},
	issueGroup: async ({ request, locals, params, url }) => {
		const actor = requireArea(locals, 'admin');
		const form = parseForm(groupForm, await request.formData());
		if (!form.ok) return refused(400, form.errors, form.values);
		return sheetFor(locals, actor, params.evaluationId, url.origin, {
			group: form.data.group,
			onlyWithoutActiveCode: form.data.onlyWithoutActiveCode === 'on'
		});
	}
};
