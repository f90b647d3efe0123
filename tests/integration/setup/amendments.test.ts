/**
 * Stored amendments are inputs of every result computation: replayed in the order they were
 * made (a later one wins), on the live leaderboard (presented bodies) and the official results
 * (every body) alike.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { insertAmendment, storedAmendments } from '$lib/server/services/amendments';
import { computeEvaluationResults } from '$lib/server/services/results';
import { startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let fx: Fixture;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
});
afterAll(() => app.close());

/** Stores a correction as a visit outcome would (inside its own transaction). */
const amend = (bodyId: string, value: number, reason: string) =>
	app.db.transaction().execute((trx) =>
		insertAmendment(trx, {
			evaluationId: fx.evaluationId,
			bodyId,
			kind: 'prior_score',
			value,
			was: null,
			reason,
			source: 'visit',
			decreeReference: null,
			visitId: null,
			actorId: fx.adminId,
			at: Date.now()
		})
	);

test('the official results apply every amendment in order: the latest for a body wins', async () => {
	const aceh = fx.panelA.slots[0];
	await amend(aceh.bodyId, 70, 'first look');
	await amend(aceh.bodyId, 91.25, 'second look');
	expect((await storedAmendments(app.db, fx.evaluationId)).map((a) => [a.seq, a.value])).toEqual([
		[1, 70],
		[2, 91.25]
	]);
	const results = await computeEvaluationResults(app.db, fx.evaluationId, 'all');
	expect(results.entries.find((e) => e.bodyId === aceh.bodyId)).toMatchObject({ priorScore: 91.25, finalScore: 91.25 });
});

test('the live leaderboard applies them to the bodies it ranks and skips the others', async () => {
	// A certified slot without sheets: below quorum, so it is ranked provisionally on its SAQ score.
	const slot = fx.panelA.slots[0];
	await app.db.updateTable('slots').set({ state: 'certified', certified_at: Date.now() }).where('id', '=', slot.id).execute();
	await amend(fx.panelB.slots[0].bodyId, 12.5, 'a body that did not present');
	const live = await computeEvaluationResults(app.db, fx.evaluationId, 'presented');
	expect(live.entries).toHaveLength(1);
	expect(live.entries[0]).toMatchObject({ bodyId: slot.bodyId, priorScore: 91.25 });
});
