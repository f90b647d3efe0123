import { error, redirect } from '@sveltejs/kit';
import { HOME_OF } from '$lib/shared/homes';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/** The protected areas of the app and the roles that may open each: the one table both guards read. */
export const AREAS = {
	admin: ['admin'],
	panel: ['chair', 'admin'],
	juror: ['juror'],
	presenter: ['presenter']
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREAS;

export type AreaDecision = { allow: true } | { allow: false; reason: 'unauthenticated' | 'forbidden' };

/**
 * The area a route belongs to, from the route id the router matched (`/admin/e/[evaluationId]/bodies`),
 * never from the URL as typed: `/%61dmin`, `/admin/` and `/admin` all route to the same id, so a
 * spelling cannot slip past the guard. Null for public routes and for requests that match no route.
 */
export function areaOfRoute(routeId: string | null): Area | null {
	if (!routeId) return null;
	const first = routeId.split('/')[1] ?? '';
	return first in AREAS ? (first as Area) : null;
}

export function decideArea(routeId: string | null, user: SessionUser | null): AreaDecision {
	const area = areaOfRoute(routeId);
	if (!area) return { allow: true };
	if (!user) return { allow: false, reason: 'unauthenticated' };
	return (AREAS[area] as readonly Role[]).includes(user.role) ? { allow: true } : { allow: false, reason: 'forbidden' };
}

/**
 * The check every protected `load`, form action and endpoint makes itself, under the hook's area
 * guard: if the hook were ever bypassed (a new spelling, a new route group), the data still stays
 * behind the role. Returns the signed-in user, typed, for the services' actor argument.
 *
 * @example export const load = async ({ locals }) => { const admin = requireArea(locals, 'admin'); … };
 */
export function requireArea(locals: Pick<App.Locals, 'user'>, area: Area): SessionUser {
	const user = locals.user;
	if (!user) error(401, { message: 'unauthenticated', reason: 'unauthenticated' });
	if (!(AREAS[area] as readonly Role[]).includes(user.role)) error(403, { message: 'forbidden', reason: 'forbidden' });
	return user;
}

const ANY_ORIGIN = 'http://juri.invalid';

/**
 * Where a sign-in may send the browser next: a path on this site, or the fallback. A browser reads
 * `Location: /\evil.example` or `/\t/evil.example` as another site (it turns backslashes into
 * slashes and drops tabs and line breaks), and `/%2F%2Fevil.example` becomes `//evil.example` once a
 * proxy or router decodes it; so anything with a backslash, a control character, an encoded slash or
 * backslash, or a path that starts with two slashes is refused, and what is left must resolve, the
 * way a browser resolves it, to this origin.
 *
 * @example safeReturnPath('/admin/e/1/bodies?x=1', '/admin') // '/admin/e/1/bodies?x=1'; safeReturnPath('//evil.example', '/admin') // '/admin'
 */
export function safeReturnPath(next: string | null, fallback: string): string {
	if (!next || !next.startsWith('/') || next.length > 2000) return fallback;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
	if (/[\\\u0000-\u001f\u007f]|%(2f|5c|0[0-9a-f]|1[0-9a-f]|7f)/i.test(next)) return fallback;
	let resolved: URL;
	try {
		resolved = new URL(next, ANY_ORIGIN);
	} catch {
		return fallback;
	}
	if (resolved.origin !== ANY_ORIGIN || resolved.pathname.startsWith('//')) return fallback;
	return resolved.pathname + resolved.search + resolved.hash;
}

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
	return HOME_OF[role];
}

/** Where an unauthenticated visitor of a protected area is sent: the secretariat signs in with a password, everyone else joins. */
export function redirectToSignIn(area: Area, returnTo: string): never {
	redirect(303, area === 'admin' ? `/login?next=${encodeURIComponent(returnTo)}` : '/join');
}
