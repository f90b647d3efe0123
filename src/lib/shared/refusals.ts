/**
 * Every reason the server gives for refusing something, as a code with parameters: the server
 * never sends a sentence in one language, and the client words the refusal in the reader's
 * language (`$lib/shared/refusal-text`). A reason not listed here cannot be thrown (the type says
 * so), and a test checks each one has its Indonesian and English text.
 */
export const REFUSAL_REASONS = [
	// One per error kind, for refusals with nothing more specific to say.
	'invalid_input',
	'forbidden',
	'unauthenticated',
	'not_found',
	'invalid_state',
	'conflict',
	'rate_limited',
	'internal',
	// Signing in and sessions.
	'sign_in_first',
	'session_ended',
	'wrong_password',
	'join_code_invalid',
	'too_many_attempts',
	'slow_down',
	// The public verification page: uploads per address.
	'too_many_checks',
	'no_answer',
	// Who may do what.
	'secretariat_only',
	'chair_or_secretariat_only',
	'jurors_only',
	'not_on_panel',
	'recused',
	'not_seated',
	'not_chairing',
	// The live slot.
	'invalid_transition',
	'room_busy',
	'scoring_not_open',
	'quorum_not_met',
	'quorum_unreachable',
	'missing_sheets',
	'sheet_invalid',
	'submission_reused',
	// The presenter's page.
	'check_in_closed',
	'check_in_not_today',
	'notes_invalid',
	'notes_after_certification',
	'conflict_not_on_stage',
	'conflict_after_scoring',
	'conflict_decided',
	'conflict_pending',
	'rescore_needs_sheet',
	'rescore_already_asked',
	'rescore_pending',
	'practice_too_late',
	// Setup and results.
	'settings_not_locked',
	'unlock_reason',
	'rules_change_unconfirmed',
	'file_changed',
	'rows_in_error',
	'reimport_reason',
	'score_corrected_elsewhere',
	'nothing_to_analyse',
	'rubric_scored',
	'categories_unmapped'
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** What a refusal's text may name: counts, names, states. */
export type RefusalParams = Record<string, string | number>;

export interface ReasonedRefusal {
	reason: RefusalReason;
	params?: RefusalParams;
}
