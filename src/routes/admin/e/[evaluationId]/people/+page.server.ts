import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms/parse-form';
import {
	confirmConflict,
	confirmConflictInput,
	declareConflict,
	declareConflictInput,
	dismissConflict,
	listConflicts,
	suggestEvaluationConflicts,
	undoConflict
} from '$lib/server/services/conflicts';
import { ServiceError } from '$lib/server/services/errors';
import {
	PeopleRefusal,
	archivePerson,
	createPerson,
	listPeople,
	personInput,
	restorePerson,
	revokePersonJoinCode,
	updatePerson
} from '$lib/server/services/people';
import type { Actions, PageServerLoad } from './$types';
import { invitedPresenters } from '$lib/server/documents/invitations';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params }) => {
	requireArea(locals, 'admin');
	const { db } = locals.ctx;
	const [people, conflicts, invitations, bodies] = await Promise.all([
		listPeople(db, params.evaluationId),
		listConflicts(db, params.evaluationId),
		invitedPresenters(locals.ctx, params.evaluationId),
		db
			.selectFrom('bodies')
			.select(['id', 'name', 'invited'])
			.where('evaluation_id', '=', params.evaluationId)
			.where('archived_at', 'is', null)
			.orderBy('name')
			.execute()
	]);
	return {
		people,
		conflicts,
		bodies: bodies.map((b) => ({ id: b.id, name: b.name, invited: b.invited === 1 })),
		// Whose invitation letter can be made (an invited body with a slot), and of how many invited.
		invitations: { ready: invitations.ready.map((p) => p.userId), invited: invitations.invited }
	};
};

const idField = z.string().min(1).max(64);

/**
 * Runs a service call for one form. A refusal comes back as `fail(400)` naming the form, with the
 * reason as a message key and what the user typed, so the page shows it next to that form.
 */
async function attempt<T>(formId: string, values: Record<string, string>, run: () => Promise<T>) {
	try {
		return { ok: true as const, result: await run() };
	} catch (e) {
		if (e instanceof PeopleRefusal) return { ok: false as const, failure: fail(400, { formId, errors: { _form: e.reason }, values }) };
		if (e instanceof ServiceError) {
			const errors = Object.fromEntries((e.issues ?? [{ path: '_form', message: e.message }]).map((i) => [i.path, i.message]));
			return { ok: false as const, failure: fail(e.code === 'not_found' ? 404 : 400, { formId, errors, values }) };
		}
		throw e;
	}
}

/** What the user typed, to show the form again as it was after a refusal. */
function typed(formData: FormData): Record<string, string> {
	return Object.fromEntries([...formData].flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/** The id a row-level form (archive, revoke, confirm…) acts on. */
function targetOf(formData: FormData, field: string): string | null {
	const parsed = idField.safeParse(formData.get(field));
	return parsed.success ? parsed.data : null;
}

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const formId = `create-${String(formData.get('role'))}`;
		const form = parseForm(personInput, formData);
		if (!form.ok) return fail(400, { formId, errors: form.errors, values: form.values });
		const done = await attempt(formId, typed(formData), () => createPerson(locals.ctx, actor, params.evaluationId, form.data));
		return done.ok ? { done: 'created' as const, name: form.data.name } : done.failure;
	},
	update: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const personId = targetOf(formData, 'personId');
		const formId = `edit-${personId}`;
		if (!personId) return fail(400, { formId, errors: { _form: 'required' }, values: {} });
		const form = parseForm(personInput, formData);
		if (!form.ok) return fail(400, { formId, errors: form.errors, values: form.values });
		const done = await attempt(formId, typed(formData), () => updatePerson(locals.ctx, actor, params.evaluationId, personId, form.data));
		return done.ok ? { done: 'updated' as const } : done.failure;
	},
	archive: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const personId = targetOf(await request.formData(), 'personId');
		if (!personId) return fail(400, { formId: 'row', errors: { _form: 'required' }, values: {} });
		const done = await attempt(`row-${personId}`, {}, () => archivePerson(locals.ctx, actor, params.evaluationId, personId));
		return done.ok ? { done: 'archived' as const, ...done.result } : done.failure;
	},
	restore: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const personId = targetOf(await request.formData(), 'personId');
		if (!personId) return fail(400, { formId: 'row', errors: { _form: 'required' }, values: {} });
		const done = await attempt(`row-${personId}`, {}, () => restorePerson(locals.ctx, actor, params.evaluationId, personId));
		return done.ok ? { done: 'restored' as const } : done.failure;
	},
	revoke: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const personId = targetOf(await request.formData(), 'personId');
		if (!personId) return fail(400, { formId: 'row', errors: { _form: 'required' }, values: {} });
		const done = await attempt(`row-${personId}`, {}, () => revokePersonJoinCode(locals.ctx, actor, params.evaluationId, personId));
		return done.ok ? { done: 'revoked' as const } : done.failure;
	},
	suggest: async ({ locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const done = await attempt('suggest', {}, () => suggestEvaluationConflicts(locals.ctx, actor, params.evaluationId));
		return done.ok ? { done: 'suggested' as const, count: done.result } : done.failure;
	},
	declare: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const form = parseForm(declareConflictInput, formData);
		if (!form.ok) return fail(400, { formId: 'declare', errors: form.errors, values: form.values });
		const done = await attempt('declare', typed(formData), () => declareConflict(locals.ctx, actor, params.evaluationId, form.data));
		return done.ok ? { done: 'declared' as const } : done.failure;
	},
	confirm: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const conflictId = targetOf(formData, 'conflictId');
		const formId = `conflict-${conflictId}`;
		if (!conflictId) return fail(400, { formId, errors: { _form: 'required' }, values: {} });
		const form = parseForm(confirmConflictInput, formData);
		if (!form.ok) return fail(400, { formId, errors: form.errors, values: form.values });
		const done = await attempt(formId, typed(formData), () =>
			confirmConflict(locals.ctx, actor, params.evaluationId, conflictId, form.data)
		);
		return done.ok ? { done: 'confirmed' as const } : done.failure;
	},
	dismiss: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const conflictId = targetOf(await request.formData(), 'conflictId');
		if (!conflictId) return fail(400, { formId: 'conflict', errors: { _form: 'required' }, values: {} });
		const done = await attempt(`conflict-${conflictId}`, {}, () => dismissConflict(locals.ctx, actor, params.evaluationId, conflictId));
		return done.ok ? { done: 'dismissed' as const } : done.failure;
	},
	undo: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const conflictId = targetOf(await request.formData(), 'conflictId');
		if (!conflictId) return fail(400, { formId: 'conflict', errors: { _form: 'required' }, values: {} });
		const done = await attempt(`conflict-${conflictId}`, {}, () => undoConflict(locals.ctx, actor, params.evaluationId, conflictId));
		return done.ok ? { done: 'undone' as const } : done.failure;
	}
};
