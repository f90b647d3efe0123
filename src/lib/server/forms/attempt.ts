import { fail } from '@sveltejs/kit';
import { FieldRefusal, ServiceError } from '$lib/server/services/errors';

/**
 * Form plumbing for pages with many forms: every result names its `scope` (which form, plus the
 * row it belongs to), and a refusal becomes message codes per field (the page translates them)
 * with the values the user typed, so the form shows again as it was, the message next to the field.
 */
export const typedValues = (formData: FormData): Record<string, string> =>
	Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/**
 * Runs a service call for a form; a refusal (ServiceError) becomes `fail(400 | 403, { scope, errors, values })`.
 *
 * @example return attempt('publish', formData, () => publishResults(locals.ctx, actor, nestedForm(formData)));
 */
export async function attempt<T>(scope: string, formData: FormData, work: () => Promise<T>) {
	try {
		return { scope, done: await work() };
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const errors: Record<string, string> =
			e.code === 'forbidden'
				? { _form: 'forbidden' }
				: e instanceof FieldRefusal
					? { [e.field]: e.reason }
					: firstPerField(e.issues ?? [{ path: '_form', message: 'invalid' }]);
		return fail(e.code === 'forbidden' ? 403 : 400, { scope, errors, values: typedValues(formData) });
	}
}

/** One message per field: the first, as a field shows one at a time. */
function firstPerField(issues: { path: string; message: string }[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) errors[issue.path] ??= issue.message;
	return errors;
}

/**
 * A form's text fields as an object, dotted names nested ("consent.juror.how" → { consent: { juror: { how } } }),
 * so a form posts what a service's schema reads and its issues' paths name the form's fields.
 *
 * @example nestedForm(formData) // { kind: 'juror_sheet', sheet: { K1: '80' }, consent: { juror: { how: 'in person' } } }
 */
export function nestedForm(formData: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [name, value] of typedEntries(formData)) {
		const path = name.split('.');
		// A field named "__proto__.x" must not reach Object.prototype.
		if (path.some((key) => UNSAFE_KEYS.has(key))) continue;
		let at = out;
		for (const key of path.slice(0, -1)) {
			const next = at[key];
			at = (typeof next === 'object' && next !== null ? next : (at[key] = {})) as Record<string, unknown>;
		}
		at[path[path.length - 1]] = value;
	}
	return out;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const typedEntries = (formData: FormData) => Object.entries(typedValues(formData));
