/**
 * Results in words, the one place pages and documents turn ranks, ties and the method into text in
 * the reader's language: a tie reads as a tie ("2=", "rank 2 (shared)"), a split tie says where it
 * was and what placed the body, and every results view prints the method it was computed with.
 * Documents pass the locale they are written in (Indonesian first); pages use the reader's.
 */
import type { ScoringRules, TieBreakKey, TieNote } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export type Locale = 'id' | 'en';

const opts = (locale?: Locale) => ({ locale: locale ?? (getLocale() as Locale) });

/** A score as published: two decimals in the locale's format (98,31 in Indonesian). */
export function scoreText(score: number, locale?: Locale): string {
	const { locale: l } = opts(locale);
	return new Intl.NumberFormat(l === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(score);
}

/**
 * A rank for a table cell: "2" or, when shared, "2=" (explained once by `tieLegend`).
 *
 * @example rankCell(2, { kind: 'shared', rank: 2, score: 98.31, with: 2 }) // '2='
 */
export function rankCell(rank: number, note: TieNote | undefined, locale?: Locale): string {
	return note?.kind === 'shared' ? m.results_rank_shared_mark({ rank }, opts(locale)) : String(rank);
}

/** A rank in a sentence: "rank 2" or "rank 2 (shared)" (a body's own page, the presenter's result). */
export function rankLong(rank: number, note: TieNote | undefined, locale?: Locale): string {
	return note?.kind === 'shared' ? m.results_rank_shared_long({ rank }, opts(locale)) : m.results_rank_long({ rank }, opts(locale));
}

/** The name of a tie-break key in running text ("presentation score", "criterion K1"). */
export function tieBreakKeyText(key: TieBreakKey, locale?: Locale): string {
	if (key.kind === 'presentation') return m.results_key_presentation({}, opts(locale));
	if (key.kind === 'prior') return m.results_key_prior({}, opts(locale));
	return m.results_key_criterion({ code: key.code }, opts(locale));
}

/**
 * Why a tied body's rank is what it is, shown where the split happens:
 * "Shared rank 2 at 98.31; placed 3 by presentation score 97.70."
 */
export function tieExplanation(note: TieNote, locale?: Locale): string {
	if (note.kind === 'shared')
		return m.results_tie_shared({ rank: note.rank, count: note.with, score: scoreText(note.score, locale) }, opts(locale));
	const common = { rank: note.rank, score: scoreText(note.score, locale), place: note.place, key: tieBreakKeyText(note.by, locale) };
	return note.value === null
		? m.results_tie_split_none(common, opts(locale))
		: m.results_tie_split({ ...common, value: scoreText(note.value, locale) }, opts(locale));
}

/** The legend for the "2=" mark, printed once under a table that has one. */
export function tieLegend(locale?: Locale): string {
	return m.results_tie_legend({}, opts(locale));
}

/**
 * The method a result set was computed with, one sentence per rule: stage weights, aggregation
 * and quorum, the non-presenter rule, bands, ties, rounding. Printed with every results view and
 * document, so a reader can recompute any number.
 *
 * @example methodLines(resultSet.rules, 'SAQ', 'id') // ['Nilai akhir = 70% SAQ + 30% nilai presentasi.', …]
 */
export function methodLines(rules: ScoringRules, priorLabel: string, locale?: Locale): string[] {
	const o = opts(locale);
	const { aggregation } = rules;
	const trim = aggregation.trim.map((t) => m.results_method_trim_step({ drop: t.dropEachSide, from: t.minValid }, o)).join('; ');
	const aggregationLine =
		aggregation.method === 'mean'
			? m.results_method_mean({ quorum: aggregation.quorum }, o)
			: aggregation.method === 'median'
				? m.results_method_median({ quorum: aggregation.quorum }, o)
				: m.results_method_trimmed({ quorum: aggregation.quorum, trim }, o);
	const bands = rules.bands.map((b) => (b.min > 0 ? `${b.label} ≥ ${scoreText(b.min, locale)}` : b.label)).join(' · ');
	return [
		m.results_method_weights({ prior: rules.stageWeights.prior, presentation: rules.stageWeights.presentation, priorLabel }, o),
		aggregationLine,
		rules.nonPresenter === 'prior_only'
			? m.results_method_non_presenter_prior({ priorLabel }, o)
			: m.results_method_non_presenter_zero({}, o),
		m.results_method_bands({ bands }, o),
		rules.tieBreak.length === 0
			? m.results_method_ties_none({}, o)
			: m.results_method_ties_chain({ keys: rules.tieBreak.map((k) => tieBreakKeyText(k, locale)).join(', ') }, o),
		m.results_method_rounding({}, o)
	];
}

/** A decree's date (YYYY-MM-DD, a calendar date) in words: "2 Desember 2026". */
export function decreeDateText(date: string, locale?: Locale): string {
	const { locale: l } = opts(locale);
	const [year, month, day] = date.split('-').map(Number);
	// A calendar date, not an instant: formatted in UTC so no device's zone moves it a day.
	return new Intl.DateTimeFormat(l === 'id' ? 'id-ID' : 'en-GB', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(Date.UTC(year, month - 1, day));
}

/** How a published version is labelled for the public: "Official results · version 2" and its decree. */
export function publishedLabel(
	label: { version: number; decreeNumber: string | null; decreeDate: string | null },
	locale?: Locale
): string[] {
	const lines = [m.results_public_published({ version: label.version }, opts(locale))];
	if (label.decreeNumber) {
		lines.push(
			m.results_public_decree(
				{ number: label.decreeNumber, date: label.decreeDate ? decreeDateText(label.decreeDate, locale) : '—' },
				opts(locale)
			)
		);
	}
	return lines;
}
