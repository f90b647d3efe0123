import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
	distinctiveWords,
	matchAffiliation,
	normaliseAffiliation,
	suggestConflicts,
	type BodyForMatching
} from '$lib/domain/setup/conflicts';

const body = (name: string, shortName = ''): BodyForMatching => ({ id: name, name, shortName });

/** The provinces of the demo plus bodies of other categories, as the secretariat would import them. */
const BODIES: BodyForMatching[] = [
	body('Pemerintah Provinsi Aceh', 'Aceh'),
	body('Pemerintah Provinsi Sumatera Utara', 'Sumut'),
	body('Pemerintah Provinsi Riau', 'Riau'),
	body('Pemerintah Provinsi Kepulauan Riau', 'Kepri'),
	body('Pemerintah Provinsi DKI Jakarta', 'DKI Jakarta'),
	body('Pemerintah Daerah DI Yogyakarta', 'DIY'),
	body('Pemerintah Provinsi Papua', 'Papua'),
	body('Pemerintah Provinsi Papua Barat', 'Papua Barat'),
	body('Kementerian Sosial', 'Kemensos'),
	body('Kementerian Pertanian', 'Kementan'),
	body('Komisi Pemilihan Umum', 'KPU'),
	body('Arsip Nasional Republik Indonesia', 'ANRI'),
	body('Pusat Pelaporan dan Analisis Transaksi Keuangan', 'PPATK'),
	body('Universitas Gadjah Mada', 'UGM'),
	body('Universitas Negeri Malang', 'UM'),
	body('Universitas Indonesia', 'UI')
];

const suggestedBodies = (affiliation: string) => suggestConflicts([{ id: 'j', affiliation }], BODIES).map((s) => s.bodyId);

describe('normalising names', () => {
	test('case, diacritics, punctuation and blanks do not count', () => {
		expect(normaliseAffiliation('  Dinas KOMINFO,  Prov. Acèh ')).toBe('dinas kominfo prov aceh');
		expect(normaliseAffiliation('Universitas Gadjah Mada (UGM)')).toBe('universitas gadjah mada ugm');
	});

	test('generic words are dropped, distinctive ones kept', () => {
		expect(distinctiveWords('Pemerintah Provinsi Aceh')).toEqual(['aceh']);
		expect(distinctiveWords('Kementerian Komunikasi dan Informatika')).toEqual(['komunikasi', 'informatika']);
		expect(distinctiveWords('The University of the Philippines')).toEqual(['philippines']);
		expect(distinctiveWords('Komisi Informasi Pusat')).toEqual([]);
	});
});

describe('obvious conflicts are suggested', () => {
	test.each([
		['Universitas Gadjah Mada', 'Universitas Gadjah Mada'],
		['universitas gadjah mada', 'Universitas Gadjah Mada'],
		['Fakultas Hukum, Universitas Gadjah Mada', 'Universitas Gadjah Mada'],
		['UGM', 'Universitas Gadjah Mada'],
		['Dinas Kominfo Provinsi Aceh', 'Pemerintah Provinsi Aceh'],
		['Biro Humas Pemprov Sumatera Utara', 'Pemerintah Provinsi Sumatera Utara'],
		['Diskominfo Sumut', 'Pemerintah Provinsi Sumatera Utara'],
		['Dinas Komunikasi Kepulauan Riau', 'Pemerintah Provinsi Kepulauan Riau'],
		['Pemerintah Provinsi Papua Barat', 'Pemerintah Provinsi Papua Barat'],
		['Universitas Indonesia', 'Universitas Indonesia'],
		['Arsip Nasional RI', 'Arsip Nasional Republik Indonesia'],
		['Biro Hukum Kementerian Sosial', 'Kementerian Sosial']
	])('%s ↔ %s', (affiliation, bodyName) => {
		expect(suggestedBodies(affiliation)).toEqual([bodyName]);
	});

	test('the shorter affiliation matches a longer body name when it names it', () => {
		expect(matchAffiliation('Gadjah Mada', body('Universitas Gadjah Mada Yogyakarta'))).toMatchObject({ rule: 'affiliation_words' });
	});

	test('the reason names the words the match rests on', () => {
		expect(matchAffiliation('Dinas Kominfo Provinsi Aceh', body('Pemerintah Provinsi Aceh', 'Aceh'))).toEqual({
			rule: 'short_name',
			words: ['aceh']
		});
		expect(matchAffiliation('Dinas Kominfo Provinsi Aceh', body('Pemerintah Provinsi Aceh'))).toEqual({
			rule: 'body_words',
			words: ['aceh']
		});
	});
});

describe('no flood of false positives', () => {
	test.each([
		'Komisi Informasi Pusat',
		'Komisi Informasi',
		'Pemerintah Provinsi',
		'Universitas',
		'Kementerian',
		'Aliansi Jurnalis Independen',
		'Indonesia Corruption Watch',
		'Fakultas Ilmu Sosial dan Ilmu Politik',
		'Pemerintah Kota Malang',
		'Badan Pusat Statistik',
		'Dinas Pertanian',
		'The Ministry of Information',
		'Riauan Consulting',
		'',
		'   ',
		'—'
	])('%j matches no body', (affiliation) => {
		expect(suggestedBodies(affiliation)).toEqual([]);
	});

	test('a juror from the Komisi Informasi Pusat matches none of a realistic list of bodies', () => {
		const many = Array.from({ length: 40 }, (_, i) => body(`Pemerintah Provinsi Wilayah${i}`, `W${i}`));
		expect(suggestConflicts([{ id: 'ki', affiliation: 'Komisi Informasi Pusat' }], [...BODIES, ...many])).toEqual([]);
	});

	test('one province is not taken for another that shares a word', () => {
		expect(suggestedBodies('Dinas Kominfo Provinsi Papua Barat')).toEqual(['Pemerintah Provinsi Papua Barat']);
		expect(suggestedBodies('Dinas Kominfo Provinsi Kepulauan Riau')).toEqual(['Pemerintah Provinsi Kepulauan Riau']);
		expect(suggestedBodies('Dinas Kominfo Provinsi Riau')).toEqual(['Pemerintah Provinsi Riau']);
	});

	test('short names of two letters are ignored (too likely by chance)', () => {
		expect(suggestedBodies('Um Consulting')).toEqual([]);
		expect(suggestedBodies('UI/UX Studio')).toEqual([]);
	});

	test('jurors without an affiliation are not matched', () => {
		expect(suggestConflicts([{ id: 'j', affiliation: null }], BODIES)).toEqual([]);
	});
});

describe('properties', () => {
	const names = fc.constantFrom(
		...BODIES.map((b) => b.name),
		'Dinas Kominfo Provinsi Aceh',
		'Komisi Informasi Pusat',
		'Fakultas Hukum UGM'
	);
	/** Latin text with Indonesian-style words, accents and punctuation. */
	const latin = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿ .,()'-]{0,40}$/);

	test('never throws, whatever the text', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, n, s) => {
				matchAffiliation(a, { name: n, shortName: s });
				suggestConflicts([{ id: 'j', affiliation: a }], [{ id: 'b', name: n, shortName: s }]);
			})
		);
	});

	/** Adds an accent to each plain vowel and flips case: what a careless or careful typist might write. */
	const vary = (text: string, upper: boolean) => {
		const accented = text.replace(/[aeiou]/gi, (v) => `${v}\u0301`);
		return upper ? accented.toUpperCase() : accented.toLowerCase();
	};

	test('case and diacritics change nothing, on either side', () => {
		fc.assert(
			fc.property(fc.oneof(names, latin), fc.oneof(names, latin), fc.boolean(), (affiliation, bodyName, upper) => {
				const plain = matchAffiliation(affiliation, { name: bodyName, shortName: '' });
				expect(matchAffiliation(vary(affiliation, upper), { name: bodyName, shortName: '' })).toEqual(plain);
				expect(matchAffiliation(affiliation, { name: vary(bodyName, !upper), shortName: '' })).toEqual(plain);
			})
		);
	});

	test('a body always matches its own name', () => {
		fc.assert(
			fc.property(fc.oneof(names, latin), (name) => {
				fc.pre(normaliseAffiliation(name) !== '');
				expect(matchAffiliation(name, { name, shortName: '' })).not.toBeNull();
			})
		);
	});
});
