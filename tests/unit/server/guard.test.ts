import { describe, expect, test } from 'vitest';
import { decideArea, homeOf } from '$lib/server/auth/guard';
import type { SessionUser } from '$lib/server/auth/session';
import type { Role } from '$lib/server/db/schema';

const user = (role: Role): SessionUser => ({ id: `u-${role}`, role, name: role, evaluationId: 'e1', bodyId: null });
const ROLES: (Role | null)[] = ['admin', 'chair', 'juror', 'presenter', null];

// Expected verdict per role, in the order of ROLES: admin, chair, juror, presenter, signed out.
const A = 'allow';
const F = 'forbidden';
const U = 'unauthenticated';
const MATRIX: [string, string[]][] = [
	['/admin', [A, F, F, F, U]],
	['/admin/people', [A, F, F, F, U]],
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
	['/panelists', [A, A, A, A, A]]
];

describe('decideArea', () => {
	test.each(MATRIX.flatMap(([path, verdicts]) => ROLES.map((role, i) => ({ path, role: role ?? 'signed out', expected: verdicts[i] }))))(
		'$path as $role → $expected',
		({ path, role, expected }) => {
			const decision = decideArea(path, role === 'signed out' ? null : user(role as Role));
			expect(decision.allow ? 'allow' : decision.reason).toBe(expected);
		}
	);
});

describe('homeOf', () => {
	test('each role lands in an area it may open', () => {
		for (const role of ['admin', 'chair', 'juror', 'presenter'] as Role[]) {
			expect(decideArea(homeOf(role), user(role))).toEqual({ allow: true });
		}
	});
});
