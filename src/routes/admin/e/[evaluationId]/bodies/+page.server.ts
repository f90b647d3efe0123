import { fail, redirect } from '@sveltejs/kit';
import { refusalText } from '$lib/shared/refusal-text';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms/parse-form';
import { ImportFileError } from '$lib/server/import/read-table';
import {
	bodyFields,
	categoryFields,
	createBody,
	createCategory,
	listBodies,
	moveCategory,
	renameCategory,
	setBodyArchived,
	setCategoryArchived,
	updateBody
} from '$lib/server/services/bodies';
import { checkBodyImport, importBodies, previewBodyImport, type ImportFile } from '$lib/server/services/body-import';
import { ServiceError } from '$lib/server/services/errors';
import type { Actions, PageServerLoad } from './$types';
import { requireArea } from '$lib/server/auth/guard';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireArea(locals, 'admin');
	const page = await listBodies(locals.ctx.db, params.evaluationId);
	const editing = page.bodies.find((b) => b.id === url.searchParams.get('edit')) ?? null;
	return { ...page, editing };
};

/**
 * Which form a result belongs to (the page has many), so errors and typed values show only
 * next to that form: e.g. "createBody", "category:<id>", "body:<id>".
 */
type Scope = string;

/** Runs a service call; a refusal becomes `fail` with a message code per field and what the user typed. */
async function attempt(scope: Scope, formData: FormData, work: () => Promise<unknown>) {
	try {
		await work();
		return { scope, saved: true as const };
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const errors = e.issues?.length ? Object.fromEntries(e.issues.map((i) => [i.path, i.message])) : { _form: refusalText(e.refusal) };
		const values = Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
		return fail(e.code === 'forbidden' ? 403 : 400, { scope, errors, values });
	}
}

const idField = z.object({ id: z.string().min(1).max(64) });
const moveForm = idField.extend({ direction: z.enum(['up', 'down']) });
const archiveForm = idField.extend({ archived: z.enum(['0', '1']) });
const renameForm = idField.extend(categoryFields.shape);
const updateBodyForm = bodyFields.extend(idField.shape);

/** The uploaded file of an import step, or a `fail` asking for one. */
async function uploaded(formData: FormData): Promise<ImportFile | null> {
	const file = formData.get('file');
	if (!(file instanceof File) || (file.size === 0 && file.name === '')) return null;
	return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** An import step: the file's problems and service refusals become `fail` data the import panel shows. */
async function importStep(
	request: Request,
	step: 'preview' | 'check' | 'import',
	work: (file: ImportFile, formData: FormData) => Promise<unknown>
) {
	const formData = await request.formData();
	const file = await uploaded(formData);
	if (!file) return fail(400, { scope: 'import', step, fileError: { problem: 'required', params: {} } });
	try {
		return { scope: 'import', step, result: await work(file, formData) };
	} catch (e) {
		if (e instanceof ImportFileError) return fail(400, { scope: 'import', step, fileError: { problem: e.problem, params: e.params } });
		if (e instanceof ServiceError) {
			const mappingErrors = e.code === 'invalid_input' && e.issues ? Object.fromEntries(e.issues.map((i) => [i.path, i.message])) : null;
			return fail(e.code === 'forbidden' ? 403 : 400, {
				scope: 'import',
				step,
				code: e.code,
				message: refusalText(e.refusal),
				mappingErrors
			});
		}
		throw e;
	}
}

/** The category mapping travels as one JSON field; text that is no JSON stays text, for the service's schema to refuse. */
function categoryMapOf(formData: FormData): unknown {
	const raw = formData.get('categories');
	if (raw === null || raw === '') return undefined;
	try {
		return JSON.parse(String(raw));
	} catch {
		return String(raw);
	}
}

const mappingOf = (formData: FormData) => ({
	category: String(formData.get('category') ?? ''),
	name: String(formData.get('name') ?? ''),
	shortName: String(formData.get('shortName') ?? ''),
	priorScore: String(formData.get('priorScore') ?? ''),
	key: String(formData.get('key') ?? ''),
	categories: categoryMapOf(formData)
});

export const actions: Actions = {
	createCategory: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const parsed = parseForm(categoryFields, formData);
		if (!parsed.ok) return fail(400, { scope: 'createCategory', errors: parsed.errors, values: parsed.values });
		return attempt('createCategory', formData, () => createCategory(locals.ctx, actor, params.evaluationId, parsed.data));
	},
	renameCategory: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const scope = `category:${String(formData.get('id'))}`;
		const parsed = parseForm(renameForm, formData);
		if (!parsed.ok) return fail(400, { scope, errors: parsed.errors, values: parsed.values });
		return attempt(scope, formData, () => renameCategory(locals.ctx, actor, parsed.data.id, parsed.data));
	},
	moveCategory: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const parsed = parseForm(moveForm, formData);
		if (!parsed.ok) return fail(400, { scope: 'categories', errors: parsed.errors, values: parsed.values });
		return attempt('categories', formData, () => moveCategory(locals.ctx, actor, parsed.data.id, parsed.data.direction));
	},
	archiveCategory: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const parsed = parseForm(archiveForm, formData);
		if (!parsed.ok) return fail(400, { scope: 'categories', errors: parsed.errors, values: parsed.values });
		return attempt('categories', formData, () => setCategoryArchived(locals.ctx, actor, parsed.data.id, parsed.data.archived === '1'));
	},
	createBody: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const parsed = parseForm(bodyFields, formData);
		if (!parsed.ok) return fail(400, { scope: 'createBody', errors: parsed.errors, values: parsed.values });
		return attempt('createBody', formData, () => createBody(locals.ctx, actor, params.evaluationId, parsed.data));
	},
	updateBody: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const scope = `body:${String(formData.get('id'))}`;
		const parsed = parseForm(updateBodyForm, formData);
		if (!parsed.ok) return fail(400, { scope, errors: parsed.errors, values: parsed.values });
		const result = await attempt(scope, formData, () => updateBody(locals.ctx, actor, parsed.data.id, parsed.data));
		// Saved: leave edit mode and land on the row.
		if ('saved' in result) redirect(303, `/admin/e/${params.evaluationId}/bodies#body-${parsed.data.id}`);
		return result;
	},
	archiveBody: async ({ request, locals }) => {
		const actor = requireArea(locals, 'admin');
		const formData = await request.formData();
		const parsed = parseForm(archiveForm, formData);
		if (!parsed.ok) return fail(400, { scope: 'bodies', errors: parsed.errors, values: parsed.values });
		return attempt('bodies', formData, () => setBodyArchived(locals.ctx, actor, parsed.data.id, parsed.data.archived === '1'));
	},
	preview: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return importStep(request, 'preview', (file) => previewBodyImport(locals.ctx, actor, params.evaluationId, file));
	},
	check: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return importStep(request, 'check', (file, formData) =>
			checkBodyImport(locals.ctx, actor, params.evaluationId, file, mappingOf(formData))
		);
	},
	import: async ({ request, locals, params }) => {
		const actor = requireArea(locals, 'admin');
		return importStep(request, 'import', (file, formData) =>
			importBodies(
				locals.ctx,
				actor,
				params.evaluationId,
				file,
				mappingOf(formData),
				String(formData.get('fingerprint') ?? '') || undefined,
				{ reason: String(formData.get('reason') ?? ''), decreeReference: String(formData.get('decreeReference') ?? '') }
			)
		);
	}
};
