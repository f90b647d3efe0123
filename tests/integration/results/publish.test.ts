/**
 * Publishing with a decree (issue 8): a version needs a reason, the decree (SK) number and its
 * date; a refusal names the field and changes nothing; the version stores the decree, the names
 * it was published with and the head of its own audit row; nothing unchanged is published twice.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { correctResults } from '$lib/server/services/results/corrections';
import { publishResults } from '$lib/server/services/results/publish';
import { resultsHub } from '$lib/server/services/results/versions';
import { expectRefused, resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
beforeAll(async () => {
	s = await resultsSession();
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
});
afterAll(() => s.close());

const publication = (over: Record<string, unknown> = {}) => ({
	evaluationId: s.fx.evaluationId,
	reason: 'Hasil resmi tahap presentasi',
	decreeNumber: '1/KEP/KIP/XII/2023',
	decreeDate: '2023-12-19',
	...over
});

describe('a publication is refused, changing nothing', () => {
	test('without a reason, a decree number or a real decree date', async () => {
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ reason: '  ' })), 'reason', 'reason_short');
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ decreeNumber: '' })), 'decreeNumber', 'required');
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ decreeNumber: undefined })), 'decreeNumber', 'required');
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ reason: undefined })), 'reason', 'reason_short');
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ decreeDate: undefined })), 'decreeDate', 'required');
		await expectRefused(s, () => publishResults(s.app.ctx, s.admin, publication({ decreeDate: '' })), 'decreeDate', 'required');
		await expectRefused(
			s,
			() => publishResults(s.app.ctx, s.admin, publication({ decreeDate: '2023-11-31' })),
			'decreeDate',
			'invalid_date'
		);
		await expectRefused(
			s,
			() => publishResults(s.app.ctx, s.admin, publication({ decreeDate: '19/12/2023' })),
			'decreeDate',
			'invalid_date'
		);
	});

	test('for anyone but the secretariat', async () => {
		const before = await s.tables();
		await expect(publishResults(s.app.ctx, s.jurors[0], publication())).rejects.toMatchObject({ code: 'forbidden' });
		expect(await s.tables()).toEqual(before);
	});
});

describe('version 1', () => {
	test('stores the decree, the names and the head of its own audit row', async () => {
		const { view } = await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		const published = await publishResults(s.app.ctx, s.admin, publication({ draftHash: view.hash }));
		expect(published).toMatchObject({ version: 1, hash: view.hash, changes: [] });
		const row = await s.app.db.selectFrom('result_versions').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			version: 1,
			reason: 'Hasil resmi tahap presentasi',
			decree_number: '1/KEP/KIP/XII/2023',
			decree_date: '2023-12-19',
			created_by: s.admin.id,
			audit_seq: published.auditHead.seq,
			audit_hash: published.auditHead.hash
		});
		const labels = JSON.parse(row.labels!);
		expect(labels.priorLabel).toBe('SAQ');
		expect(labels.bodies[s.id('Aceh')]).toEqual({ name: 'Pemerintah Provinsi Aceh', shortName: 'Aceh' });
		const audit = await s.app.db.selectFrom('audit_log').selectAll().where('seq', '=', published.auditHead.seq).executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ action: 'results.publish', entity_id: '1', actor_id: s.admin.id });
		expect(JSON.parse(audit.after!)).toEqual({
			version: 1,
			hash: view.hash,
			reason: 'Hasil resmi tahap presentasi',
			decreeNumber: '1/KEP/KIP/XII/2023',
			decreeDate: '2023-12-19'
		});
		const evaluation = await s.app.db.selectFrom('evaluations').select('published_result_version').executeTakeFirstOrThrow();
		expect(evaluation.published_result_version).toBe(1);
	});

	test('the hub then shows it published and nothing pending', async () => {
		const { view, changes } = await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(view.source).toEqual({ kind: 'draft', lastPublished: 1 });
		expect(changes).toMatchObject({ pending: false, published: { version: 1, decreeNumber: '1/KEP/KIP/XII/2023' } });
		expect(changes.comparison?.moves).toEqual([]);
	});
});

describe('the next version', () => {
	test('is refused while nothing changed', async () => {
		await expectRefused(
			s,
			() => publishResults(s.app.ctx, s.admin, publication({ decreeNumber: '2/KEP/KIP/XII/2023' })),
			'_form',
			'nothing_to_publish'
		);
	});

	test('is refused for a decree number already used, or a draft that changed since it was reviewed', async () => {
		const reviewed = (await resultsHub(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId })).view.hash;
		await correctResults(s.app.ctx, s.admin, {
			evaluationId: s.fx.evaluationId,
			kind: 'prior_score',
			bodyId: s.id('Banten'),
			value: '95,80',
			reason: 'Calculation error in the SAQ score',
			decreeReference: 'BA verifikasi 5 Des 2023'
		});
		await expectRefused(
			s,
			() => publishResults(s.app.ctx, s.admin, publication({ decreeNumber: '1/kep/kip/xii/2023' })),
			'decreeNumber',
			'decree_used'
		);
		await expectRefused(
			s,
			() => publishResults(s.app.ctx, s.admin, publication({ decreeNumber: '2/KEP/KIP/XII/2023', draftHash: reviewed })),
			'_form',
			'draft_changed'
		);
	});

	test('is published with its own decree and says who moved', async () => {
		const v2 = await publishResults(s.app.ctx, s.admin, publication({ decreeNumber: '2/KEP/KIP/XII/2023', reason: 'Koreksi SAQ' }));
		expect(v2.version).toBe(2);
		expect(v2.changes.find((c) => c.bodyId === s.id('Banten'))).toMatchObject({
			before: { finalScore: 83.7 },
			after: { finalScore: 95.8 },
			scoreMove: 12.1,
			bandChanged: true
		});
	});
});
