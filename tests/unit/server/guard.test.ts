import { describe, expect, test } from 'vitest';
import { areaOfRoute, decideArea, homeOf, requireArea, safeReturnPath } from '$lib/server/auth/guard';
import type { SessionUser } from '$lib/server/auth/session';
import type { Role } from '$lib/server/db/schema';
import { HOSTILE_NEXT } from '../../fixtures/hostile-next';

const user = (role: Role): SessionUser => ({ id: `u-${role}`, role, name: role, evaluationId: 'e1', bodyId: null });
const ROLES: (Role | null)[] = ['admin', 'chair', 'juror', 'presenter', null];

// Expected verdict per role, in the order of ROLES: admin, chair, juror, presenter, signed out.
const A = 'allow';
const F = 'forbidden';
const U = 'unauthenticated';
// Keys are route ids, as the router matched them (the hook never reads the URL as typed).
const MATRIX: [string | null, string[]][] = [
	['/admin', [A, F, F, F, U]],
	['/admin/e/[evaluationId]/people', [A, F, F, F, U]],
	['/panel', [A, A, F, F, U]],
	['/panel/slot/3', [A, A, F, F, U]],
	['/juror', [F, F, A, F, U]],
	['/juror/score', [F, F, A, F, U]],
	['/presenter', [F, F, F, A, U]],
	['/presenter/result', [F, F, F, A, U]],
	['/', [A, A, A, A, A]],
	['/live', [A, A, A, A, A]],
	['/join', [A, A, A, A, A]],
	['/login', [A, A, A, A, A]],
	// A prefix only matches whole path segments.
	['/administrator', [A, A, A, A, A]],
	['/jurors', [A, A, A, A, A]],
	['/panelists', [A, A, A, A, A]],
	// No route matched: a 404, nothing to guard.
	[null, [A, A, A, A, A]]
];

describe('decideArea (route id → verdict)', () => {
	test.each(MATRIX.flatMap(([path, verdicts]) => ROLES.map((role, i) => ({ path, role: role ?? 'signed out', expected: verdicts[i] }))))(
		'$path as $role → $expected',
		({ path, role, expected }) => {
			const decision = decideArea(path, role === 'signed out' ? null : user(role as Role));
			expect(decision.allow ? 'allow' : decision.reason).toBe(expected);
		}
	);
});

describe('requireArea (every protected load and action)', () => {
	test.each(
		MATRIX.filter(([id]) => areaOfRoute(id)).flatMap(([id, verdicts]) => ROLES.map((role, i) => ({ id: id!, role, expected: verdicts[i] })))
	)('$id as $role → $expected', ({ id, role, expected }) => {
		const run = () => requireArea({ user: role ? user(role) : null }, areaOfRoute(id)!);
		if (expected === 'allow') expect(run().role).toBe(role);
		else expect(run).toThrow(expect.objectContaining({ status: expected === 'forbidden' ? 403 : 401 }));
	});
});

describe('homeOf', () => {
	test('each role lands in an area it may open', () => {
		for (const role of ['admin', 'chair', 'juror', 'presenter'] as Role[]) {
			expect(decideArea(homeOf(role), user(role))).toEqual({ allow: true });
		}
	});
});

describe('safeReturnPath (where a sign-in may send the browser next)', () => {
	const base = 'https://juri.example';
	test.each(HOSTILE_NEXT.map((v) => [JSON.stringify(v), v]))('%s falls back to /admin', (_, value) => {
		// Resolve the Location header the way a browser does.
		const location = new URL(safeReturnPath(value, '/admin'), base);
		expect(location.href).toBe(`${base}/admin`);
	});
	test.each(['/admin/e/abc/bodies', '/admin?tab=people#row-3', '/panel?panel=p-1', '/admin@evil.example'])(
		'%s is kept, on this site',
		(value) => {
			const location = new URL(safeReturnPath(value, '/admin'), base);
			expect(location.origin).toBe(base);
			expect(location.pathname + location.search + location.hash).toBe(value);
		}
	);
});
