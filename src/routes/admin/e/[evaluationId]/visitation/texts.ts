/**
 * Screen texts for the visitation page: refusal and field codes, why a body was shortlisted, and
 * event dates for display.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { ShortlistReason } from '$lib/domain/scoring';
import { whyText as reasonText } from '$lib/shared/shortlist-text';
import { longDate } from '$lib/shared/event-time';

const ERRORS: Record<string, () => string> = {
	required: m.visitation_err_required,
	too_long: m.visitation_err_too_long,
	whole_number: m.visitation_err_whole_number,
	too_small: m.visitation_err_too_small,
	too_large: m.visitation_err_too_large,
	score_range: m.visitation_err_score_range,
	not_a_number: m.number_not_a_number,
	thousands_separator: m.number_thousands_separator,
	too_many_decimals: m.number_too_many_decimals,
	invalid_date: m.visitation_err_invalid_date,
	last_before_first: m.visitation_err_last_before_first,
	too_many_days: m.visitation_err_too_many_days,
	empty_rule: m.visitation_err_empty_rule,
	unknown_band: m.visitation_err_unknown_band,
	no_rule: m.visitation_err_no_rule,
	rule_invalid: m.visitation_err_rule_invalid,
	body_not_found: m.visitation_err_body_not_found,
	already_included: m.visitation_err_already_included,
	not_included: m.visitation_err_not_included,
	visit_recorded: m.visitation_err_visit_recorded,
	team_not_found: m.visitation_err_team_not_found,
	team_name_taken: m.visitation_err_team_name_taken,
	team_has_visits: m.visitation_err_team_has_visits,
	no_teams: m.visitation_err_no_teams,
	visit_not_found: m.visitation_err_visit_not_found,
	outside_range: m.visitation_err_outside_range,
	day_full: m.visitation_err_day_full,
	no_change: m.visitation_err_no_change,
	forbidden: m.visitation_err_forbidden,
	evaluation_not_found: m.visitation_err_evaluation_not_found
};

/** The message for an error code; unknown codes get the generic one. */
export const errorText = (code: string | undefined): string => (code ? (ERRORS[code] ?? m.visitation_err_invalid)() : '');

/** Why the rule selected a body, one phrase per reason, in the reader's language (worded with the shortlist document). */
export const whyText = (reason: ShortlistReason): string => reasonText(reason);

/** A score as published: two decimals, in the reader's locale. */
export const score = (value: number): string =>
	new Intl.NumberFormat(getLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);

/** An event date (YYYY-MM-DD) as "Sen, 4 Des 2023". */
export const dateLabel = (date: string): string => longDate(date, { weekday: true, short: true });
