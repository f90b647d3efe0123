import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Coalescer } from '$lib/server/realtime/coalescer';

beforeEach(() => {
	vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
	vi.useRealTimers();
});

/** A push that records when it ran and can be held open, to simulate a slow build. */
function pushes() {
	const runs: number[] = [];
	let release: (() => void) | null = null;
	return {
		runs,
		work:
			(hold = false) =>
			async () => {
				runs.push(Date.now());
				if (hold) await new Promise<void>((r) => (release = r));
			},
		release: () => release?.()
	};
}

describe('Coalescer', () => {
	test('the first change is pushed at once (on the next tick, no interval wait)', async () => {
		const c = new Coalescer(
			() => 250,
			() => {}
		);
		const p = pushes();
		c.schedule('audience:e1', p.work());
		expect(p.runs).toEqual([]);
		await vi.advanceTimersByTimeAsync(0);
		expect(p.runs).toEqual([1_000_000]);
	});

	test('a push with no interval to wait for does not wait for a timer (Node waits at least 1 ms for one)', async () => {
		vi.useRealTimers();
		const c = new Coalescer(
			() => 250,
			() => {}
		);
		const order: string[] = [];
		c.schedule('audience:e1', async () => void order.push('push'));
		// Runs in this turn's check phase: before anything queued after it, and before any timer.
		setImmediate(() => order.push('next immediate'));
		setTimeout(() => order.push('timer'), 0);
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(order).toEqual(['push', 'next immediate', 'timer']);
	});

	test('changes inside the interval fold into one trailing push at the end of the interval', async () => {
		const c = new Coalescer(
			() => 250,
			() => {}
		);
		const p = pushes();
		c.schedule('k', p.work());
		await vi.advanceTimersByTimeAsync(0);
		for (let i = 0; i < 10; i++) {
			await vi.advanceTimersByTimeAsync(10);
			c.schedule('k', p.work());
		}
		await vi.advanceTimersByTimeAsync(1000);
		expect(p.runs).toEqual([1_000_000, 1_000_250]);
	});

	test('changes during a slow build fold into one trailing push after it', async () => {
		const c = new Coalescer(
			() => 0,
			() => {}
		);
		const p = pushes();
		c.schedule('k', p.work(true));
		await vi.advanceTimersByTimeAsync(0);
		expect(p.runs).toHaveLength(1);
		c.schedule('k', p.work());
		c.schedule('k', p.work());
		c.schedule('k', p.work());
		await vi.advanceTimersByTimeAsync(100);
		expect(p.runs).toHaveLength(1); // still building
		p.release();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(0);
		expect(p.runs).toHaveLength(2);
	});

	test('the trailing push runs the latest work given', async () => {
		const c = new Coalescer(
			() => 100,
			() => {}
		);
		const seen: string[] = [];
		c.schedule('k', async () => void seen.push('first'));
		await vi.advanceTimersByTimeAsync(0);
		c.schedule('k', async () => void seen.push('second'));
		await vi.advanceTimersByTimeAsync(100);
		expect(seen).toEqual(['first', 'second']);
	});

	test('a change during a build is pushed by the work it was scheduled with (latest wins)', async () => {
		const c = new Coalescer(
			() => 0,
			() => {}
		);
		const seen: string[] = [];
		let release: () => void = () => {};
		c.schedule('k', async () => {
			seen.push('v1');
			await new Promise<void>((r) => (release = r));
		});
		await vi.advanceTimersByTimeAsync(0);
		c.schedule('k', async () => void seen.push('v2'));
		c.schedule('k', async () => void seen.push('v3'));
		release();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(0);
		expect(seen).toEqual(['v1', 'v3']);
	});

	test('changes spaced just beyond a build, but inside the interval, are still folded', async () => {
		// 20 submissions per second for a second against a 250 ms audience interval: 4–5 pushes, not 20.
		const c = new Coalescer(
			() => 250,
			() => {}
		);
		const p = pushes();
		for (let i = 0; i < 20; i++) {
			c.schedule('audience:e1', p.work());
			await vi.advanceTimersByTimeAsync(50);
		}
		await vi.advanceTimersByTimeAsync(1000);
		expect(p.runs.length).toBeLessThanOrEqual(5);
		for (let i = 1; i < p.runs.length; i++) expect(p.runs[i] - p.runs[i - 1]).toBeGreaterThanOrEqual(250);
	});

	test('keys are independent, each with its own interval', async () => {
		const c = new Coalescer(
			(key) => (key.startsWith('audience:') ? 250 : 0),
			() => {}
		);
		const a = pushes();
		const b = pushes();
		c.schedule('audience:e1', a.work());
		c.schedule('console:p1', b.work());
		await vi.advanceTimersByTimeAsync(0);
		c.schedule('audience:e1', a.work());
		c.schedule('console:p1', b.work());
		await vi.advanceTimersByTimeAsync(0);
		expect(b.runs).toEqual([1_000_000, 1_000_000]);
		expect(a.runs).toEqual([1_000_000]);
		await vi.advanceTimersByTimeAsync(250);
		expect(a.runs).toEqual([1_000_000, 1_000_250]);
	});

	test('after a quiet interval the next change is again pushed at once', async () => {
		const c = new Coalescer(
			() => 250,
			() => {}
		);
		const p = pushes();
		c.schedule('k', p.work());
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(5000);
		c.schedule('k', p.work());
		await vi.advanceTimersByTimeAsync(0);
		expect(p.runs).toEqual([1_000_000, 1_005_000]);
	});

	test('a failing push is reported with its key, and the key keeps working', async () => {
		const errors: [string, unknown][] = [];
		const c = new Coalescer(
			() => 0,
			(key, error) => errors.push([key, error])
		);
		const boom = new Error('database is locked');
		c.schedule('k', async () => {
			throw boom;
		});
		await vi.advanceTimersByTimeAsync(0);
		expect(errors).toEqual([['k', boom]]);
		const p = pushes();
		c.schedule('k', p.work());
		await vi.advanceTimersByTimeAsync(0);
		expect(p.runs).toHaveLength(1);
	});

	test('a failing push with changes pending still runs the trailing push', async () => {
		const errors: unknown[] = [];
		const c = new Coalescer(
			() => 0,
			(_key, error) => errors.push(error)
		);
		let release: () => void = () => {};
		c.schedule('k', async () => {
			await new Promise<void>((r) => (release = r));
			throw new Error('failed late');
		});
		await vi.advanceTimersByTimeAsync(0);
		const p = pushes();
		c.schedule('k', p.work());
		release();
		await vi.advanceTimersByTimeAsync(0);
		await vi.advanceTimersByTimeAsync(0);
		expect(errors).toHaveLength(1);
		expect(p.runs).toHaveLength(1);
	});
});
