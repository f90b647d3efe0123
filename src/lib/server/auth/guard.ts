import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/** Which roles may open each area of the app; checked in the `handle` hook for every request. */
const AREAS: { prefix: string; roles: Role[] }[] = [
	{ prefix: '/admin', roles: ['admin'] },
	{ prefix: '/panel', roles: ['chair', 'admin'] },
	{ prefix: '/juror', roles: ['juror'] },
	{ prefix: '/presenter', roles: ['presenter'] }
];

export type AreaDecision = { allow: true } | { allow: false; reason: 'unauthenticated' | 'forbidden' };

export function decideArea(pathname: string, user: SessionUser | null): AreaDecision {
	const area = AREAS.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));
	if (!area) return { allow: true };
	if (!user) return { allow: false, reason: 'unauthenticated' };
	return area.roles.includes(user.role) ? { allow: true } : { allow: false, reason: 'forbidden' };
}

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
	return { admin: '/admin', chair: '/panel', juror: '/juror', presenter: '/presenter' }[role];
}
