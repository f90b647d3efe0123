import { error, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { startApp } from '$lib/server/app';
import { logger } from '$lib/server/log.js';
import { areaOfRoute, decideArea, redirectToSignIn } from '$lib/server/auth/guard';
import { bodyLimitFor, checkBodyLimit } from '$lib/server/http/body-limit';
import { securityHeaders } from '$lib/server/http/security-headers';
import { SESSION_COOKIE, deleteSessionTokenCookie, setSessionTokenCookie, validateSessionToken } from '$lib/server/auth/session';

export const init: ServerInit = async () => {
	await startApp();
};

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

const handleSession: Handle = async ({ event, resolve }) => {
	const { ctx } = await startApp();
	event.locals.ctx = ctx;
	const secure = event.url.protocol === 'https:';
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	if (token) {
		const { session, user } = await validateSessionToken(ctx.db, token);
		if (session) setSessionTokenCookie(event.cookies, token, session.expiresAt, secure);
		else deleteSessionTokenCookie(event.cookies, secure);
		event.locals.session = session;
		event.locals.user = user;
	} else {
		event.locals.session = null;
		event.locals.user = null;
	}
	return resolve(event);
};

/**
 * Area guard for every request: layouts alone do not protect child routes or form actions. It
 * reads the route the router matched (`event.route.id`), not the URL as typed, so no spelling of
 * a path (percent-encoded, mixed case, a trailing slash) reaches a protected route unguarded.
 */
const handleAreas: Handle = async ({ event, resolve }) => {
	const decision = decideArea(event.route.id, event.locals.user);
	if (!decision.allow) {
		if (decision.reason === 'unauthenticated') redirectToSignIn(areaOfRoute(event.route.id)!, event.url.pathname);
		// A person opening another role's page in the browser gets the translated error page with the
		// way back to their own: the page's own guard refuses it (every protected load checks the
		// role itself, see route-guards.test.ts), which a refusal here could not render.
		if (!isPageVisit(event)) error(403, { message: 'forbidden', reason: 'forbidden' });
		// Only the page's own refusal goes out: a route that answers anything else to this person (an
		// endpoint without GET says 405, one that forgot its guard would say 200) is refused here.
		const response = await resolve(event);
		if (response.status !== 403) error(403, { message: 'forbidden', reason: 'forbidden' });
		return response;
	}
	return resolve(event);
};

/** A browser opening a page (not a data request, form action or fetch). */
const isPageVisit = (event: RequestEvent) =>
	event.request.method === 'GET' && !event.isDataRequest && (event.request.headers.get('accept') ?? '').includes('text/html');

/**
 * Body limits and security headers, by the route the router matched: a spreadsheet import may send
 * 6 MB, every other request a small body; every response says who may frame it.
 */
const handleHttp: Handle = async ({ event, resolve }) => {
	checkBodyLimit(event.request, bodyLimitFor(event.route.id, event.url));
	const { config } = await startApp();
	const response = await resolve(event);
	const headers = securityHeaders(event.route.id, response.headers.get('content-security-policy'), config.frameAncestors);
	for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	return response;
};

export const handle = sequence(handleLocale, handleHttp, handleSession, handleAreas);

/**
 * An unexpected error in a load, action or endpoint: one JSON line with the request's id (set by
 * server.js, or the proxy's X-Request-Id), so it can be found among several processes' logs. The
 * page gets SvelteKit's generic message, never the error's.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) {
		logger.error('request failed', {
			requestId: event.request.headers.get('x-request-id'),
			method: event.request.method,
			route: event.route.id,
			status,
			error
		});
	}
	return { message };
};
