/**
 * Words that give away the other language: distinctive English words on an Indonesian page, and
 * Indonesian words on an English one. Short, common words that both languages share, names
 * (bodies, rooms, people) and codes stay out of the lists, so a hit means untranslated text.
 */
export const ENGLISH_WORDS = [
	'the',
	'and',
	'you',
	'your',
	'not',
	'only',
	'with',
	'this',
	'cannot',
	'again',
	'found',
	'sign',
	'submitted',
	'scoring',
	'score',
	'sheets',
	'quorum is',
	'juror',
	'jurors',
	'reopen',
	'certify',
	'wrong',
	'forbidden',
	'invalid',
	'error',
	'try',
	'please',
	'page'
];

export const INDONESIAN_WORDS = [
	'dan',
	'yang',
	'tidak',
	'anda',
	'belum',
	'sudah',
	'untuk',
	'dengan',
	'nilai',
	'penilaian',
	'sahkan',
	'kembali',
	'halaman',
	'masuk',
	'coba',
	'lagi',
	'ketua',
	'hanya',
	'sesi'
];

/** The words of `list` found in `text` as whole words, case-insensitive. */
export function wordsOf(list: readonly string[], text: string): string[] {
	return list.filter((w) => new RegExp(`(^|[^\\p{L}])${w.replace(/ /g, '\\s+')}(?=$|[^\\p{L}])`, 'iu').test(text));
}
