/**
 * Why the visitation rule selected a body, in words: the visitation page and the shortlist
 * document say it the same way. Documents pass the locale they are written in; pages use the
 * reader's.
 */
import type { ShortlistReason } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { scoreText, type Locale } from './results-text';

/**
 * One phrase per reason: "Peringkat 2 di kategori (teratas 3); selisih 0,40 dari badan berikutnya".
 *
 * @example whyText({ kind: 'top_in_category', rank: 2, limit: 3, tiedAtCut: false, gapToNext: 0.4, bubble: true }, 'id')
 */
export function whyText(reason: ShortlistReason, locale?: Locale): string {
	const o = { locale: locale ?? (getLocale() as Locale) };
	if (reason.kind === 'meets_minimum') return m.visitation_why_minimum({}, o);
	const base =
		reason.kind === 'top_in_category'
			? m.visitation_why_top_category({ rank: reason.rank, limit: reason.limit }, o)
			: m.visitation_why_top_national({ rank: reason.rank, limit: reason.limit }, o);
	return reason.bubble && reason.gapToNext !== null
		? `${base}; ${m.visitation_gap({ gap: scoreText(reason.gapToNext, locale) }, o)}`
		: base;
}
