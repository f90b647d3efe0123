/**
 * The staged reveal of an award ceremony (issue 9, item 4): the audience never receives what is
 * not yet revealed. An anonymous socket.io client records every event the server sends it while
 * the secretariat publishes and steps the reveal forward and back; each view it comes to (by a sync
 * answer, the /live page's data or a pushed patch applied) carries exactly the lines revealed at
 * that moment, and a line never revealed
 * (the top of the category) appears in none of them, by id or by score. A presenter sees the
 * body's result only once its line is revealed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { setPublicResultsPolicy } from '$lib/server/services/public-settings';
import { publishResults } from '$lib/server/services/results/publish';
import { revealConsole, revealStep } from '$lib/server/services/reveal';
import type { AudienceView, PresenterView, PublicResults, Snapshot } from '$lib/shared/contracts';
import { load as liveLoad } from '../../src/routes/live/+page.server';
import { ask, nextSnapshot, startTestApp, type Fixture, type TestApp, type TestSocket } from './harness';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
let recorder: TestSocket;
let presenter: TestSocket;
/** Every event the anonymous client received, in order, as sent. */
const received: { event: string; payload: unknown }[] = [];

const revealedIds = (results: PublicResults) =>
	results.kind === 'staged' ? results.leaderboards.flatMap((b) => b.entries.map((e) => e.bodyId)) : [];

const syncAudience = async () => {
	const res = await ask<Snapshot>(recorder, 'sync', { view: 'audience', evaluationId: fx.evaluationId });
	if (!res.ok) throw new Error(res.error.message);
	received.push({ event: 'sync-ack', payload: res.data });
	return res.data.data as AudienceView;
};
const presenterResult = async () => {
	const res = await ask<Snapshot>(presenter, 'sync', { view: 'presenter' });
	if (!res.ok) throw new Error(res.error.message);
	return (res.data.data as PresenterView).result;
};
/** The /live page's data, as its load gives it to the page and to __data.json, for an anonymous visitor. */
const pageData = async () => {
	const data = (await liveLoad({
		locals: { user: null, session: null, ctx: app.ctx },
		url: new URL(`http://juri.test/live?evaluation=${fx.evaluationId}`)
	} as never)) as { snapshot: Snapshot<'audience'> };
	received.push({ event: 'page-data', payload: data });
	return data.snapshot.data;
};

/** The category's lines as the secretariat's console sees them (all of them), best first. */
const consoleLines = async () => (await revealConsole(app.ctx, admin, { evaluationId: fx.evaluationId })).categories[0];

/** Takes a step and waits for the audience push that carries it; returns the ids the console says are revealed. */
async function step(direction: 'next' | 'back', unit: 'body' | 'band') {
	const category = await consoleLines();
	const push = nextSnapshot(recorder, 'audience', () => true);
	await revealStep(app.ctx, admin, { evaluationId: fx.evaluationId, categoryId: category.categoryId, direction, unit });
	const pushed = (await push).data as AudienceView;
	const expected = (await consoleLines()).lines.filter((l) => l.revealed).map((l) => l.bodyId);
	expect(revealedIds(pushed.results).sort()).toEqual([...expected].sort());
	expect(revealedIds((await syncAudience()).results).sort()).toEqual([...expected].sort());
	expect(revealedIds((await pageData()).results).sort()).toEqual([...expected].sort());
	return expected;
}

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	recorder = await app.socket();
	recorder.onAny((event: string, payload: unknown) => received.push({ event, payload }));
	await syncAudience();
	// Aceh's slot is marked a no-show: its line (by the non-presenter rule) is then its result for good.
	// A body still to present never sees a line ranked without its presentation (presenter-arrival.test.ts).
	await app.drive(fx.panelA.slots[0].id, 'mark_no_show');
	const presenters = app.demo.joinCodes.filter((p) => p.role === 'presenter');
	presenter = await app.socket(
		(
			await app.signIn(
				'presenter',
				presenters.findIndex((p) => p.detail === 'Panel A · #1')
			)
		).token
	);
});
afterAll(() => app.close());

describe('a staged reveal', () => {
	test('chosen, then published: the audience is sent the category and how many are hidden, no line', async () => {
		const push = nextSnapshot(recorder, 'audience', (s) => (s.data as AudienceView).results.kind === 'staged');
		await setPublicResultsPolicy(app.ctx, admin, { evaluationId: fx.evaluationId, policy: 'staged' });
		expect(((await push).data as AudienceView).results).toMatchObject({ kind: 'staged', published: null });

		const published = nextSnapshot(recorder, 'audience', (s) => {
			const results = (s.data as AudienceView).results;
			return results.kind === 'staged' && results.published?.version === 1;
		});
		await publishResults(app.ctx, admin, {
			evaluationId: fx.evaluationId,
			reason: 'Results of the presentation stage',
			decreeNumber: '12/KEP/KI/XII/2023',
			decreeDate: '2023-12-19'
		});
		const results = ((await published).data as AudienceView).results;
		const total = (await consoleLines()).lines.length;
		expect(total).toBeGreaterThan(10);
		expect(results).toMatchObject({ kind: 'staged', leaderboards: [{ entries: [], hidden: total }] });
		expect(revealedIds((await pageData()).results)).toEqual([]);
		expect(await presenterResult()).toBeNull();
	});

	test('steps forward and back show exactly what the console revealed; the top is never sent', async () => {
		const lines = (await consoleLines()).lines;
		const bands = [...new Set(lines.map((l) => l.band))];
		const lowestBand = lines.filter((l) => l.band === bands.at(-1)).map((l) => l.bodyId);

		expect(await step('next', 'band')).toEqual(expect.arrayContaining(lowestBand));
		const afterBand = await step('next', 'body');
		expect(afterBand.length).toBeGreaterThan(lowestBand.length);
		const afterTwo = await step('next', 'body');
		expect(await step('back', 'body')).toEqual(afterBand);
		expect(afterTwo.length).toBeGreaterThan(afterBand.length);
		const audit = await app.db
			.selectFrom('audit_log')
			.select(['action', 'after'])
			.where('action', 'like', 'results.reveal_%')
			.orderBy('seq')
			.execute();
		expect(audit.map((a) => a.action)).toEqual([
			'results.reveal_next',
			'results.reveal_next',
			'results.reveal_next',
			'results.reveal_back'
		]);
		expect(JSON.parse(audit[3].after!)).toEqual({ unit: 'body', revealed: afterBand });

		// Nothing the recorder ever received names a line that was never revealed, nor its score.
		const everRevealed = new Set(afterTwo);
		const neverRevealed = lines.filter((l) => !everRevealed.has(l.bodyId));
		const revealedScores = new Set(lines.filter((l) => everRevealed.has(l.bodyId)).map((l) => l.finalScore));
		expect(neverRevealed.length).toBeGreaterThan(0);
		const everything = JSON.stringify(received);
		for (const line of neverRevealed) {
			expect(everything.includes(line.bodyId), `${line.bodyName}'s id was sent`).toBe(false);
			const asValue = new RegExp(`:${JSON.stringify(line.finalScore).replace('.', '\\.')}[,}]`);
			if (!revealedScores.has(line.finalScore)) expect(asValue.test(everything), `${line.bodyName}'s score was sent`).toBe(false);
		}
		// The steps reached the audience as patches (what changed only): the check above covers them
		// by id and score; the whole views below are the sync answers and page data.
		expect(received.filter((r) => r.event === 'patch').length).toBeGreaterThanOrEqual(4);
		// Every results part received lists only lines revealed at some point, never more than the last forward step.
		for (const { payload } of received) {
			const snapshot = ((payload as { snapshot?: Snapshot }).snapshot ?? payload) as Snapshot;
			if (snapshot?.view !== 'audience' || !('data' in snapshot)) continue;
			for (const id of revealedIds((snapshot.data as AudienceView).results)) expect(everRevealed.has(id)).toBe(true);
		}
	});

	test("a presenter sees the body's result once its line is revealed, not before", async () => {
		const category = await consoleLines();
		const acehLine = category.lines.find((l) => l.bodyName === fx.panelA.slots[0].bodyName)!;
		expect(acehLine.revealed).toBe(false);
		expect(await presenterResult()).toBeNull();
		while (!(await consoleLines()).lines.find((l) => l.bodyId === acehLine.bodyId)!.revealed) {
			await revealStep(app.ctx, admin, { evaluationId: fx.evaluationId, categoryId: category.categoryId, direction: 'next', unit: 'band' });
		}
		expect(await presenterResult()).toMatchObject({ version: 1, rankInCategory: acehLine.rank });
	});

	test('refused steps change nothing: past the top, by a juror, under another policy, a foreign category', async () => {
		const category = await consoleLines();
		while ((await consoleLines()).nextBand) {
			await revealStep(app.ctx, admin, { evaluationId: fx.evaluationId, categoryId: category.categoryId, direction: 'next', unit: 'band' });
		}
		const juror = (await app.signIn('juror', 0)).user;
		const before = await app.state();
		const input = { evaluationId: fx.evaluationId, categoryId: category.categoryId, direction: 'next', unit: 'body' };
		await expect(revealStep(app.ctx, admin, input)).rejects.toMatchObject({ code: 'invalid_state', reason: 'all_revealed' });
		await expect(revealStep(app.ctx, juror, input)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(revealStep(app.ctx, admin, { ...input, unit: 'everything' })).rejects.toMatchObject({ code: 'invalid_input' });
		await expect(revealStep(app.ctx, admin, { ...input, categoryId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
		expect(await app.state()).toEqual(before);
		await setPublicResultsPolicy(app.ctx, admin, { evaluationId: fx.evaluationId, policy: 'provisional' });
		await expect(revealStep(app.ctx, admin, { ...input, direction: 'back' })).rejects.toMatchObject({ reason: 'not_staged' });
		// Fully revealed is the whole version; outside the staged reveal the published version shows as before.
		expect((await syncAudience()).results).toMatchObject({ kind: 'published', version: 1 });
	});
});
