import { describe, expect, test } from 'vitest';
import { DEFAULT_FLOOD_LIMITS, FloodGuard, type FloodLimits, type Verdict } from '$lib/server/realtime/flood-guard';
import { CoolDowns } from '$lib/server/realtime/cool-down';
import { KeyedBuckets } from '$lib/server/realtime/rate-limit';

const T0 = 1_000_000;

/** A guard on a clock the test moves. */
function guardAt(limits: Partial<FloodLimits> = {}) {
	const clock = { now: T0 };
	const guard = new FloodGuard({ ...DEFAULT_FLOOD_LIMITS, ...limits }, () => clock.now);
	return { guard, clock };
}

const VENUE = '203.0.113.7';

/** Sends commands until the socket is cut off; returns the verdicts. */
function floodUntilCut(admit: () => Verdict, max = 1000): Verdict[] {
	const verdicts: Verdict[] = [];
	for (let i = 0; i < max && verdicts.at(-1) !== 'cut'; i++) verdicts.push(admit());
	return verdicts;
}

describe('FloodGuard: budgets per socket, per person and per address', () => {
	test('one socket keeps the old behaviour: a burst of 30, then refusals, cut at the 100th refusal in a row', () => {
		const { guard } = guardAt();
		const socket = guard.client('s1', VENUE);
		const verdicts = floodUntilCut(() => guard.admit(socket, 'command'));
		expect(verdicts.filter((v) => v === 'ok')).toHaveLength(30);
		expect(verdicts.filter((v) => v === 'refuse')).toHaveLength(99);
		expect(verdicts.at(-1)).toBe('cut');
	});

	test("a person's second, third … socket adds nothing: their sockets share one allowance, then the address's budget", () => {
		const { guard } = guardAt();
		const sockets = Array.from({ length: 20 }, () => guard.client('flooder', VENUE));
		let served = 0;
		for (let round = 0; round < 30; round++) for (const s of sockets) if (guard.admit(s, 'command') === 'ok') served++;
		// 30 of their own + 60 of the address's, not 20 × 30.
		expect(served).toBe(DEFAULT_FLOOD_LIMITS.session.capacity + DEFAULT_FLOOD_LIMITS.address.capacity);
	});

	test('anonymous sockets of one address share its budget', () => {
		const { guard } = guardAt();
		const sockets = Array.from({ length: 20 }, () => guard.client(null, VENUE));
		let served = 0;
		for (let round = 0; round < 30; round++) for (const s of sockets) if (guard.admit(s, 'command') === 'ok') served++;
		expect(served).toBe(DEFAULT_FLOOD_LIMITS.address.capacity);
	});

	test('while one address is drained, the jurors sharing it keep their own allowance, and other addresses are untouched', () => {
		const { guard } = guardAt();
		const flood = Array.from({ length: 24 }, () => guard.client(null, VENUE));
		for (let round = 0; round < 10; round++) for (const s of flood) guard.admit(s, 'command');
		expect(guard.admit(guard.client(null, VENUE), 'command')).toBe('refuse');
		const juror = guard.client('juror-session', VENUE);
		expect(Array.from({ length: 30 }, () => guard.admit(juror, 'command')).every((v) => v === 'ok')).toBe(true);
		const elsewhere = guard.client(null, '198.51.100.9');
		expect(guard.admit(elsewhere, 'command')).toBe('ok');
	});

	test('audience syncs spend only their socket: 2,000 phones behind one address are all served while it is drained', () => {
		const { guard } = guardAt();
		const flood = Array.from({ length: 24 }, () => guard.client(null, VENUE));
		for (let round = 0; round < 10; round++) for (const s of flood) guard.admit(s, 'command');
		const phones = Array.from({ length: 2000 }, () => guard.client(null, VENUE));
		expect(phones.map((p) => guard.admit(p, 'audience')).every((v) => v === 'ok')).toBe(true);
	});

	test('a single socket flooding audience syncs is still cut off', () => {
		const { guard } = guardAt();
		const socket = guard.client(null, VENUE);
		expect(floodUntilCut(() => guard.admit(socket, 'audience')).at(-1)).toBe('cut');
	});

	test('budgets refill with the clock', () => {
		const { guard, clock } = guardAt();
		const socket = guard.client(null, VENUE);
		for (let i = 0; i < 30; i++) guard.admit(socket, 'command');
		expect(guard.admit(socket, 'command')).toBe('refuse');
		clock.now += 1000;
		expect(guard.admit(socket, 'command')).toBe('ok');
	});
});

describe('FloodGuard: a cut-off sticks for the cool-down', () => {
	test('a session cut off is refused at the handshake and at every command until the cool-down ends', () => {
		const { guard, clock } = guardAt();
		const first = guard.client('s1', VENUE);
		expect(guard.admitHandshake('s1')).toBe(true);
		floodUntilCut(() => guard.admit(first, 'command'));
		expect(guard.admitHandshake('s1')).toBe(false);
		// A socket that got through before the cut is cut at its next command.
		expect(guard.admit(guard.client('s1', VENUE), 'command')).toBe('cut');
		// Other people at the same address are not concerned.
		expect(guard.admitHandshake('s2')).toBe(true);
		expect(guard.admit(guard.client('s2', VENUE), 'command')).toBe('ok');
		clock.now += DEFAULT_FLOOD_LIMITS.coolDownMs - 1;
		expect(guard.admitHandshake('s1')).toBe(false);
		clock.now += 1;
		expect(guard.admitHandshake('s1')).toBe(true);
		expect(guard.admit(guard.client('s1', VENUE), 'command')).toBe('ok');
	});

	test('an anonymous socket cut off cools its address down: a new anonymous socket there gets one audience sync and is cut at anything more', () => {
		const { guard, clock } = guardAt();
		const flooder = guard.client(null, VENUE);
		expect(floodUntilCut(() => guard.admit(flooder, 'command')).at(-1)).toBe('cut');
		const next = guard.client(null, VENUE);
		expect(guard.admit(next, 'command')).toBe('cut');
		const phone = guard.client(null, VENUE);
		expect(guard.admit(phone, 'audience')).toBe('ok');
		expect(guard.admit(phone, 'audience')).toBe('cut');
		// Audience handshakes are never refused, and signed-in people at the address are not concerned.
		expect(guard.admitHandshake(null)).toBe(true);
		expect(guard.admit(guard.client('juror', VENUE), 'command')).toBe('ok');
		clock.now += DEFAULT_FLOOD_LIMITS.coolDownMs;
		const later = guard.client(null, VENUE);
		expect([guard.admit(later, 'audience'), guard.admit(later, 'audience'), guard.admit(later, 'command')]).toEqual(['ok', 'ok', 'ok']);
	});

	test('a flood that goes on during the cool-down keeps it going', () => {
		const { guard, clock } = guardAt();
		const flooder = guard.client(null, VENUE);
		expect(floodUntilCut(() => guard.admit(flooder, 'command')).at(-1)).toBe('cut');
		clock.now += DEFAULT_FLOOD_LIMITS.coolDownMs - 1000;
		expect(guard.admit(guard.client(null, VENUE), 'command')).toBe('cut');
		clock.now += 1000;
		expect(guard.admit(guard.client(null, VENUE), 'command')).toBe('cut');
	});

	test('a session opening sockets in a loop is refused at the handshake once past its handshake budget', () => {
		const { guard, clock } = guardAt();
		const verdicts = Array.from({ length: 70 }, () => guard.admitHandshake('s1'));
		expect(verdicts.filter(Boolean)).toHaveLength(DEFAULT_FLOOD_LIMITS.sessionHandshakes.capacity);
		expect(guard.admitHandshake(null)).toBe(true);
		clock.now += 1000;
		expect(guard.admitHandshake('s1')).toBe(true);
	});
});

describe('keyed stores forget what they no longer need', () => {
	test('idle buckets are swept, so a stream of new addresses does not grow memory forever', () => {
		const buckets = new KeyedBuckets({ capacity: 2, perSecond: 1 });
		for (let i = 0; i < 1000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`, T0);
		expect(buckets.tracked).toBe(1000);
		buckets.take('10.9.9.9', T0 + 60_000);
		expect(buckets.tracked).toBe(1);
	});

	test('a cool-down ends on time', () => {
		const coolDowns = new CoolDowns(1000);
		coolDowns.start('a', T0);
		expect(coolDowns.active('a', T0 + 999)).toBe(true);
		expect(coolDowns.active('a', T0 + 1000)).toBe(false);
	});
});
