/**
 * Request body limits per route. adapter-node applies one limit to every request (BODY_SIZE_LIMIT,
 * set to the imports' 6 MB in server.js); every other form keeps a small one, enforced here on the
 * route the router matched, so no spelling of a path gets the large limit.
 */
import { error } from '@sveltejs/kit';

export const SMALL_BODY_BYTES = 512 * 1024;
export const IMPORT_BODY_BYTES = 6 * 1024 * 1024;

/** Form actions that take a spreadsheet upload (5 MB files, plus the form's own fields). */
const LARGE_BODY_ACTIONS: Record<string, readonly string[]> = {
	'/admin/e/[evaluationId]/bodies': ['preview', 'check', 'import'],
	// The public verification page: an exported results document, read under the import reader's limits.
	'/verify': ['document']
};

/** The largest body a request may carry, from its route id and its form action (`?/preview`). */
export function bodyLimitFor(routeId: string | null, url: URL): number {
	const action = [...url.searchParams.keys()].find((key) => key.startsWith('/'))?.slice(1);
	return routeId && action && LARGE_BODY_ACTIONS[routeId]?.includes(action) ? IMPORT_BODY_BYTES : SMALL_BODY_BYTES;
}

/**
 * Checks a request's body against `limit` before anything reads it: a declared length over the
 * limit is refused (413); a body sent without a declared length is refused (411) where the limit is
 * small, as no form of this app sends one (browsers always declare a form's length), and reading it
 * to find out would spend the server's time on whatever an attacker streams. The import routes get
 * adapter-node's own limit, which also counts undeclared bodies as they arrive.
 */
export function checkBodyLimit(request: Request, limit: number): void {
	if (!request.body) return;
	const declared = request.headers.get('content-length');
	if (declared === null) {
		if (limit < IMPORT_BODY_BYTES) error(411, 'a request body must declare its length');
		return;
	}
	if (Number(declared) > limit) error(413, 'request body too large');
}
