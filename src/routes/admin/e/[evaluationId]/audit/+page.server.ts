import { requireArea } from '$lib/server/auth/guard';
import { readAuditLog } from '$lib/server/services/audit-log';
import { ServiceError } from '$lib/server/services/errors';
import type { PageServerLoad } from './$types';

const FILTERS = ['person', 'action', 'body', 'from', 'to', 'before'] as const;

/**
 * The evaluation's audit log, filtered by the URL (a GET form). A bad filter value is named next
 * to its field and nothing is listed; the page itself still opens.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = requireArea(locals, 'admin');
	const filters = Object.fromEntries(FILTERS.map((name) => [name, url.searchParams.get(name) ?? '']));
	try {
		return { filters, log: await readAuditLog(locals.ctx, actor, { evaluationId: params.evaluationId, ...filters }), errors: {} };
	} catch (e) {
		if (!(e instanceof ServiceError) || e.code !== 'invalid_input') throw e;
		const errors: Record<string, string> = {};
		for (const issue of e.issues ?? []) errors[issue.path] ??= issue.message;
		// The choices still come from the log, so the form can be put right.
		const unfiltered = await readAuditLog(locals.ctx, actor, { evaluationId: params.evaluationId });
		return { filters, log: { ...unfiltered, entries: [], next: null }, errors };
	}
};
