import { requireArea } from '$lib/server/auth/guard';
import { auditLogFromUrl } from '$lib/server/forms/audit-filters';
import type { PageServerLoad } from './$types';

/** The evaluation's audit log, filtered by the URL (a GET form). */
export const load: PageServerLoad = async ({ locals, params, url }) =>
	auditLogFromUrl(locals.ctx, requireArea(locals, 'admin'), url, params.evaluationId);
