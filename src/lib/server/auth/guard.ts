import { error, redirect } from '@sveltejs/kit';
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
	if (!user) error(401, 'unauthenticated');
	if (!(AREAS[area] as readonly Role[]).includes(user.role)) error(403, 'forbidden');
	return user;
}

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
	return { admin: '/admin', chair: '/panel', juror: '/juror', presenter: '/presenter' }[role];
}

/** Where an unauthenticated visitor of a protected area is sent: the secretariat signs in with a password, everyone else joins. */
export function redirectToSignIn(area: Area, returnTo: string): never {
	redirect(303, area === 'admin' ? `/login?next=${encodeURIComponent(returnTo)}` : '/join');
}
