import type { AuditLogData } from '$lib/shared/audit-log';
import type { SessionUser } from '../auth/session';
import { readAuditLog } from '../services/audit-log';
import type { ServiceContext } from '../services/context';
import { ServiceError } from '../services/errors';

const FILTERS = ['person', 'action', 'body', 'from', 'to', 'before'] as const;

/**
 * An audit log page's load: the filters from the URL (a GET form), one page of the log. A bad
 * filter value is named next to its field and nothing is listed; the page itself still opens,
 * with the choices of the unfiltered log, so the form can be put right.
 *
 * @example return auditLogFromUrl(locals.ctx, requireArea(locals, 'admin'), url, params.evaluationId);
 */
export async function auditLogFromUrl(
	ctx: ServiceContext,
	actor: SessionUser,
	url: URL,
	evaluationId: string | null
): Promise<AuditLogData> {
	const filters = Object.fromEntries(FILTERS.map((name) => [name, url.searchParams.get(name) ?? '']));
	const scope = evaluationId === null ? {} : { evaluationId };
	try {
		return { evaluationId, filters, log: await readAuditLog(ctx, actor, { ...scope, ...filters }), errors: {} };
	} catch (e) {
		if (!(e instanceof ServiceError) || e.code !== 'invalid_input') throw e;
		const errors: Record<string, string> = {};
		for (const issue of e.issues ?? []) errors[issue.path] ??= issue.message;
		const unfiltered = await readAuditLog(ctx, actor, scope);
		return { evaluationId, filters, log: { ...unfiltered, entries: [], next: null }, errors };
	}
}
