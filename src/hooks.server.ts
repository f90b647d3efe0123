import { error, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { startApp } from '$lib/server/app';
import { decideArea } from '$lib/server/auth/guard';
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

/** Area guard for every request: layouts alone do not protect child routes or form actions. */
const handleAreas: Handle = ({ event, resolve }) => {
	const decision = decideArea(event.url.pathname, event.locals.user);
	if (!decision.allow) {
		if (decision.reason === 'unauthenticated') {
			// The secretariat signs in with a password; everyone else joins with a code.
			redirect(303, event.url.pathname.startsWith('/admin') ? `/login?next=${encodeURIComponent(event.url.pathname)}` : '/join');
		}
		error(403, 'forbidden');
	}
	return resolve(event);
};

export const handle = sequence(handleLocale, handleSession, handleAreas);
