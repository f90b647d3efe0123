/**
 * A juror's private notes: sent with the sheet over the socket, shown back on their own tablet,
 * never in the chair's console, an audience or presenter payload, the results or the audit log's
 * words; readable by the chair once the slot is certified and by the secretariat, and printed on
 * the juror's score sheet.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { slotSheetsFile } from '$lib/server/documents/score-sheets';
import { slotNotes } from '$lib/server/services/juror-notes';
import { computeEvaluationResults } from '$lib/server/services/results';
import { ServiceError } from '$lib/server/services/errors';
import type { JurorView, ScoreReceipt, Snapshot } from '$lib/shared/contracts';
import { load as notesPage } from '../../../src/routes/panel/notes/[slotId]/+page.server';
import { readPdf } from '../../support/pdf-text';
import { ask, flatSheet, newSubmissionId, record, startTestApp, type Fixture, type TestApp } from '../harness';
import { synced } from './support';

let app: TestApp;
let fx: Fixture;

const NOTE_K1 = 'Komitmen kuat, SK PPID terbaru 2023';
const SECRET = 'SK PPID terbaru';
const NOTE_OVERALL = 'Presentasi rapi; cek ulang data layanan';

const reasonOf = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'accepted';
	} catch (e) {
		return e instanceof ServiceError ? e.refusal.reason : String(e);
	}
};

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
});
afterAll(() => app.close());

describe('private notes', () => {
	test('travel with the sheet, come back on the tablet, and reach no one else until certification', async () => {
		const slot = fx.panelA.slots[0];
		const juror = await app.signIn('juror', 0);
		const chairLogin = await app.signIn('chair', 0);
		const tablet = await synced(app, juror.token, 'juror');
		const chair = await synced(app, chairLogin.token, 'panel');
		const audience = await synced(app, undefined, 'audience', fx.evaluationId);
		const seen = [...record(chair), ...record(audience)];
		const chairSeen = record(chair);
		const audienceSeen = record(audience);
		await app.drive(slot.id, 'start_presentation', 'open_scoring');

		const sent = await ask<ScoreReceipt>(tablet, 'score.submit', {
			slotId: slot.id,
			submissionId: newSubmissionId(),
			scores: flatSheet(80),
			notes: { criteria: { K1: `  ${NOTE_K1}  `, K2: '   ' }, overall: NOTE_OVERALL }
		});
		expect(sent.ok).toBe(true);
		const mine = await ask<Snapshot>(tablet, 'sync', { view: 'juror' });
		// Trimmed, empty notes dropped.
		expect(mine.ok && (mine.data.data as JurorView).mine?.notes).toEqual({ criteria: { K1: NOTE_K1 }, overall: NOTE_OVERALL });

		// The chair's console before certification, and the notes page, hold none of it.
		const console = await ask<Snapshot>(chair, 'sync', { view: 'panel' });
		expect(JSON.stringify(console)).not.toContain(SECRET);
		expect(await reasonOf(slotNotes(app.ctx, chairLogin.user, { slotId: slot.id }))).toBe('notes_after_certification');
		// Another panel's chair never reads them.
		expect(await reasonOf(slotNotes(app.ctx, (await app.signIn('chair', 1)).user, { slotId: slot.id }))).toBe('chair_or_secretariat_only');
		expect(await reasonOf(slotNotes(app.ctx, juror.user, { slotId: slot.id }))).toBe('chair_or_secretariat_only');

		// The secretariat reads them at any time.
		const admin = await app.signInAdmin();
		const forSecretariat = await slotNotes(app.ctx, admin.user, { slotId: slot.id });
		expect(forSecretariat.jurors.find((j) => j.id === juror.user.id)?.notes).toEqual({ criteria: { K1: NOTE_K1 }, overall: NOTE_OVERALL });

		for (const other of [1, 2]) {
			const t = await synced(app, (await app.signIn('juror', other)).token, 'juror');
			expect((await ask(t, 'score.submit', { slotId: slot.id, submissionId: newSubmissionId(), scores: flatSheet(78) })).ok).toBe(true);
			t.disconnect();
		}
		await app.drive(slot.id, 'close_scoring', 'certify');

		const forChair = await slotNotes(app.ctx, chairLogin.user, { slotId: slot.id });
		expect(forChair.certified).toBe(true);
		expect(forChair.jurors.map((j) => j.notes)).toEqual([{ criteria: { K1: NOTE_K1 }, overall: NOTE_OVERALL }, null, null]);

		// Nothing pushed to the chair or the audience, no result and no audit row carries the words.
		expect(chairSeen.length + audienceSeen.length).toBeGreaterThan(0);
		expect(JSON.stringify(seen)).not.toContain(SECRET);
		expect(JSON.stringify(await computeEvaluationResults(app.db, fx.evaluationId, 'all'))).not.toContain(SECRET);
		const audit = await app.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'score.submit').execute();
		expect(JSON.stringify(audit)).not.toContain(SECRET);
		const stored = await app.db
			.selectFrom('score_submissions')
			.select('notes')
			.where('juror_id', '=', juror.user.id)
			.executeTakeFirstOrThrow();
		// The log keeps the digest of what was stored, so the notes can be proved unchanged.
		expect(audit.some((a) => JSON.parse(a.after!).notesSha256 === createHash('sha256').update(stored.notes!).digest('hex'))).toBe(true);

		// The juror's own score sheet prints them; the others' pages do not.
		const { pages } = await readPdf((await slotSheetsFile(app.ctx, admin.user, { evaluationId: fx.evaluationId, slotId: slot.id })).bytes);
		const pageText = pages.map((p) => p.flat().join(' '));
		expect(pageText[0]).toContain(NOTE_K1);
		expect(pageText[0]).toContain(NOTE_OVERALL);
		expect(pageText.slice(1).join(' ')).not.toContain(SECRET);
		for (const s of [tablet, chair, audience]) s.disconnect();
	});

	test('bad notes are refused with a reason and change nothing', async () => {
		const slot = fx.panelA.slots[1];
		await app.drive(slot.id, 'start_presentation', 'open_scoring');
		const tablet = await synced(app, (await app.signIn('juror', 0)).token, 'juror');
		const before = await app.state();
		const submit = (notes: unknown) =>
			ask(tablet, 'score.submit', { slotId: slot.id, submissionId: newSubmissionId(), scores: flatSheet(70), notes });
		const unknown = await submit({ criteria: { K9: 'nope' } });
		expect(!unknown.ok && unknown.error.reason).toBe('notes_invalid');
		const tooLong = await submit({ criteria: { K1: 'a'.repeat(500), K2: 'b'.repeat(500), K3: 'c'.repeat(500) }, overall: 'd' });
		expect(!tooLong.ok && [tooLong.error.reason, tooLong.error.params]).toEqual(['notes_invalid', { issue: 'too_long' }]);
		const oneTooLong = await submit({ overall: 'x'.repeat(501) });
		expect(!oneTooLong.ok && oneTooLong.error.code).toBe('invalid_input');
		const proto = await submit(JSON.parse('{"criteria":{"K1":"a","__proto__":"b"}}'));
		expect(!proto.ok && proto.error.code).toBe('invalid_input');
		expect(await app.state()).toEqual(before);
		// The largest notes allowed, in the widest characters per unit of length (3 bytes in UTF-8), still fit
		// in one socket message beside the scores.
		const widest = await submit({ criteria: { K1: '中'.repeat(500), K2: '中'.repeat(500) }, overall: '中'.repeat(500) });
		expect(widest.ok).toBe(true);
		tablet.disconnect();
	});
});

describe('the notes page', () => {
	const open = (user: unknown, slotId: string) =>
		Promise.resolve(notesPage({ locals: { user, session: null, ctx: app.ctx }, params: { slotId } } as never)).then(
			(data) => ({ status: 200, data }),
			(e: { status: number; body: { reason?: string } }) => ({ status: e.status, reason: e.body?.reason })
		);

	test('answers the chair after certification, refuses before with a reason, and keeps other roles out', async () => {
		const chair = (await app.signIn('chair', 0)).user;
		const certified = fx.panelA.slots[0].id;
		const open2 = fx.panelA.slots[1].id;
		expect(await open(chair, certified)).toMatchObject({ status: 200, data: { console: '/panel', notes: { slotId: certified } } });
		expect(await open(chair, open2)).toEqual({ status: 400, reason: 'notes_after_certification' });
		expect(await open((await app.signIn('juror', 0)).user, certified)).toMatchObject({ status: 403 });
		expect(await open((await app.signInAdmin()).user, open2)).toMatchObject({
			status: 200,
			data: { console: `/panel?panel=${fx.panelA.id}` }
		});
	});
});
