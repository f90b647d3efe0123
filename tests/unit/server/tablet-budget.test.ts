/**
 * The juror tablet's traffic fits the per-socket command budget with room to spare: an honest
 * tablet is never refused (and so never cut off) because of its own heartbeat.
 */
import { describe, expect, test } from 'vitest';
import { TABLET_LINK } from '$lib/client/link.svelte';
import { CommandBucket } from '$lib/server/realtime/rate-limit';

const T0 = Date.now() + 1000;

describe("a tablet's heartbeat within the socket's command budget", () => {
	test('an hour of beats, with a reconnect burst every minute and beats piled up behind a stalled link, is never refused', () => {
		const bucket = new CommandBucket();
		const verdicts: string[] = [];
		for (let t = 0; t < 3_600_000; t += TABLET_LINK.heartbeatMs) {
			verdicts.push(bucket.take(T0 + t));
			if (t % 60_000 === 0) {
				// On a (re)connect: a sync, the outbox flushing three sheets, the unsent-sheet report, and
				// the beats a stalled link held back (one in flight, re-sent once per lost-after interval
				// until socket.io's 18 s ping timeout) all arriving at once.
				const stalledBeats = Math.ceil(18_000 / TABLET_LINK.lostAfterMs);
				for (let i = 0; i < 5 + stalledBeats; i++) verdicts.push(bucket.take(T0 + t));
			}
		}
		expect(verdicts.filter((v) => v !== 'ok')).toEqual([]);
	});
});
