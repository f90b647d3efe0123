/**
 * Versions (issue 8, item 2): each published version opens later exactly as it was published
 * (its stored result set and names, never recomputed), after corrections, renames and settings
 * changes; the history lists every version; two versions, or a version and the draft, compare
 * by rank and score moves, bands entered and left, and the shortlist.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCategory, moveCategory, renameCategory, updateBody } from '$lib/server/services/bodies';
import { getEvaluationSettings, unlockSettings } from '$lib/server/services/evaluations';
import { confirmedRulesChange } from '../setup/settings-support';
import { correctResults } from '$lib/server/services/results/corrections';
import { publishResults } from '$lib/server/services/results/publish';
import { compareVersions, listVersions, versionResults } from '$lib/server/services/results/versions';
import { saveVisitationRule } from '$lib/server/services/visitation';
import type { ResultsView } from '$lib/shared/results';
import { expectRefused, resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
let kementerian: string;
let v1View: ResultsView;
let v1Stored: string;

const evaluationId = () => s.fx.evaluationId;
const open = (version: number | string) => versionResults(s.app.ctx, s.admin, { evaluationId: evaluationId(), version });
const row = (view: ResultsView, short: string) => view.national.find((r) => r.bodyId === s.id(short))!;
const storedSet = async (version: number) =>
	(await s.app.db.selectFrom('result_versions').select('result_set').where('version', '=', version).executeTakeFirstOrThrow()).result_set;

async function moveBody(short: string, categoryId: string, name?: string) {
	const body = await s.app.db.selectFrom('bodies').selectAll().where('id', '=', s.id(short)).executeTakeFirstOrThrow();
	await updateBody(s.app.ctx, s.admin, body.id, {
		name: name ?? body.name,
		shortName: body.short_name,
		categoryId,
		priorScore: body.prior_score
	});
}

beforeAll(async () => {
	s = await resultsSession();
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
	// A second category, first in order, with two provinces in it: views go by category order, then rank.
	kementerian = await createCategory(s.app.ctx, s.admin, evaluationId(), { name: 'Kementerian' });
	await moveCategory(s.app.ctx, s.admin, kementerian, 'up');
	await moveBody('Kepri', kementerian);
	await moveBody('Bali', kementerian);
	await saveVisitationRule(s.app.ctx, s.admin, {
		evaluationId: evaluationId(),
		topNational: 3,
		firstDay: '2023-12-04',
		lastDay: '2023-12-14',
		dailyCapacity: 2
	});
	await publishResults(s.app.ctx, s.admin, {
		evaluationId: evaluationId(),
		reason: 'Hasil resmi',
		decreeNumber: '1/KEP/KIP/XII/2023',
		decreeDate: '2023-12-19'
	});
	v1View = await open(1);
	v1Stored = await storedSet(1);
});
afterAll(() => s.close());

describe('version 1 as published', () => {
	test('is per category in category order, then rank, with the method it was computed with', () => {
		expect(v1View.source).toMatchObject({ kind: 'version', info: { version: 1, decreeNumber: '1/KEP/KIP/XII/2023' } });
		expect(v1View.categories.map((c) => c.name)).toEqual(['Kementerian', 'Pemerintah Provinsi']);
		expect(v1View.categories[0].rows.map((r) => [r.name, r.rankInCategory])).toEqual([
			['Pemerintah Provinsi Kepulauan Riau', 1],
			['Pemerintah Provinsi Bali', 2]
		]);
		const provinces = v1View.categories[1].rows;
		expect(provinces.map((r) => r.rankInCategory)).toEqual([...provinces.map((r) => r.rankInCategory)].sort((a, b) => a - b));
		expect(provinces[0]).toMatchObject({ name: 'Pemerintah Provinsi Jawa Tengah', finalScore: 95.8, categoryTie: null });
		expect(v1View.rules.tieBreak).toEqual([]);
		expect(v1View.priorLabel).toBe('SAQ');
		// Aceh presented: 70 % of 96.50 + 30 % of 85 = 93.05.
		expect(row(v1View, 'Aceh')).toMatchObject({ presentationScore: 85, finalScore: 93.05 });
	});

	test('nationally, and the shortlist its rule draws with the reasons', () => {
		expect(v1View.national.slice(0, 3).map((r) => [r.name, r.categoryName, r.nationalRank])).toEqual([
			['Pemerintah Provinsi Jawa Tengah', 'Pemerintah Provinsi', 1],
			['Pemerintah Provinsi Jawa Timur', 'Pemerintah Provinsi', 2],
			['Pemerintah Provinsi Kepulauan Riau', 'Kementerian', 3]
		]);
		expect(v1View.shortlist).toMatchObject({ ok: true, rule: { topNational: 3 } });
		if (!v1View.shortlist.ok) return;
		expect(v1View.shortlist.rows.map((r) => r.bodyId)).toEqual([s.id('Jateng'), s.id('Jatim'), s.id('Kepri')]);
		expect(v1View.shortlist.rows[2].reasons).toEqual([expect.objectContaining({ kind: 'top_national', rank: 3, limit: 3 })]);
	});
});

describe('after corrections, renames and a settings change', () => {
	beforeAll(async () => {
		await correctResults(s.app.ctx, s.admin, {
			evaluationId: evaluationId(),
			kind: 'prior_score',
			bodyId: s.id('Banten'),
			value: '95.80',
			reason: 'SAQ recount',
			decreeReference: 'BA 5/XII/2023'
		});
		await moveBody(
			'Aceh',
			(await s.app.db.selectFrom('bodies').select('category_id').where('id', '=', s.id('Aceh')).executeTakeFirstOrThrow()).category_id,
			'Provinsi Aceh'
		);
		await renameCategory(s.app.ctx, s.admin, kementerian, { name: 'Kementerian dan Lembaga' });
		await moveCategory(s.app.ctx, s.admin, kementerian, 'down');
		const { settings } = await getEvaluationSettings(s.app.ctx, s.admin, evaluationId());
		await unlockSettings(s.app.ctx, s.admin, evaluationId(), 'Tie-break chain of the second decree');
		await confirmedRulesChange(s.app.ctx, s.admin, evaluationId(), {
			...settings,
			priorStageLabel: 'SAQ 2023',
			rules: { ...settings.rules, tieBreak: [{ kind: 'presentation' }] }
		});
		await publishResults(s.app.ctx, s.admin, {
			evaluationId: evaluationId(),
			reason: 'Keputusan kedua',
			decreeNumber: '2/KEP/KIP/XII/2023',
			decreeDate: '2023-12-22'
		});
	});

	test('version 1 opens byte for byte as it was published', async () => {
		expect(await storedSet(1)).toBe(v1Stored);
		const again = await open('1');
		expect(JSON.stringify(again)).toBe(JSON.stringify(v1View));
		expect(row(again, 'Aceh').name).toBe('Pemerintah Provinsi Aceh');
		expect(row(again, 'Banten').finalScore).toBe(83.7);
	});

	test('version 2 has the new names, order, method and the tie', async () => {
		const v2 = await open(2);
		expect(v2.categories.map((c) => c.name)).toEqual(['Pemerintah Provinsi', 'Kementerian dan Lembaga']);
		expect(row(v2, 'Aceh').name).toBe('Provinsi Aceh');
		expect(v2.priorLabel).toBe('SAQ 2023');
		expect(v2.rules.tieBreak).toEqual([{ kind: 'presentation' }]);
		// Banten and Jawa Tengah share rank 1: neither presented, so the presentation tie-break cannot split them.
		for (const short of ['Banten', 'Jateng']) {
			expect(row(v2, short)).toMatchObject({
				finalScore: 95.8,
				rankInCategory: 1,
				categoryTie: { kind: 'shared', rank: 1, score: 95.8, with: 2 },
				nationalTie: { kind: 'shared', rank: 1, score: 95.8, with: 2 }
			});
		}
		expect(row(v2, 'Jatim')).toMatchObject({ rankInCategory: 3, nationalRank: 3, categoryTie: null });
		// Inside the shared rank, by name, as the method says.
		expect(v2.categories[0].rows.slice(0, 3).map((r) => r.name)).toEqual([
			'Pemerintah Provinsi Banten',
			'Pemerintah Provinsi Jawa Tengah',
			'Pemerintah Provinsi Jawa Timur'
		]);
		expect(v2.national.slice(0, 2).map((r) => r.name)).toEqual(['Pemerintah Provinsi Banten', 'Pemerintah Provinsi Jawa Tengah']);
	});

	test('the history lists every version, newest first, with its record', async () => {
		const history = await listVersions(s.app.ctx, s.admin, { evaluationId: evaluationId() });
		expect(history.map((v) => [v.version, v.decreeNumber, v.decreeDate, v.reason, v.publishedBy])).toEqual([
			[2, '2/KEP/KIP/XII/2023', '2023-12-22', 'Keputusan kedua', s.admin.name],
			[1, '1/KEP/KIP/XII/2023', '2023-12-19', 'Hasil resmi', s.admin.name]
		]);
		for (const v of history) {
			expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
			expect(v.auditHead).toEqual({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
			expect(v.publishedAt).toEqual(expect.any(Number));
		}
	});

	test('comparing them gives moves, band changes and the shortlist change', async () => {
		const comparison = await compareVersions(s.app.ctx, s.admin, { evaluationId: evaluationId(), from: '1', to: '2' });
		expect(comparison.from).toMatchObject({ kind: 'version', info: { version: 1 } });
		const banten = comparison.moves.find((m) => m.bodyId === s.id('Banten'))!;
		expect(banten).toMatchObject({
			name: 'Pemerintah Provinsi Banten',
			before: { finalScore: 83.7, band: 'Menuju Informatif' },
			after: { finalScore: 95.8, band: 'Informatif', rankInCategory: 1, nationalRank: 1 },
			scoreMove: 12.1,
			shortlist: 'entered',
			tieBefore: null,
			tieAfter: { kind: 'shared', rank: 1 }
		});
		expect(comparison.moves.find((m) => m.bodyId === s.id('Jatim'))).toMatchObject({
			scoreMove: 0,
			categoryMove: -1,
			nationalMove: -1,
			shortlist: null
		});
		expect(comparison.moves.find((m) => m.bodyId === s.id('Kepri'))).toMatchObject({
			categoryName: 'Kementerian dan Lembaga',
			categoryMove: 0,
			nationalMove: -1,
			shortlist: 'left'
		});
		expect(comparison.bands).toEqual([
			expect.objectContaining({ band: 'Informatif', entered: [s.id('Banten')], enteredNames: ['Pemerintah Provinsi Banten'], left: [] }),
			expect.objectContaining({ band: 'Menuju Informatif', entered: [], left: [s.id('Banten')] })
		]);
		expect(comparison.shortlist).toEqual({ rule: { topNational: 3 }, entered: [s.id('Banten')], left: [s.id('Kepri')] });
	});

	test('the draft compares with a version the same way; nothing moved since version 2', async () => {
		const latest = await compareVersions(s.app.ctx, s.admin, { evaluationId: evaluationId(), from: 2, to: 'draft' });
		expect(latest).toMatchObject({ to: { kind: 'draft' }, moves: [], bands: [] });
		const fromFirst = await compareVersions(s.app.ctx, s.admin, { evaluationId: evaluationId(), from: 1, to: 'draft' });
		expect(fromFirst.moves.map((m) => m.bodyId)).toContain(s.id('Banten'));
	});

	test('a version that was not published, or is not a number, is refused next to its field', async () => {
		await expectRefused(
			s,
			() => compareVersions(s.app.ctx, s.admin, { evaluationId: evaluationId(), from: '1', to: '3' }),
			'to',
			'version_not_found'
		);
		await expectRefused(
			s,
			() => compareVersions(s.app.ctx, s.admin, { evaluationId: evaluationId(), from: 'one', to: '2' }),
			'from',
			'invalid_version'
		);
		await expectRefused(s, () => open('0'), 'version', 'invalid_version');
		await expectRefused(s, () => open('9'), 'version', 'version_not_found');
		await expect(listVersions(s.app.ctx, s.jurors[0], { evaluationId: evaluationId() })).rejects.toMatchObject({ code: 'forbidden' });
	});
});
