/**
 * Defence in depth: every `load`, form action and endpoint of a protected area refuses a visitor
 * of the wrong role by itself, with the `handle` hook out of the way. Each one is called directly
 * with a context whose database access throws, so a function that touched data before checking
 * the role fails here. New routes are picked up by the glob: none can be added unguarded.
 */
import { describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import type { Role } from '$lib/server/db/schema';

type Handler = (event: unknown) => unknown;
type RouteModule = { load?: Handler; actions?: Record<string, Handler>; GET?: Handler; POST?: Handler };

const modules = import.meta.glob<RouteModule>(
	['/src/routes/{admin,panel,juror,presenter}/**/+{page,layout}.server.ts', '/src/routes/{admin,panel,juror,presenter}/**/+server.ts'],
	{ eager: true }
);

/** Who may enter each area: written here on purpose, not imported from the guard under test. */
const ALLOWED: Record<string, Role[]> = { admin: ['admin'], panel: ['admin', 'chair'], juror: ['juror'], presenter: ['presenter'] };
const ROLES: (Role | null)[] = [null, 'admin', 'chair', 'juror', 'presenter'];

const untouchable = new Proxy(
	{},
	{
		get(_, property) {
			throw new Error(`the context (${String(property)}) was used before the role was checked`);
		}
	}
);

function eventFor(role: Role | null) {
	const user: SessionUser | null = role ? { id: `u-${role}`, role, name: role, evaluationId: 'e-1', bodyId: null } : null;
	return {
		locals: { user, session: null, ctx: untouchable },
		params: new Proxy({}, { get: () => 'x' }),
		url: new URL('http://juri.test/admin?panel=x'),
		request: new Request('http://juri.test/admin', { method: 'POST', body: new URLSearchParams({ id: 'x' }) }),
		cookies: { get: () => undefined, set() {}, delete() {} },
		getClientAddress: () => '127.0.0.1'
	};
}

const cases = Object.entries(modules).flatMap(([file, module]) => {
	const area = file.split('/')[3];
	const handlers: [string, Handler][] = [
		...(module.load ? [['load', module.load] as [string, Handler]] : []),
		...Object.entries(module.actions ?? {}).map(([name, action]) => [`action ${name}`, action] as [string, Handler]),
		...(['GET', 'POST'] as const).filter((m) => module[m]).map((m) => [m, module[m]!] as [string, Handler])
	];
	return handlers.flatMap(([name, handler]) =>
		ROLES.filter((role) => !ALLOWED[area].includes(role!)).map((role) => ({
			where: `${file.replace('/src/routes', '')} ${name}`,
			role,
			handler
		}))
	);
});

describe('every protected load, action and endpoint checks the role itself', () => {
	test('the glob finds the protected routes', () => {
		expect(Object.keys(modules).length).toBeGreaterThan(15);
		expect(cases.length).toBeGreaterThan(200);
	});

	test.each(cases.map((c) => [c.where, c.role ?? 'a visitor who is not signed in', c] as const))(
		'%s refuses %s',
		async (_, __, { role, handler }) => {
			const outcome = await Promise.resolve()
				.then(() => handler(eventFor(role)))
				.then(
					() => ({ status: 'ran' }),
					(thrown: { status?: number; message?: string }) => ({ status: thrown.status ?? thrown.message })
				);
			expect(outcome.status).toBe(role === null ? 401 : 403);
		}
	);
});
