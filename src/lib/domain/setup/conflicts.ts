/**
 * Suggests conflicts of interest from affiliations: a juror who works for a public body (or for
 * one of its agencies) should not score it. Pure: the service reads jurors and bodies and stores
 * the suggestions for the secretariat to review.
 *
 * Matching is deliberately conservative. Peers' tools flooded organisers with false positives by
 * matching any shared word; here a body is suggested only when ALL of its distinctive words (those
 * left after dropping words that every government body or university shares) appear in the
 * juror's affiliation, when its short name appears there as a word, or when both name the same
 * organisation. "Komisi Informasi Pusat" thus matches no "Pemerintah Provinsi …".
 */

/** Words that name a kind of organisation or a level of government, not a particular one. */
const KIND_WORDS = new Set(
	[
		// Indonesian
		'pemerintah pemprov pemkab pemkot provinsi prov kabupaten kab kota universitas univ institut politeknik sekolah tinggi',
		'negeri kementerian kementrian kemen badan dinas lembaga komisi dewan kantor balai biro bagian sekretariat direktorat',
		'jenderal jendral pusat daerah republik indonesia ri nasional umum publik informasi pt persero tbk',
		// English
		'government province provincial regency city university institute ministry agency office commission council national',
		'public information state'
	]
		.join(' ')
		.split(' ')
);

/** Words that join names and tell nothing. */
const FILLER_WORDS = new Set(['dan', 'atau', 'untuk', 'dari', 'pada', 'di', 'the', 'of', 'and', 'for']);

const isGeneric = (word: string) => KIND_WORDS.has(word) || FILLER_WORDS.has(word);

/** Short names shorter than this ("DI", "RI") are too likely to appear by chance. */
const MIN_SHORT_NAME = 3;
/** An affiliation must contribute at least this many distinctive words to match a longer body name. */
const MIN_AFFILIATION_WORDS = 2;

/**
 * Lower case, without diacritics or punctuation, blanks collapsed: "Dinas Kominfo, Prov. Aceh" →
 * "dinas kominfo prov aceh". Case folding goes through upper case so that "ß" and "SS" agree.
 */
export function normaliseAffiliation(text: string): string {
	return text
		.normalize('NFKD')
		.toUpperCase()
		.toLowerCase()
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** The words of a name that tell one organisation from another. */
export function distinctiveWords(text: string): string[] {
	const words = normaliseAffiliation(text).split(' ');
	return [...new Set(words.filter((w) => w.length > 1 && !isGeneric(w)))];
}

export interface BodyForMatching {
	id: string;
	name: string;
	shortName: string;
}

export interface JurorForMatching {
	id: string;
	affiliation: string | null;
}

export type MatchRule = 'same_name' | 'short_name' | 'body_words' | 'affiliation_words';

export interface AffiliationMatch {
	rule: MatchRule;
	/** The words the match rests on, for the reason shown to the secretariat. */
	words: string[];
}

/**
 * Whether an affiliation points at a body, and on which words.
 *
 * @example matchAffiliation('Dinas Kominfo Provinsi Aceh', { id: 'b1', name: 'Pemerintah Provinsi Aceh', shortName: 'Aceh' })
 * // → { rule: 'short_name', words: ['aceh'] }
 */
export function matchAffiliation(affiliation: string, body: Omit<BodyForMatching, 'id'>): AffiliationMatch | null {
	const normalised = normaliseAffiliation(affiliation);
	if (!normalised) return null;
	const name = normaliseAffiliation(body.name);
	if (name && normalised === name) return { rule: 'same_name', words: distinctiveWords(body.name) };

	const affiliationWords = new Set(normalised.split(' '));
	const short = normaliseAffiliation(body.shortName);
	const shortIsDistinctive = short.length >= MIN_SHORT_NAME && !isGeneric(short);
	if (shortIsDistinctive && containsPhrase(normalised, short)) return { rule: 'short_name', words: [short] };

	const bodyWords = distinctiveWords(body.name);
	if (bodyWords.length > 0 && bodyWords.every((w) => affiliationWords.has(w))) {
		// One word alone ("Kementerian Sosial" → "sosial") is too common to trust unless both also
		// name the same kind of organisation: "Fakultas Ilmu Sosial" is no ministry.
		const kindShared = name.split(' ').some((w) => KIND_WORDS.has(w) && affiliationWords.has(w));
		if (bodyWords.length > 1 || kindShared) return { rule: 'body_words', words: bodyWords };
	}

	// "Gadjah Mada" for "Universitas Gadjah Mada Yogyakarta": the affiliation is the shorter one.
	const ownWords = distinctiveWords(affiliation);
	const bodyWordSet = new Set(bodyWords);
	if (ownWords.length >= MIN_AFFILIATION_WORDS && ownWords.every((w) => bodyWordSet.has(w))) {
		return { rule: 'affiliation_words', words: ownWords };
	}
	return null;
}

/** Whole words only: "riau" is in "kepulauan riau", not in "riauan". */
function containsPhrase(haystack: string, phrase: string): boolean {
	return ` ${haystack} `.includes(` ${phrase} `);
}

export interface ConflictSuggestion {
	jurorId: string;
	bodyId: string;
	match: AffiliationMatch;
}

/**
 * Every juror–body pair whose affiliation matches. Where one juror matches two bodies and one
 * body's words contain the other's ("Kepulauan Riau" and "Riau"), only the more specific body is
 * suggested: the affiliation names that one.
 *
 * @example suggestConflicts([{ id: 'j1', affiliation: 'Universitas Gadjah Mada' }], bodies)
 */
export function suggestConflicts(jurors: readonly JurorForMatching[], bodies: readonly BodyForMatching[]): ConflictSuggestion[] {
	const suggestions: ConflictSuggestion[] = [];
	for (const juror of jurors) {
		if (!juror.affiliation) continue;
		const matches = bodies.flatMap((body) => {
			const match = matchAffiliation(juror.affiliation!, body);
			return match ? [{ body, match, words: new Set(distinctiveWords(body.name)) }] : [];
		});
		for (const candidate of matches) {
			const moreSpecific = matches.some(
				(other) =>
					other !== candidate &&
					other.words.size > candidate.words.size &&
					[...candidate.words].every((w) => other.words.has(w)) &&
					candidate.match.rule !== 'same_name'
			);
			if (!moreSpecific) suggestions.push({ jurorId: juror.id, bodyId: candidate.body.id, match: candidate.match });
		}
	}
	return suggestions;
}
