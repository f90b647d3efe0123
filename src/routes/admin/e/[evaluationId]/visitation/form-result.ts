import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { attempt as attemptService, typedValues } from '$lib/server/forms/attempt';
import { parseForm } from '$lib/server/forms/parse-form';

/**
 * Form plumbing of the visitation page: the form is checked with the service's schema first (so
 * each field's message shows even when several are wrong), then the service runs; see
 * `$lib/server/forms/attempt` for scopes and refusals.
 */
export async function attempt<S extends z.ZodType, T>(
	scope: string,
	schema: S,
	formData: FormData,
	work: (data: z.infer<S>) => Promise<T>
) {
	const form = parseForm(schema, formData);
	if (!form.ok) return fail(400, { scope, errors: form.errors, values: typedValues(formData) });
	return attemptService(scope, formData, () => work(form.data));
}
