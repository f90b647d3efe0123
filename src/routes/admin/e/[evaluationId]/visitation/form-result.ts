import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import { VisitationError } from '$lib/server/services/visitation';

/**
 * Form plumbing of the visitation page. The page has many forms, so every result names its
 * `scope` (which form, plus the row it belongs to), and errors are message codes per field that
 * the page translates (texts.ts), with the values the user typed.
 */
const typed = (formData: FormData) =>
	Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** Validates a form, runs the service call with the parsed data, and turns a refusal into `fail(...)`. */
export async function attempt<S extends z.ZodType, T>(
	scope: string,
	schema: S,
	formData: FormData,
	work: (data: z.infer<S>) => Promise<T>
) {
	const form = parseForm(schema, formData);
	if (!form.ok) return fail(400, { scope, errors: form.errors, values: form.values });
	try {
		return { scope, done: await work(form.data) };
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const errors =
			e instanceof VisitationError
				? { [e.field]: e.reason }
				: e.code === 'forbidden'
					? { _form: 'forbidden' }
					: Object.fromEntries((e.issues ?? [{ path: '_form', message: 'invalid' }]).map((i) => [i.path, i.message]));
		return fail(e.code === 'forbidden' ? 403 : 400, { scope, errors, values: typed(formData) });
	}
}
