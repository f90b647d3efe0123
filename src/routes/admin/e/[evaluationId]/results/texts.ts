/**
 * Screen texts of the results pages: refusal and field codes, the shortlist rule, the kinds and
 * sources of corrections, and moves in words. Ranks, ties and the method: $lib/shared/results-text.
 */
import type { ShortlistRule } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { scoreText } from '$lib/shared/results-text';
import { typedNumberMessage } from '$lib/shared/typed-number';
import type { CorrectionKind, ResultsSource } from '$lib/shared/results';
import { versionLine } from '$lib/shared/results-format';

const ERRORS: Record<string, () => string> = {
	required: m.res_err_required,
	too_long: m.res_err_too_long,
	reason_short: m.res_err_reason_short,
	invalid_date: m.res_err_invalid_date,
	score_range: m.res_err_score_range,
	out_of_range: m.res_err_out_of_scale,
	off_step: m.res_err_off_step,
	missing_score: m.res_err_required,
	unknown_criterion: m.res_err_invalid,
	decree_used: m.res_err_decree_used,
	draft_changed: m.res_err_draft_changed,
	nothing_to_publish: m.res_err_nothing_to_publish,
	not_presented: m.res_err_not_presented,
	juror_not_on_panel: m.res_err_juror_not_on_panel,
	juror_recused: m.res_err_juror_recused,
	body_not_found: m.res_err_body_not_found,
	no_change: m.res_err_no_change,
	consent_in_future: m.res_err_consent_in_future,
	invalid_kind: m.res_err_invalid_kind,
	version_not_found: m.res_err_version_not_found,
	invalid_version: m.res_err_version_not_found,
	forbidden: m.res_err_forbidden
};

/** The message for an error code (a typed number's refusals in the words every number field uses); unknown codes get the generic one. */
export const errorText = (code: string | undefined): string =>
	code ? (typedNumberMessage(code) ?? (ERRORS[code] ?? m.res_err_invalid)()) : '';

/** The visitation rule in words: "top 3 per category or top 20 nationally; at least Menuju Informatif". */
export function ruleText(rule: ShortlistRule): string {
	const selectors: string[] = [];
	if (rule.topPerCategory !== undefined) selectors.push(m.res_rule_top_category({ count: rule.topPerCategory }));
	if (rule.topNational !== undefined) selectors.push(m.res_rule_top_national({ count: rule.topNational }));
	const parts = selectors.length > 0 ? [selectors.join(m.res_rule_or())] : [];
	if (rule.minBand !== undefined) parts.push(m.res_rule_min_band({ band: rule.minBand }));
	if (rule.minScore !== undefined) parts.push(m.res_rule_min_score({ score: scoreText(rule.minScore) }));
	return parts.join('; ');
}

/** What a view shows: "Draft, not published" or the version with its decree. */
export function sourceText(source: ResultsSource): string {
	return source.kind === 'draft' ? m.res_draft_label() : versionLine(source.info);
}

export const KIND_TEXT: Record<CorrectionKind, () => string> = {
	prior_score: m.res_kind_prior_score,
	presentation_score: m.res_kind_presentation_score,
	final_score: m.res_kind_final_score,
	juror_sheet: m.res_kind_juror_sheet
};

export const SOURCE_TEXT = { secretariat: m.res_source_secretariat, visit: m.res_source_visit, import: m.res_source_import };

/** A signed move: "+12,10", "−1,00", "±0,00". */
export function scoreMoveText(move: number): string {
	return move > 0 ? `+${scoreText(move)}` : move < 0 ? `−${scoreText(-move)}` : `±${scoreText(0)}`;
}

/** Places gained or lost: "▲ 17", "▼ 1", "–". */
export function placesText(places: number | null): string {
	if (places === null || places === 0) return '–';
	return places > 0 ? m.res_moved_up({ places }) : m.res_moved_down({ places: -places });
}

/** The exports of a version, as the documents module serves them (the URL contract). */
export function versionExports(evaluationId: string, version: number) {
	const base = `/admin/e/${evaluationId}/results/v/${version}`;
	return [
		{ href: `${base}/annex.pdf`, label: m.res_export_annex_pdf() },
		{ href: `${base}/annex.xlsx`, label: m.res_export_annex_xlsx() },
		{ href: `${base}/annex.csv`, label: m.res_export_annex_csv() },
		{ href: `${base}/summary.pdf`, label: m.res_export_summary_pdf() },
		{ href: `${base}/summary.xlsx`, label: m.res_export_summary_xlsx() },
		{ href: `${base}/bundle.zip`, label: m.res_export_bundle() }
	];
}
