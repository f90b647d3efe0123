import type { z } from 'zod';

export type FormResult<T> =
	| { ok: true; data: T }
	| {
			ok: false;
			/** One message per field, shown next to it. */
			errors: Record<string, string>;
			/** What the user typed, so the form is shown again as it was. */
			values: Record<string, string>;
	  };

/**
 * Validates a submitted form with a zod schema. On failure it returns a message per field and the
 * typed values (never file contents), so a form action can `fail(400, …)` and the page re-renders
 * the form with errors next to the fields and nothing lost.
 *
 * @example const form = parseForm(settingsSchema, await request.formData()); if (!form.ok) return fail(400, form);
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
	const values: Record<string, string> = {};
	const raw: Record<string, unknown> = {};
	for (const [key, value] of formData.entries()) {
		if (typeof value === 'string') {
			values[key] = value;
			// Repeated fields (checkbox groups, list rows) arrive as arrays.
			raw[key] = key in raw ? [...[raw[key]].flat(), value] : value;
		} else {
			raw[key] = value;
		}
	}
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path.join('.') || '_form';
		errors[field] ??= issue.message;
	}
	return { ok: false, errors, values };
}
