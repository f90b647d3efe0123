/**
 * Which existing category a name from an imported file means. Files name categories as people
 * write them: "Lembaga Non Struktural", "Lembaga Non Struktural (LNS)", "LNS", "lns ", "Perguruan
 * Tinggi Negeri (PTN)" or "PTN". They all mean the one category; a name that means none of them, or
 * more than one, is for the secretariat to map, never a new category made silently. Pure.
 */

export interface CategoryRef {
	id: string;
	name: string;
}

export type CategoryMatch =
	| { kind: 'matched'; category: CategoryRef }
	/** Several categories answer to the name (e.g. "PP": Pemerintah Provinsi and Partai Politik). */
	| { kind: 'ambiguous'; candidates: CategoryRef[] }
	| { kind: 'unknown' };

interface NameKeys {
	/** The name without a trailing "(abbreviation)": "lembaga non struktural". */
	base: string;
	/** The abbreviation in parentheses, or the whole name when it is one word: "lns". */
	abbreviation: string | null;
	/** First letters of a name of two words or more: "lns" for "Lembaga Non Struktural". */
	initials: string | null;
}

/**
 * A category name compared without case, accents' forms, repeated blanks, hyphens or dots:
 * "Lembaga  Non-Struktural" = "lembaga non struktural", "P.T.N." = "ptn".
 *
 * @example categoryKey(' Perguruan  Tinggi-Negeri ') // 'perguruan tinggi negeri'
 */
export function categoryKey(name: string): string {
	return name.normalize('NFKC').toLowerCase().replace(/\./g, '').replace(/[-_/]/g, ' ').replace(/\s+/g, ' ').trim();
}

function keysOf(name: string): NameKeys {
	const key = categoryKey(name);
	const parenthesised = /^(.*?)\s*\(([^()]+)\)$/.exec(key);
	const base = parenthesised && parenthesised[1] !== '' ? parenthesised[1] : key;
	const words = base.split(' ').filter(Boolean);
	const abbreviation = parenthesised ? parenthesised[2].replace(/\s+/g, '') : words.length === 1 ? base : null;
	return { base, abbreviation, initials: words.length >= 2 ? words.map((w) => w[0]).join('') : null };
}

/**
 * The tests in order of trust: the same name (with or without its abbreviation), then the same
 * abbreviation, then an abbreviation that is the other name's initials. The first test that
 * finds any category decides; two or more there make the name ambiguous.
 */
const TESTS: ((value: NameKeys, category: NameKeys) => boolean)[] = [
	(v, c) => v.base === c.base,
	(v, c) => v.abbreviation !== null && v.abbreviation === c.abbreviation,
	(v, c) => (v.abbreviation !== null && v.abbreviation === c.initials) || (c.abbreviation !== null && c.abbreviation === v.initials)
];

/**
 * The existing category a file's category name means: matched, ambiguous (with the candidates), or
 * unknown.
 *
 * @example matchCategory('LNS', [{ id: 'c3', name: 'Lembaga Non Struktural (LNS)' }]) // { kind: 'matched', category: { id: 'c3', … } }
 * @example matchCategory('PP', [{ id: 'a', name: 'Pemerintah Provinsi' }, { id: 'b', name: 'Partai Politik' }]).kind // 'ambiguous'
 */
export function matchCategory(name: string, categories: readonly CategoryRef[]): CategoryMatch {
	const value = keysOf(name);
	if (value.base === '') return { kind: 'unknown' };
	const keyed = categories.map((category) => ({ category, keys: keysOf(category.name) }));
	for (const test of TESTS) {
		const found = keyed.filter((c) => test(value, c.keys)).map((c) => c.category);
		if (found.length === 1) return { kind: 'matched', category: found[0] };
		if (found.length > 1) return { kind: 'ambiguous', candidates: found };
	}
	return { kind: 'unknown' };
}
