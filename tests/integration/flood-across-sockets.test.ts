/**
 * S5 across connections (issue 7, item 4): a client cut off for flooding cannot come straight back
 * with a fresh budget; one address flooding from many sockets is limited as a whole while other
 * people's commands are all answered; and the venue, where hundreds of phones share one public
 * address with the jurors, is never locked out of /live. Clients connect from distinct loopback
 * addresses (127.0.0.x); budgets and cool-downs run on a clock the tests move.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ack, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { DEFAULT_FLOOD_LIMITS } from '$lib/server/realtime/flood-guard';
import {
	ask,
	disconnection,
	flatSheet,
	newSubmissionId,
	startTestApp,
	waitFor,
	type Fixture,
	type TestApp,
	type TestSocket
} from './harness';

let app: TestApp;
let fx: Fixture;
const clock = { now: Date.now() };

beforeAll(async () => {
	app = await startTestApp({ now: () => clock.now });
	fx = await app.fixture();
	await app.drive(fx.panelB.slots[0].id, 'start_presentation', 'open_scoring');
});
afterAll(() => app.close());

const audienceSync = () => ({ view: 'audience', evaluationId: fx.evaluationId });
const anonymousCommand = { slotId: 'no-such-slot', command: 'start_qa' };
const { coolDownMs } = DEFAULT_FLOOD_LIMITS;
/**
 * How a client sees an anonymous socket cut off: the server stops reading it and closes the
 * connection (after a hold, none here), so its disconnect packet may not get out first.
 */
const ANONYMOUS_CUT = /^(io server disconnect|transport close)$/;

/** Emits `count` commands at once on each socket, recording every acknowledgement into `acks`. */
function burst(
	sockets: TestSocket[],
	count: number,
	event: 'sync' | 'slot.command',
	payload: unknown,
	acks: Ack<unknown>[] = []
): Ack<unknown>[] {
	for (let i = 0; i < count; i++)
		for (const s of sockets) s.emit(event as 'sync', payload as never, (res: Ack<Snapshot>) => acks.push(res));
	return acks;
}

const admitted = (acks: Ack<unknown>[]) => acks.filter((a) => a.ok || a.error.code !== 'rate_limited').length;

function percentile(xs: number[], q: number): number {
	const sorted = [...xs].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

describe('a client cut off for flooding stays out for the cool-down', () => {
	test('a new socket with the same session is refused at the handshake until the cool-down ends, then accepted', async () => {
		const from = '127.0.0.2';
		const { token } = await app.signIn('juror', 0);
		const flooder = await app.socket(token, { from });
		const sibling = await app.socket(token, { from });
		const cut = [disconnection(flooder), disconnection(sibling)];
		burst([flooder], 200, 'sync', { view: 'juror' });
		// The session's other socket goes with it: the session is what was cut off.
		expect(await Promise.all(cut)).toEqual(['io server disconnect', 'io server disconnect']);

		await app.refusedSocket({ token, from });
		// From any address: the cut-off belongs to the session.
		await app.refusedSocket({ token, from: '127.0.0.9' });
		clock.now += coolDownMs - 1;
		await app.refusedSocket({ token, from });

		clock.now += 1;
		const back = await app.socket(token, { from });
		expect(await ask(back, 'sync', { view: 'juror' })).toMatchObject({ ok: true, data: { view: 'juror' } });
	});

	test('an anonymous flooder cools its address down: a new anonymous socket from there is served like a phone and cut at anything more', async () => {
		const from = '127.0.0.3';
		const flooder = await app.socket(undefined, { from });
		const cut = disconnection(flooder);
		burst([flooder], 200, 'slot.command', anonymousCommand);
		expect(await cut).toMatch(ANONYMOUS_CUT);

		// Its handshake is accepted (it may be one of the audience's phones) and its audience sync answered…
		const back = await app.socket(undefined, { from });
		expect(await ask(back, 'sync', audienceSync())).toMatchObject({ ok: true, data: { view: 'audience' } });
		// …but anything beyond what a phone does cuts it off at once, without a fresh budget.
		const cutAgain = disconnection(back);
		back.emit('slot.command', anonymousCommand as never, () => {});
		expect(await cutAgain).toMatch(ANONYMOUS_CUT);

		// A juror sharing the address is not concerned.
		const juror = await app.socket((await app.signIn('juror', 1)).token, { from });
		expect(await ask(juror, 'sync', { view: 'juror' })).toMatchObject({ ok: true });

		clock.now += coolDownMs;
		const later = await app.socket(undefined, { from });
		expect(await ask(later, 'slot.command', anonymousCommand)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		expect(await ask(later, 'sync', audienceSync())).toMatchObject({ ok: true });
		expect(later.connected).toBe(true);
	});
});

describe('one address flooding from many sockets', () => {
	test("is limited as a whole and cut off, while another address's users get every command answered", async () => {
		const flood = '127.0.0.4';
		const honest = '127.0.0.5';
		const flooderToken = (await app.signIn('juror', 2)).token;
		const signedIn = await Promise.all(Array.from({ length: 12 }, () => app.socket(flooderToken, { from: flood })));
		const anonymous = await Promise.all(Array.from({ length: 12 }, () => app.socket(undefined, { from: flood })));
		const juror = await app.socket((await app.signIn('juror', 3)).token, { from: honest });
		const chair = await app.socket((await app.signIn('chair', 1)).token, { from: honest });
		const slotId = fx.panelB.slots[0].id;

		const cuts = signedIn.map((s) => disconnection(s, 10_000));
		const anonymousCuts = anonymous.map((s) => disconnection(s, 10_000));
		const acks = burst(signedIn, 150, 'sync', { view: 'juror' });
		burst(anonymous, 150, 'slot.command', anonymousCommand, acks);

		// Meanwhile, from another address: a juror submits and the chair follows the console.
		const latencies: number[] = [];
		for (let i = 0; i < 12; i++) {
			const started = performance.now();
			const res =
				i % 2 === 0
					? await ask<ScoreReceipt>(juror, 'score.submit', { slotId, submissionId: newSubmissionId('honest'), scores: flatSheet(70 + i) })
					: await ask<Snapshot>(chair, 'sync', { view: 'panel' });
			latencies.push(performance.now() - started);
			expect(res.ok, JSON.stringify(res)).toBe(true);
		}
		// And an audience phone behind the flooding address still gets /live.
		const phone = await app.socket(undefined, { from: flood });
		expect(await ask(phone, 'sync', audienceSync())).toMatchObject({ ok: true, data: { view: 'audience' } });

		expect(new Set(await Promise.all(cuts))).toEqual(new Set(['io server disconnect']));
		for (const reason of await Promise.all(anonymousCuts)) expect(reason).toMatch(ANONYMOUS_CUT);
		// 24 sockets would have had 24 × 30 commands served; the address got its person's allowance and its own budget.
		expect(admitted(acks)).toBeLessThanOrEqual(DEFAULT_FLOOD_LIMITS.session.capacity + DEFAULT_FLOOD_LIMITS.address.capacity);
		expect(acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length).toBeGreaterThan(0);
		console.log(
			`honest ack latency during a 24-socket flood (ms): p50 ${percentile(latencies, 0.5).toFixed(1)}, max ${Math.max(...latencies).toFixed(1)}` +
				` — figures only; bench/flood.ts measures the ratio`
		);
	});
});

describe('the venue: 2,000 phones behind the address that floods', () => {
	test('every audience socket connects and gets the snapshot and the next push while others flood from the same address', async () => {
		const venue = '127.0.0.6';
		const floodToken = (await app.signIn('juror', 5)).token;
		let flooding = true;
		const floodStats = { cuts: 0, refusedHandshakes: 0 };
		/** A flooder that reconnects whenever it is cut off, and floods again, until the phones are in. */
		async function flooder(token?: string) {
			while (flooding) {
				let socket: TestSocket;
				try {
					socket = await app.socket(token, { from: venue });
				} catch {
					floodStats.refusedHandshakes++;
					// The session is cooling down: it cannot come back before the test's clock moves.
					if (token) return;
					continue;
				}
				const gone = disconnection(socket, 30_000);
				burst([socket], 150, token ? 'sync' : 'slot.command', token ? { view: 'juror' } : anonymousCommand);
				await gone;
				floodStats.cuts++;
			}
		}
		const flooders = [...Array.from({ length: 4 }, () => flooder(floodToken)), ...Array.from({ length: 20 }, () => flooder())];

		const phones: TestSocket[] = [];
		const answers: Ack<Snapshot>[] = [];
		for (let batch = 0; batch < 8; batch++) {
			const connected = await Promise.all(Array.from({ length: 250 }, () => app.socket(undefined, { from: venue })));
			phones.push(...connected);
			answers.push(...(await Promise.all(connected.map((p) => ask<Snapshot>(p, 'sync', audienceSync())))));
		}
		expect(phones).toHaveLength(2000);
		expect(answers.filter((a) => a.ok && a.data.view === 'audience')).toHaveLength(2000);
		const version = Math.max(...answers.map((a) => (a.ok ? a.data.version : 0)));

		// They are all in the audience room: a public change reaches every one of them.
		let pushed = 0;
		for (const p of phones) p.once('snapshot', (s) => s.version > version && pushed++);
		await app.drive(fx.panelA.slots[0].id, 'start_presentation');
		await waitFor(() => pushed === 2000, 30_000, 'the push to 2,000 phones');

		flooding = false;
		await Promise.all(flooders);
		expect(floodStats.cuts).toBeGreaterThanOrEqual(24);
		console.log(
			`2,000 phones served while the same address's flooders were cut off ${floodStats.cuts} times (${floodStats.refusedHandshakes} handshakes refused)`
		);
		for (const p of phones) p.disconnect();
	}, 180_000);
});
