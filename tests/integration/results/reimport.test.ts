/**
 * Re-importing bodies once results depend on them (issue 8, item 3): after the settings locked
 * or a version was published, a re-import needs a reason, and each changed prior score becomes a
 * correction (source 'import') on the corrections list and in the draft's changes, never a silent
 * overwrite. Before that, a re-import simply updates the bodies. Editing a body's prior score by
 * hand is refused then too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLE_MAPPING } from '$lib/domain/setup/body-import';
import { updateBody } from '$lib/server/services/bodies';
import { checkBodyImport, importBodies, type ImportFile } from '$lib/server/services/body-import';
import { correctionsPage } from '$lib/server/services/results/corrections';
import { publishResults } from '$lib/server/services/results/publish';
import { resultsHub } from '$lib/server/services/results/versions';
import { expectRefused, resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
beforeAll(async () => {
	s = await resultsSession();
});
afterAll(() => s.close());

const csv = (rows: string[]): ImportFile => ({
	name: 'saq-rilis-2.csv',
	bytes: new TextEncoder().encode(['category,name,short_name,saq_score_demo', ...rows].join('\n'))
});
const banten = (score: string) => `Pemerintah Provinsi,Pemerintah Provinsi Banten,Banten,${score}`;
const importFile = (file: ImportFile, amendment: Record<string, unknown> = {}) =>
	importBodies(s.app.ctx, s.admin, s.fx.evaluationId, file, SAMPLE_MAPPING, undefined, amendment);
const bantenRow = () => s.app.db.selectFrom('bodies').selectAll().where('id', '=', s.id('Banten')).executeTakeFirstOrThrow();

describe('before results depend on the bodies', () => {
	test('a re-import updates the score itself, with no reason asked', async () => {
		const check = await checkBodyImport(s.app.ctx, s.admin, s.fx.evaluationId, csv([banten('84.00')]), SAMPLE_MAPPING);
		expect(check).toMatchObject({ ok: true, updated: 1, needsReason: false });
		expect(await importFile(csv([banten('84.00')]))).toMatchObject({ updated: 1, amendments: 0 });
		expect(await bantenRow()).toMatchObject({ prior_score: 84 });
		expect(await s.app.db.selectFrom('score_amendments').selectAll().execute()).toEqual([]);
	});
});

describe('after a version was published', () => {
	beforeAll(async () => {
		await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
		await publishResults(s.app.ctx, s.admin, {
			evaluationId: s.fx.evaluationId,
			reason: 'Hasil resmi',
			decreeNumber: '1/KEP/KIP/XII/2023',
			decreeDate: '2023-12-19'
		});
	});

	test('the check says a reason is needed, and the import is refused without one, changing nothing', async () => {
		const check = await checkBodyImport(s.app.ctx, s.admin, s.fx.evaluationId, csv([banten('95.80')]), SAMPLE_MAPPING);
		expect(check).toMatchObject({ ok: true, updated: 1, needsReason: true });
		await expectRefused(s, () => importFile(csv([banten('95.80')])), 'reason', 'required');
		await expectRefused(s, () => importFile(csv([banten('95.80')]), { reason: '   ' }), 'reason', 'required');
	});

	test('a changed score becomes a correction from the import, on the list and in the draft; the body keeps its imported score', async () => {
		const summary = await importFile(csv([banten('95.80'), 'Pemerintah Provinsi,Pemerintah Provinsi Banten Baru,Banten Baru,70']), {
			reason: 'SAQ verified, second release',
			decreeReference: 'Surat KI 12/2023'
		});
		expect(summary).toMatchObject({ created: 1, updated: 1, amendments: 1 });
		expect(await bantenRow()).toMatchObject({ prior_score: 84 });
		const { corrections, changes } = await correctionsPage(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(corrections).toEqual([
			expect.objectContaining({
				source: 'import',
				kind: 'prior_score',
				bodyId: s.id('Banten'),
				was: 84,
				value: 95.8,
				reason: 'SAQ verified, second release',
				decreeReference: 'Surat KI 12/2023'
			})
		]);
		expect(changes.pending).toBe(true);
		expect(changes.comparison!.moves.find((m) => m.bodyId === s.id('Banten'))).toMatchObject({ scoreMove: 11.8 });
		// The new body is in the draft, not in version 1.
		expect(changes.comparison!.moves.find((m) => m.after?.finalScore === 70 && m.before === null)).toBeTruthy();
		const audit = await s.app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
		const after = JSON.parse(audit.after!);
		expect(audit.action).toBe('body.import');
		expect(after).toMatchObject({
			reason: 'SAQ verified, second release',
			amendments: [expect.objectContaining({ source: 'import', value: 95.8 })]
		});
	});

	test('the same file again changes nothing: the corrected score is what the body has', async () => {
		const check = await checkBodyImport(s.app.ctx, s.admin, s.fx.evaluationId, csv([banten('95.80')]), SAMPLE_MAPPING);
		expect(check).toMatchObject({ ok: true, updated: 0, unchanged: 1 });
	});

	test("a body's prior score can no longer be edited by hand, next to the field", async () => {
		const body = await bantenRow();
		await expectRefused(
			s,
			() =>
				updateBody(s.app.ctx, s.admin, body.id, {
					name: body.name,
					shortName: body.short_name,
					categoryId: body.category_id,
					priorScore: 99
				}),
			'priorScore',
			'prior_score_locked'
		);
		// Its name still can be.
		await updateBody(s.app.ctx, s.admin, body.id, {
			name: 'Provinsi Banten',
			shortName: body.short_name,
			categoryId: body.category_id,
			priorScore: 84
		});
		expect(
			(await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId })).view.national.find((r) => r.bodyId === body.id)
		).toMatchObject({
			name: 'Provinsi Banten',
			priorScore: 95.8
		});
	});
});
