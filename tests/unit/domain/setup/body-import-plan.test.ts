import { describe, expect, test } from 'vitest';
import { planBodyImport, SAMPLE_MAPPING, suggestMapping, type ExistingBody, type ImportedBody } from '$lib/domain/setup/body-import';

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
const existing = (name: string, priorScore: number, categoryName = 'Pemerintah Provinsi'): ExistingBody => ({
	id: `id-${name}`,
	key: name.toLowerCase(),
	categoryName,
	name,
	shortName: name,
	priorScore
});

describe('planning an import', () => {
	test('known keys update only what differs, new keys create, identical rows are unchanged', () => {
		const plan = planBodyImport(
			[existing('Aceh', 96.5), existing('Bali', 80), existing('Riau', 70)],
			['Pemerintah Provinsi'],
			[imported('Aceh', 96.5), imported('Bali', 55), imported('Jambi', 61)]
		);
		expect(plan.create.map((b) => b.name)).toEqual(['Jambi']);
		expect(plan.update.map((u) => u.change)).toEqual([
			{ id: 'id-Bali', key: 'bali', before: { priorScore: 80 }, after: { priorScore: 55 } }
		]);
		expect(plan.unchanged).toBe(1);
		expect(plan.invited).toBe(2);
		expect(plan.newCategories).toEqual([]);
	});

	test('categories are matched ignoring case and blanks; each new one is listed once, as first spelt', () => {
		const plan = planBodyImport(
			[existing('Aceh', 96.5)],
			['Pemerintah Provinsi'],
			[
				imported('Aceh', 96.5, 'PEMERINTAH  provinsi'),
				imported('UI', 88, 'Perguruan Tinggi Negeri'),
				imported('UGM', 90, 'perguruan tinggi negeri')
			]
		);
		expect(plan.newCategories).toEqual(['Perguruan Tinggi Negeri']);
		expect(plan.unchanged).toBe(1);
	});

	test('a body moved to another category is an update', () => {
		const plan = planBodyImport([existing('X', 70, 'Kementerian')], ['Kementerian', 'Lembaga'], [imported('X', 70, 'Lembaga')]);
		expect(plan.update[0].change).toMatchObject({ before: { category: 'Kementerian' }, after: { category: 'Lembaga' } });
	});
});
