import { describe, expect, test } from 'vitest';
import { categoryKey, matchCategory } from '$lib/domain/setup/category-match';
import { MONEV_KIP_CATEGORIES } from '$lib/domain/setup/evaluation-settings';

/** The seven Monev KIP categories (domain.md), as an evaluation made from the preset has them. */
const kip = MONEV_KIP_CATEGORIES.map((name, i) => ({ id: `c${i}`, name }));
const matched = (name: string, categories = kip) => {
	const match = matchCategory(name, categories);
	return match.kind === 'matched' ? match.category.name : match.kind;
};

describe('matching a file’s category name to an existing category', () => {
	test.each([
		['Kementerian', 'Kementerian'],
		['KEMENTERIAN ', 'Kementerian'],
		['Lembaga Negara dan LPNK', 'Lembaga Negara dan LPNK'],
		['lembaga  negara dan lpnk', 'Lembaga Negara dan LPNK'],
		['Lembaga Non Struktural', 'Lembaga Non Struktural (LNS)'],
		['Lembaga Non Struktural (LNS)', 'Lembaga Non Struktural (LNS)'],
		['Lembaga Non-Struktural', 'Lembaga Non Struktural (LNS)'],
		['LNS', 'Lembaga Non Struktural (LNS)'],
		['lns', 'Lembaga Non Struktural (LNS)'],
		['(LNS)', 'Lembaga Non Struktural (LNS)'],
		['Pemerintah Provinsi', 'Pemerintah Provinsi'],
		['pemerintah provinsi', 'Pemerintah Provinsi'],
		['Badan Usaha Milik Negara', 'Badan Usaha Milik Negara (BUMN)'],
		['BUMN', 'Badan Usaha Milik Negara (BUMN)'],
		['Badan Usaha Milik Negara ( BUMN )', 'Badan Usaha Milik Negara (BUMN)'],
		['Perguruan Tinggi Negeri (PTN)', 'Perguruan Tinggi Negeri (PTN)'],
		['Perguruan Tinggi Negeri', 'Perguruan Tinggi Negeri (PTN)'],
		['PTN', 'Perguruan Tinggi Negeri (PTN)'],
		['P.T.N.', 'Perguruan Tinggi Negeri (PTN)'],
		['Partai Politik', 'Partai Politik']
	])('%j is %s', (name, category) => {
		expect(matched(name)).toBe(category);
	});

	test('an abbreviation matches a category written out in full, and the full name one written as its abbreviation', () => {
		const written = [
			{ id: 'a', name: 'Lembaga Non Struktural' },
			{ id: 'b', name: 'PTN' }
		];
		expect(matched('LNS', written)).toBe('Lembaga Non Struktural');
		expect(matched('Lembaga Non Struktural (LNS)', written)).toBe('Lembaga Non Struktural');
		expect(matched('Perguruan Tinggi Negeri (PTN)', written)).toBe('PTN');
		expect(matched('Perguruan Tinggi Negeri', written)).toBe('PTN');
	});

	test('initials that fit two categories are ambiguous, never a guess', () => {
		const match = matchCategory('PP', kip);
		expect(match).toEqual({
			kind: 'ambiguous',
			candidates: [
				{ id: 'c3', name: 'Pemerintah Provinsi' },
				{ id: 'c6', name: 'Partai Politik' }
			]
		});
	});

	test.each(['Komisi Negara', 'Pemerintah Kabupaten', 'Lembaga Non', 'LN', '', '   '])('%j means none of them: unknown', (name) => {
		expect(matchCategory(name, kip)).toEqual({ kind: 'unknown' });
	});

	test('the key ignores case, blanks, hyphens and dots', () => {
		expect(categoryKey(' Perguruan  Tinggi-Negeri ')).toBe('perguruan tinggi negeri');
		expect(categoryKey('P.T.N.')).toBe('ptn');
	});
});
