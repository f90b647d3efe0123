import { describe, expect, test } from 'vitest';
import { Tarpit } from '$lib/server/realtime/tarpit';

describe('Tarpit', () => {
	/** A scheduler the test runs by hand. */
	function manual() {
		const pending: (() => void)[] = [];
		return {
			schedule: (release: () => void) => {
				pending.push(release);
				return () => {};
			},
			runAll: () => pending.splice(0).forEach((r) => r())
		};
	}

	test('holds each refusal until the hold is over, and lets go at once beyond the cap', () => {
		const clock = manual();
		const tarpit = new Tarpit({ holdMs: 10_000, maxHeld: 2 }, clock.schedule);
		const released: number[] = [];
		for (let i = 0; i < 4; i++) tarpit.hold(() => released.push(i));
		expect(released).toEqual([2, 3]);
		clock.runAll();
		expect(released).toEqual([2, 3, 0, 1]);
		// Released holds make room again: the next one is held, not let go.
		tarpit.hold(() => released.push(4));
		expect(released).toEqual([2, 3, 0, 1]);
	});

	test('a hold of zero answers at once', () => {
		const released: string[] = [];
		new Tarpit({ holdMs: 0, maxHeld: 10 }).hold(() => released.push('now'));
		expect(released).toEqual(['now']);
	});

	test('releaseAll lets every held refusal go at once, each exactly once', () => {
		const released: number[] = [];
		const tarpit = new Tarpit({ holdMs: 60_000, maxHeld: 10 });
		for (let i = 0; i < 3; i++) tarpit.hold(() => released.push(i));
		tarpit.releaseAll();
		tarpit.releaseAll();
		expect(released).toEqual([0, 1, 2]);
	});
});
