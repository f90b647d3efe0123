/**
 * S5: a socket flooding commands is refused ('rate_limited') and then cut off, while another
 * juror's commands keep succeeding.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ack, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, flatSheet, newSubmissionId, startTestApp, waitFor, type Fixture, type TestApp } from './harness';

let app: TestApp;
let fx: Fixture;

beforeAll(async () => {
	// The flood guard's clock stands still: no budget refills while a loaded machine works through
	// the flood, so the counts below do not depend on how fast it does.
	const frozen = Date.now();
	app = await startTestApp({ now: () => frozen });
	fx = await app.fixture();
	await app.drive(fx.panelA.slots[0].id, 'start_presentation', 'open_scoring');
});
afterAll(() => app.close());

describe('a flooding socket', () => {
	test('gets rate_limited acks, is then disconnected, and another juror still submits meanwhile', async () => {
		const flooder = await app.socket((await app.signIn('juror', 0)).token);
		const honest = await app.socket((await app.signIn('juror', 1)).token);
		const slotId = fx.panelA.slots[0].id;

		const acks: Ack<unknown>[] = [];
		const cut = disconnection(flooder, 5000);
		// Far beyond the bucket (30 at once, 10/s): each command is cheap to send and would be cheap to answer.
		for (let i = 0; i < 400; i++) flooder.emit('sync', { view: 'juror' }, (res: Ack<Snapshot>) => acks.push(res));
		const during = await ask<ScoreReceipt>(honest, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(77) });
		expect(during).toMatchObject({ ok: true, data: { total: 77 } });

		expect(await cut).toBe('io server disconnect');
		const ok = acks.filter((a) => a.ok).length;
		const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited');
		// At most the burst budget is served (answers still being built when the socket is cut are lost with it);
		// then about 100 refusals in a row before the cut.
		expect(ok).toBeLessThanOrEqual(40);
		expect(limited.length).toBeGreaterThanOrEqual(90);
		expect(limited.length).toBeLessThanOrEqual(100);
		expect(limited[0]).toEqual({
			ok: false,
			error: { code: 'rate_limited', reason: 'slow_down', message: expect.stringMatching(/slow down/i) }
		});
		// Cut off before answering everything it sent.
		expect(acks.length).toBeLessThan(400);

		const after = await ask<ScoreReceipt>(honest, 'score.submit', { slotId, submissionId: newSubmissionId(), scores: flatSheet(78) });
		expect(after).toMatchObject({ ok: true, data: { revision: 2 } });
	});

	test('a refused flood of score submissions writes nothing beyond what was accepted', async () => {
		const { token, user } = await app.signIn('juror', 2);
		const flooder = await app.socket(token);
		const slotId = fx.panelA.slots[0].id;
		const before = await app.state();
		const acks: Ack<ScoreReceipt>[] = [];
		const cut = disconnection(flooder, 5000);
		for (let i = 0; i < 300; i++) {
			flooder.emit('score.submit', { slotId, submissionId: `flood-${i}-xxxxxxxx`, scores: flatSheet(50) }, (res: Ack<ScoreReceipt>) =>
				acks.push(res)
			);
		}
		await cut;
		// Commands accepted before the cut may still be committing: wait until the count settles.
		let last = -1;
		await waitFor(async () => {
			const now = (await app.state()).submissions;
			const settled = now === last;
			last = now;
			await new Promise((r) => setTimeout(r, 25));
			return settled;
		});
		const accepted = acks.filter((a) => a.ok).length;
		const rows = await app.db.selectFrom('score_submissions').select('id').where('juror_id', '=', user.id).execute();
		// Every stored sheet was acknowledged as saved, or was in flight when the socket was cut.
		expect(rows.length).toBeGreaterThanOrEqual(accepted);
		expect(rows.length).toBeLessThanOrEqual(40);
		const after = await app.state();
		expect(after.submissions - before.submissions).toBe(rows.length);
		expect(after.audit - before.audit).toBe(rows.length);
	});

	test('a single burst within the budget is served in full', async () => {
		const socket = await app.socket((await app.signIn('juror', 0)).token);
		const answers = await Promise.all(Array.from({ length: 25 }, () => ask<Snapshot>(socket, 'sync', { view: 'juror' })));
		expect(answers.every((a) => a.ok)).toBe(true);
		expect(socket.connected).toBe(true);
	});
});
