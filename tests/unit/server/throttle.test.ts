import { describe, expect, test } from 'vitest';
import { blockedUntilAfter, JOIN_CODE_POLICY, PASSWORD_POLICY } from '$lib/server/auth/throttle';

describe('blockedUntilAfter (the back-off after the free failures)', () => {
	const now = 1_000_000;
	test.each([
		[4, 0],
		[5, 30_000],
		[6, 60_000],
		[7, 120_000],
		[9, 480_000],
		[10, 900_000],
		[40, 900_000]
	])('password: %i failures → blocked for %i ms', (failures, ms) => {
		expect(blockedUntilAfter(failures, PASSWORD_POLICY, now)).toBe(ms === 0 ? 0 : now + ms);
	});
	test('join codes: a venue-sized free budget, shorter blocks', () => {
		expect(blockedUntilAfter(JOIN_CODE_POLICY.freeFailures - 1, JOIN_CODE_POLICY, now)).toBe(0);
		expect(blockedUntilAfter(JOIN_CODE_POLICY.freeFailures, JOIN_CODE_POLICY, now)).toBe(now + 30_000);
		expect(blockedUntilAfter(JOIN_CODE_POLICY.freeFailures + 10, JOIN_CODE_POLICY, now)).toBe(now + JOIN_CODE_POLICY.maxBlockMs);
	});
	test('the first block outlasts any step a slow machine takes between two attempts', () => {
		expect(PASSWORD_POLICY.firstBlockMs).toBeGreaterThanOrEqual(30_000);
	});
});
