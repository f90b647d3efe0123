import { fail } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms/parse-form';
import { ServiceError } from '$lib/server/services/errors';
import { ScheduleError } from '$lib/server/services/panels';
import type { z } from 'zod';

/**
 * Form plumbing shared by the schedule pages. Each page has several forms, so every result
 * names its `scope` (which form), and errors are message codes per field that the page
 * translates (see texts.ts), with the values the user typed.
 */
export type Scope = string;

const typed = (formData: FormData) =>
	Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/** Validates a form, runs a service call with the parsed data, and turns a refusal into `fail(...)`. */
export async function attempt<K extends Scope, S extends z.ZodType, T>(
	scope: K,
	schema: S,
	formData: FormData,
	work: (data: z.infer<S>) => Promise<T>
) {
	const form = parseForm(schema, formData);
	if (!form.ok) return fail(400, { scope, errors: form.errors, params: {} as Record<string, string>, values: form.values });
	try {
		// The typed values come back with the result too: a change waiting for confirmation re-posts them.
		return { scope, done: await work(form.data), values: typed(formData) };
	} catch (e) {
		if (e instanceof ScheduleError) {
			return fail(e.code === 'forbidden' ? 403 : 400, {
				scope,
				errors: { [e.field]: e.reason },
				params: e.params,
				values: typed(formData)
			});
		}
		if (e instanceof ServiceError) {
			const errors =
				e.code === 'forbidden'
					? { _form: 'forbidden' }
					: Object.fromEntries((e.issues ?? [{ path: '_form', message: 'invalid' }]).map((i) => [i.path, 'invalid']));
			return fail(e.code === 'forbidden' ? 403 : 400, { scope, errors, params: {} as Record<string, string>, values: typed(formData) });
		}
		throw e;
	}
}
