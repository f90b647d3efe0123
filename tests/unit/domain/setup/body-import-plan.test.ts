import { describe, expect, test } from 'vitest';
import {
	NEW_CATEGORY,
	planBodyImport,
	SAMPLE_MAPPING,
	suggestMapping,
	type ExistingBody,
	type ImportedBody
} from '$lib/domain/setup/body-import';
import { MONEV_KIP_CATEGORIES } from '$lib/domain/setup/evaluation-settings';

describe('suggesting a column mapping', () => {
	test('the sample layout is pre-selected when its headers are there, extra columns or not', () => {
		expect(suggestMapping(['category', 'name', 'short_name', 'saq_score_demo', 'published_final_2023'])).toEqual(SAMPLE_MAPPING);
	});

	test('other layouts are guessed by common Indonesian and English names, ignoring case and underscores', () => {
		expect(suggestMapping(['No', 'KATEGORI', 'Nama_Badan_Publik', 'Singkatan', 'Nilai SAQ', 'Kode'])).toEqual({
			category: 'KATEGORI',
			name: 'Nama_Badan_Publik',
			shortName: 'Singkatan',
			priorScore: 'Nilai SAQ',
			key: 'Kode'
		});
	});

	test('fields with no matching header are left for the form to ask', () => {
		expect(suggestMapping(['Instansi', 'Skor'])).toEqual({ priorScore: 'Skor' });
	});
});

const imported = (name: string, priorScore: number, category = 'Pemerintah Provinsi'): ImportedBody => ({
	line: 2,
	key: name.toLowerCase(),
	category,
	name,
	shortName: name,
	priorScore,
	invited: priorScore >= 60
});
/** Categories as an evaluation has them: id and name. */
const categories = (...names: string[]) => names.map((name) => ({ id: `cat-${name}`, name }));
const existing = (name: string, priorScore: number, categoryName = 'Pemerintah Provinsi'): ExistingBody => ({
	id: `id-${name}`,
	key: name.toLowerCase(),
	categoryId: `cat-${categoryName}`,
	categoryName,
	name,
	shortName: name,
	priorScore
});

describe('planning an import', () => {
	test('known keys update only what differs, new keys create, identical rows are unchanged', () => {
		const plan = planBodyImport([existing('Aceh', 96.5), existing('Bali', 80), existing('Riau', 70)], categories('Pemerintah Provinsi'), [
			imported('Aceh', 96.5),
			imported('Bali', 55),
			imported('Jambi', 61)
		]);
		expect(plan.create.map((b) => b.name)).toEqual(['Jambi']);
		expect(plan.update.map((u) => u.change)).toEqual([
			{ id: 'id-Bali', key: 'bali', before: { priorScore: 80 }, after: { priorScore: 55 } }
		]);
		expect(plan.unchanged).toBe(1);
		expect(plan.invited).toBe(2);
		expect(plan.newCategories).toEqual([]);
	});

	const rows = [
		imported('Aceh', 96.5, 'PEMERINTAH  provinsi'),
		imported('UI', 88, 'Perguruan Tinggi Negeri'),
		imported('UGM', 90, 'perguruan tinggi negeri')
	];

	test('an unknown category is never created silently: it waits for a mapping, listed once as first spelt', () => {
		const plan = planBodyImport([existing('Aceh', 96.5)], categories('Pemerintah Provinsi'), rows);
		expect(plan.unmatched).toEqual([{ key: 'perguruan tinggi negeri', name: 'Perguruan Tinggi Negeri', rows: 2, candidates: [] }]);
		expect(plan.newCategories).toEqual([]);
		expect(plan.create).toEqual([]);
		expect(plan.unchanged).toBe(1);
	});

	test('mapped, it is created (once) or goes to the category chosen', () => {
		const created = planBodyImport([existing('Aceh', 96.5)], categories('Pemerintah Provinsi'), rows, {
			'perguruan tinggi negeri': NEW_CATEGORY
		});
		expect(created).toMatchObject({ unmatched: [], newCategories: ['Perguruan Tinggi Negeri'], unchanged: 1 });
		expect(created.create.map((b) => [b.name, b.target])).toEqual([
			['UI', { kind: 'new', name: 'Perguruan Tinggi Negeri' }],
			['UGM', { kind: 'new', name: 'Perguruan Tinggi Negeri' }]
		]);
		const chosen = planBodyImport([], categories('Pemerintah Provinsi', 'Universitas'), rows, {
			'perguruan tinggi negeri': 'cat-Universitas'
		});
		expect(chosen).toMatchObject({ unmatched: [], newCategories: [] });
		expect(chosen.create.map((b) => b.target)).toContainEqual({
			kind: 'existing',
			category: { id: 'cat-Universitas', name: 'Universitas' }
		});
	});

	test('a mapping to a category the evaluation does not have leaves the name unmatched', () => {
		const plan = planBodyImport([], categories('Pemerintah Provinsi'), rows, { 'perguruan tinggi negeri': 'cat-elsewhere' });
		expect(plan.unmatched.map((u) => u.name)).toEqual(['Perguruan Tinggi Negeri']);
	});

	test('the seven Monev KIP categories are found by full name or abbreviation; other spellings are reported', () => {
		const kip = MONEV_KIP_CATEGORIES.map((name, i) => ({ id: `k${i}`, name }));
		const plan = planBodyImport([], kip, [
			imported('A', 70, 'Lembaga Non Struktural'),
			imported('B', 70, 'LNS'),
			imported('C', 70, 'Lembaga Non Struktural (LNS)'),
			imported('D', 70, 'PTN'),
			imported('E', 70, 'Perguruan Tinggi Negeri (PTN)'),
			imported('F', 70, 'partai politik')
		]);
		expect(plan.unmatched).toEqual([]);
		expect(plan.create.map((b) => (b.target.kind === 'existing' ? b.target.category.name : null))).toEqual([
			'Lembaga Non Struktural (LNS)',
			'Lembaga Non Struktural (LNS)',
			'Lembaga Non Struktural (LNS)',
			'Perguruan Tinggi Negeri (PTN)',
			'Perguruan Tinggi Negeri (PTN)',
			'Partai Politik'
		]);
		expect(plan.respelt.map((r) => r.name)).toEqual(['Lembaga Non Struktural', 'LNS', 'PTN', 'partai politik']);
	});

	test('an ambiguous name asks, with its candidates', () => {
		const plan = planBodyImport([], categories('Pemerintah Provinsi', 'Partai Politik'), [imported('X', 70, 'PP')]);
		expect(plan.unmatched).toEqual([
			{
				key: 'pp',
				name: 'PP',
				rows: 1,
				candidates: [
					{ id: 'cat-Pemerintah Provinsi', name: 'Pemerintah Provinsi' },
					{ id: 'cat-Partai Politik', name: 'Partai Politik' }
				]
			}
		]);
	});

	test('a body moved to another category is an update', () => {
		const plan = planBodyImport([existing('X', 70, 'Kementerian')], categories('Kementerian', 'Lembaga'), [imported('X', 70, 'Lembaga')]);
		expect(plan.update[0].change).toMatchObject({ before: { category: 'Kementerian' }, after: { category: 'Lembaga' } });
		const same = planBodyImport([existing('X', 70, 'Kementerian')], categories('Kementerian'), [imported('X', 70, 'KEMENTERIAN')]);
		expect(same.unchanged).toBe(1);
	});
});
