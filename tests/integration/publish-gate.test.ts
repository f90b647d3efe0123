/**
 * Blind scoring and the publish gate, at the socket level: what each kind of screen is sent
 * (sync answers and pushes alike) while a slot is scored, closed, certified and published.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishResults } from '$lib/server/services/results/publish';
import type { AudienceView, JurorView, PanelView, PresenterView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { ask, nextSnapshot, record, startTestApp, type Fixture, type TestApp, type TestSocket, scoredBoards } from './harness';

let app: TestApp;
let fx: Fixture;

/** Distinctive sheets, so any leak is recognisable in raw JSON. Totals by hand: Σ weight × score / 100. */
const SHEETS = [
	{ scores: { K1: 73, K2: 41, K3: 67, K4: 29, K5: 83, K6: 11 }, total: 53.6 }, // 1825+820+1340+435+830+110 = 5360
	{ scores: { K1: 88, K2: 12, K3: 57, K4: 94, K5: 36, K6: 62 }, total: 59.7 }, // 2200+240+1140+1410+360+620 = 5970
	{ scores: { K1: 19, K2: 77, K3: 45, K4: 63, K5: 91, K6: 38 }, total: 51.5 } //  475+1540+900+945+910+380 = 5150
];
const submissionIds = ['gate-juror0-aaaa', 'gate-juror1-bbbb', 'gate-juror2-cccc'];
/** The mean of the three totals, (53.6 + 59.7 + 51.5) / 3 = 54.9333…, which nobody may see before certification. */
const MEAN_PREFIX = '54.93';

/** The totals as the server computed and stored them (unrounded: 51.5 may be 51.49999999999999). */
const storedTotals: number[] = [];

const numberPattern = (n: number) => new RegExp(`(?<![\\d.])${String(n).replace('.', '\\.')}(?!\\d)`);

/** Fragments of a juror's sheet as they would appear in any JSON payload. */
function leaksOf(i: number): (string | RegExp)[] {
	const { scores, total } = SHEETS[i];
	return [
		submissionIds[i],
		JSON.stringify(scores).slice(1, -1), // "K1":73,"K2":41,…
		`"K1":${scores.K1},`,
		numberPattern(total),
		...(storedTotals[i] === undefined ? [] : [numberPattern(storedTotals[i])])
	];
}

function expectNoneIn(payloads: unknown[], needles: (string | RegExp)[], who: string) {
	for (const payload of payloads) {
		const json = JSON.stringify(payload);
		for (const needle of needles) {
			const found = typeof needle === 'string' ? json.includes(needle) : needle.test(json);
			expect(found, `${who} received ${String(needle)} in ${json.slice(0, 300)}…`).toBe(false);
		}
	}
}

interface Viewer {
	socket: TestSocket;
	/** Every snapshot this screen received: pushes and sync answers. */
	seen: Snapshot[];
	sync(): Promise<Snapshot>;
}

async function viewer(token: string | undefined, request: Record<string, unknown>): Promise<Viewer> {
	const socket = await app.socket(token);
	const seen = record(socket);
	const sync = async () => {
		const res = await ask<Snapshot>(socket, 'sync', request);
		if (!res.ok) throw new Error(res.error.message);
		seen.push(res.data);
		return res.data;
	};
	await sync();
	return { socket, seen, sync };
}

let jurors: (Viewer & { userId: string })[];
let chair: Viewer;
let audience: Viewer;
let presenterAceh: Viewer;
let presenterSumut: Viewer;
let slotId: string;

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	slotId = fx.panelA.slots[0].id;
	jurors = [];
	for (const i of [0, 1, 2]) {
		const { token, user } = await app.signIn('juror', i);
		jurors.push({ ...(await viewer(token, { view: 'juror' })), userId: user.id });
	}
	chair = await viewer((await app.signIn('chair', 0)).token, { view: 'panel' });
	audience = await viewer(undefined, { view: 'audience', evaluationId: fx.evaluationId });
	// Presenter 0 is Aceh (Panel A, first slot); presenter 1 is Sumatera Utara (Panel B, first slot).
	presenterAceh = await viewer((await app.signIn('presenter', 0)).token, { view: 'presenter' });
	presenterSumut = await viewer((await app.signIn('presenter', 1)).token, { view: 'presenter' });
});
afterAll(() => app.close());

const allViewers = () => [...jurors, chair, audience, presenterAceh, presenterSumut];

describe('while the slot is scored and closed', () => {
	test('jurors submit blind: each sees only their own sheet, in answers and in pushes', async () => {
		const chairSocket = chair.socket;
		for (const command of ['start_presentation', 'start_qa', 'open_scoring']) {
			expect(await ask(chairSocket, 'slot.command', { slotId, command })).toMatchObject({ ok: true });
		}
		for (const [i, juror] of jurors.entries()) {
			const own = nextSnapshot(juror.socket, 'juror', (s) => (s.data as JurorView).mine?.submissionId === submissionIds[i]);
			const res = await ask<ScoreReceipt>(juror.socket, 'score.submit', {
				slotId,
				submissionId: submissionIds[i],
				scores: SHEETS[i].scores
			});
			expect(res.ok).toBe(true);
			if (res.ok) storedTotals[i] = res.data.total;
			expect(storedTotals[i]).toBeCloseTo(SHEETS[i].total, 10);
			juror.seen.push(await own);
			// Everyone re-syncs after each sheet, so every answer is scanned as well as every push.
			for (const v of allViewers()) await v.sync();
		}
		for (const [i, juror] of jurors.entries()) {
			const others = [0, 1, 2].filter((j) => j !== i);
			expectNoneIn(juror.seen, [...others.flatMap(leaksOf), MEAN_PREFIX, ...others.map((j) => jurors[j].userId)], `juror ${i}`);
			const mine = (juror.seen.at(-1)!.data as JurorView).mine;
			expect(mine).toMatchObject({ scores: SHEETS[i].scores, total: storedTotals[i], submissionId: submissionIds[i] });
			for (const s of juror.seen) {
				const sheet = (s.data as JurorView).mine;
				if (sheet) expect(sheet.submissionId).toBe(submissionIds[i]);
			}
		}
	});

	test("the chair sees who submitted and each juror's total", async () => {
		const panel = (await chair.sync()).data as PanelView;
		expect(panel.activeSlotId).toBe(slotId);
		expect(panel.jurors.map((j) => [j.id, j.submitted, j.total])).toEqual(jurors.map((j, i) => [j.userId, true, storedTotals[i]]));
		for (const [i, j] of panel.jurors.entries()) expect(j.total).toBeCloseTo(SHEETS[i].total, 10);
		expect(panel.divergence).toMatchObject({ spread: expect.closeTo(59.7 - 51.5, 10), divergent: false });
	});

	test('after closing, the audience and presenters still received nothing of the sheets, totals or mean', async () => {
		expect(await ask(chair.socket, 'slot.command', { slotId, command: 'close_scoring' })).toMatchObject({ ok: true });
		for (const v of [audience, presenterAceh, presenterSumut]) await v.sync();
		const secrets = [0, 1, 2].flatMap(leaksOf);
		for (const [name, v] of [
			['audience', audience],
			['presenter Aceh', presenterAceh],
			['presenter Sumut', presenterSumut]
		] as const) {
			expectNoneIn(v.seen, [...secrets, MEAN_PREFIX, '"mine"', '"jurors"', ...jurors.map((j) => j.userId)], name);
			// The slot's progress is public (on stage, scoring); its numbers are not.
			expect(v.seen.length).toBeGreaterThan(5);
		}
		for (const s of audience.seen) expect(scoredBoards(s.data as AudienceView)).toEqual([]);
		for (const s of [...presenterAceh.seen, ...presenterSumut.seen]) expect((s.data as PresenterView).result).toBeNull();
	});
});

describe('after certification and publication', () => {
	/** Final for Aceh by hand: 0.7 × 96.5 + 0.3 × 54.9333… = 67.55 + 16.48 = 84.03. */
	const ACEH_FINAL = 84.03;

	test('the audience leaderboard lists the certified slot only, with its presentation score', async () => {
		const board = nextSnapshot(audience.socket, 'audience', (s) => scoredBoards(s.data as AudienceView).length > 0);
		expect(await ask(chair.socket, 'slot.command', { slotId, command: 'certify' })).toMatchObject({ ok: true });
		const view = (await board).data as AudienceView;
		expect(scoredBoards(view)).toHaveLength(1);
		expect(scoredBoards(view)[0].entries).toEqual([
			{
				bodyId: fx.panelA.slots[0].bodyId,
				bodyName: 'Pemerintah Provinsi Aceh',
				bodyShortName: 'Aceh',
				rank: 1,
				tie: null,
				presentationScore: expect.closeTo((53.6 + 59.7 + 51.5) / 3, 10),
				finalScore: ACEH_FINAL,
				band: 'Menuju Informatif'
			}
		]);
		expect(view.results.kind).toBe('provisional');
	});

	test('presenters see result null until the secretariat publishes, then only their own body', async () => {
		expect(((await presenterAceh.sync()).data as PresenterView).result).toBeNull();
		expect(((await presenterSumut.sync()).data as PresenterView).result).toBeNull();

		const priors = await app.db.selectFrom('bodies').select(['id', 'prior_score']).execute();
		// Non-presenters keep their SAQ score as final ('prior_only'); competition rank = 1 + bodies strictly above.
		const rankOf = (final: number, bodyId: string) =>
			1 + priors.filter((b) => b.id !== bodyId && (b.id === fx.panelA.slots[0].bodyId ? ACEH_FINAL : b.prior_score) > final).length;
		const acehPush = nextSnapshot(presenterAceh.socket, 'presenter', (s) => (s.data as PresenterView).result !== null);
		// Sumut has not presented: version 1 ranks it by its SAQ alone, which its page never shows.
		const sumutWaits = nextSnapshot(
			presenterSumut.socket,
			'presenter',
			(s) => (s.data as PresenterView).resultPending === 'after_presentation'
		);

		const admin = await app.signInAdmin();
		await publishResults(app.ctx, admin.user, {
			evaluationId: fx.evaluationId,
			reason: 'Day 1 results',
			decreeNumber: '1/KEP/KIP/XI/2023',
			decreeDate: '2023-11-30'
		});

		const aceh = (await acehPush).data as PresenterView;
		expect(aceh.body.id).toBe(fx.panelA.slots[0].bodyId);
		const label = { version: 1, decreeNumber: '1/KEP/KIP/XI/2023', decreeDate: '2023-11-30', publishedAt: expect.any(Number) };
		expect(aceh.result).toEqual({
			...label,
			tie: null,
			finalScore: ACEH_FINAL,
			band: 'Menuju Informatif',
			rankInCategory: rankOf(ACEH_FINAL, fx.panelA.slots[0].bodyId),
			categorySize: priors.length,
			presentationScore: expect.closeTo((53.6 + 59.7 + 51.5) / 3, 10)
		});
		expect(((await sumutWaits).data as PresenterView).result).toBeNull();
		// Marked a no-show, Sumut is ranked by the non-presenter rule for good: its page shows that line.
		const sumutPush = nextSnapshot(presenterSumut.socket, 'presenter', (s) => (s.data as PresenterView).result !== null);
		await app.drive(fx.panelB.slots[0].id, 'mark_no_show');
		const sumut = (await sumutPush).data as PresenterView;
		expect(sumut.body.id).toBe(fx.panelB.slots[0].bodyId);
		expect(sumut.resultPending).toBeNull();
		expect(sumut.result).toEqual({
			...label,
			tie: null,
			finalScore: 84.6,
			band: 'Menuju Informatif',
			rankInCategory: rankOf(84.6, fx.panelB.slots[0].bodyId),
			categorySize: priors.length,
			presentationScore: null
		});

		// Neither presenter is ever sent another body's id (hence no other body's result either).
		const others = (own: string) => priors.filter((b) => b.id !== own).map((b) => b.id);
		presenterAceh.seen.push(await presenterAceh.sync());
		presenterSumut.seen.push(await presenterSumut.sync());
		expectNoneIn(presenterAceh.seen, others(fx.panelA.slots[0].bodyId), 'presenter Aceh');
		expectNoneIn(presenterSumut.seen, others(fx.panelB.slots[0].bodyId), 'presenter Sumut');
	});

	test('after publication the audience sees the published version, every body of it, labelled with its number', async () => {
		const view = (await audience.sync()).data as AudienceView;
		expect(view.results).toMatchObject({ kind: 'published', version: 1 });
		const bodies = await app.db.selectFrom('bodies').select('id').execute();
		expect(
			scoredBoards(view)
				.flatMap((b) => b.entries.map((e) => e.bodyId))
				.sort()
		).toEqual(bodies.map((b) => b.id).sort());
	});
});
