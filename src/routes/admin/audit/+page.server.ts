import { requireArea } from '$lib/server/auth/guard';
import { auditLogFromUrl } from '$lib/server/forms/audit-filters';
import type { PageServerLoad } from './$types';

/** The audit log of no evaluation (accounts, sign-ins, the audit key), filtered by the URL (a GET form). */
export const load: PageServerLoad = async ({ locals, url }) => auditLogFromUrl(locals.ctx, requireArea(locals, 'admin'), url, null);
