import { error } from '@sveltejs/kit';
import type { Snapshot, ViewName } from '$lib/shared/contracts';
import { ServiceError } from './services/errors';
import { buildSnapshot, noPresence } from './services/projections';

/**
 * Builds a live view's first snapshot for a page's server load, with the same checks as the
 * socket's sync; the page then follows the view over the socket.
 */
export async function loadSnapshot<V extends ViewName>(
	locals: App.Locals,
	view: V,
	scope: { evaluationId?: string; panelId?: string } = {}
): Promise<Snapshot<V>> {
	try {
		// No presence on the server-rendered first paint: the socket's snapshot fills it in.
		return (await buildSnapshot(locals.ctx.db, view, locals.user, scope, noPresence)) as Snapshot<V>;
	} catch (e) {
		refusedPage(e);
	}
}

/**
 * A service's refusal as the page's error (403, 404 or 400 with its reason, worded by the error
 * page); anything else is thrown on.
 */
export function refusedPage(e: unknown): never {
	if (e instanceof ServiceError)
		error(e.code === 'forbidden' ? 403 : e.code === 'not_found' ? 404 : 400, { message: e.message, ...e.refusal });
	throw e;
}
