import { describe, expect, test } from 'vitest';
import { CommandBucket } from '$lib/server/realtime/rate-limit';

/** Later than any bucket's creation below: the bucket starts full, so time before T0 changes nothing. */
const T0 = Date.now() + 1000;

describe('CommandBucket (token bucket per socket)', () => {
	test('a burst up to the capacity is allowed, the next command is refused', () => {
		const bucket = new CommandBucket(5, 1, 100);
		const verdicts = Array.from({ length: 6 }, () => bucket.take(T0));
		expect(verdicts).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'refuse']);
	});

	test('tokens refill at the given rate, never beyond the capacity', () => {
		const bucket = new CommandBucket(3, 10, 100);
		for (let i = 0; i < 3; i++) expect(bucket.take(T0)).toBe('ok');
		expect(bucket.take(T0)).toBe('refuse');
		expect(bucket.take(T0 + 50)).toBe('refuse'); // half a token
		expect(bucket.take(T0 + 100)).toBe('ok'); // 0.5 + 0.5 = 1 token
		expect(bucket.take(T0 + 100)).toBe('refuse');
		// A long pause refills only up to the capacity.
		const later = T0 + 60_000;
		expect([bucket.take(later), bucket.take(later), bucket.take(later), bucket.take(later)]).toEqual(['ok', 'ok', 'ok', 'refuse']);
	});

	test('a steady rate at the refill speed is always allowed', () => {
		const bucket = new CommandBucket(2, 10, 3);
		for (let i = 0; i < 200; i++) expect(bucket.take(T0 + i * 100)).toBe('ok');
	});

	test('a flood that goes on is cut off after the configured number of refusals in a row', () => {
		const bucket = new CommandBucket(1, 1, 3);
		expect(bucket.take(T0)).toBe('ok');
		expect([bucket.take(T0), bucket.take(T0), bucket.take(T0)]).toEqual(['refuse', 'refuse', 'cut']);
	});

	test('an allowed command resets the refusal count, so a bursty but honest client is never cut', () => {
		const bucket = new CommandBucket(1, 1, 3);
		let now = T0;
		for (let round = 0; round < 20; round++) {
			expect(bucket.take(now)).toBe('ok');
			expect(bucket.take(now)).toBe('refuse');
			expect(bucket.take(now)).toBe('refuse');
			now += 1000;
		}
	});

	test('the defaults allow a burst of 30 and cut after 100 refusals', () => {
		const bucket = new CommandBucket();
		const verdicts = Array.from({ length: 131 }, () => bucket.take(T0));
		expect(verdicts.filter((v) => v === 'ok')).toHaveLength(30);
		expect(verdicts.filter((v) => v === 'refuse')).toHaveLength(99);
		expect(verdicts.slice(-2)).toEqual(['cut', 'cut']);
	});

	test('a clock stepping back does not drain the bucket (it used to refuse, then cut, every connected socket)', () => {
		const bucket = new CommandBucket(5, 10, 3);
		expect(bucket.take(T0)).toBe('ok');
		// NTP steps the clock back by an hour: the 4 tokens left are still there.
		const back = T0 - 3_600_000;
		expect([bucket.take(back), bucket.take(back), bucket.take(back), bucket.take(back), bucket.take(back)]).toEqual([
			'ok',
			'ok',
			'ok',
			'ok',
			'refuse'
		]);
		// And refilling resumes from the new clock.
		expect(bucket.take(back + 100)).toBe('ok');
	});
});
