/**
 * The one place a refusal from the server becomes words in the reader's language: socket
 * acknowledgements, form failures and error pages all pass the refusal's reason and parameters
 * here. A slot's state or a chair's command named in a refusal is worded too, never shown as code.
 */
import type { SlotCommand } from '$lib/domain/live/slot-machine';
import { SLOT_STATE_LABELS } from '$lib/components/slot-state-label';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import type { ReasonedRefusal, RefusalParams, RefusalReason } from './refusals';

type Options = { locale: Locale };
type Text = (p: RefusalParams, o: Options) => string;

const str = (v: string | number | undefined) => String(v ?? '');

const COMMANDS: Record<SlotCommand, (i: object, o: Options) => string> = {
	start_presentation: m.cmd_start_presentation,
	start_qa: m.cmd_start_qa,
	open_scoring: m.cmd_open_scoring,
	close_scoring: m.cmd_close_scoring,
	reopen_scoring: m.cmd_reopen_scoring,
	certify: m.cmd_certify,
	mark_no_show: m.cmd_no_show
};

const named = <K extends string>(labels: Record<K, (i: object, o: Options) => string>, key: unknown, o: Options) =>
	typeof key === 'string' && Object.hasOwn(labels, key) ? labels[key as K]({}, o) : str(key as string);

const TEXTS: Record<RefusalReason, Text> = {
	invalid_input: (_, o) => m.refusal_invalid_input({}, o),
	forbidden: (_, o) => m.refusal_forbidden({}, o),
	unauthenticated: (_, o) => m.refusal_unauthenticated({}, o),
	not_found: (_, o) => m.refusal_not_found({}, o),
	invalid_state: (_, o) => m.refusal_invalid_state({}, o),
	conflict: (_, o) => m.refusal_conflict({}, o),
	rate_limited: (_, o) => m.refusal_rate_limited({}, o),
	internal: (_, o) => m.refusal_internal({}, o),
	sign_in_first: (_, o) => m.refusal_sign_in_first({}, o),
	session_ended: (_, o) => m.refusal_session_ended({}, o),
	wrong_password: (_, o) => m.refusal_wrong_password({}, o),
	join_code_invalid: (_, o) => m.refusal_join_code_invalid({}, o),
	too_many_attempts: (p, o) => m.refusal_too_many_attempts({ seconds: str(p.seconds) }, o),
	slow_down: (_, o) => m.refusal_slow_down({}, o),
	too_many_checks: (p, o) => m.refusal_too_many_checks({ seconds: str(p.seconds) }, o),
	no_answer: (_, o) => m.refusal_no_answer({}, o),
	secretariat_only: (_, o) => m.refusal_secretariat_only({}, o),
	chair_or_secretariat_only: (_, o) => m.refusal_chair_or_secretariat_only({}, o),
	jurors_only: (_, o) => m.refusal_jurors_only({}, o),
	not_on_panel: (_, o) => m.refusal_not_on_panel({}, o),
	recused: (_, o) => m.refusal_recused({}, o),
	not_seated: (_, o) => m.refusal_not_seated({}, o),
	not_chairing: (_, o) => m.refusal_not_chairing({}, o),
	invalid_transition: (p, o) =>
		m.refusal_invalid_transition({ command: named(COMMANDS, p.command, o), state: named(SLOT_STATE_LABELS, p.state, o) }, o),
	room_busy: (_, o) => m.refusal_room_busy({}, o),
	scoring_not_open: (_, o) => m.refusal_scoring_not_open({}, o),
	quorum_not_met: (p, o) => m.refusal_quorum_not_met({ valid: str(p.valid), quorum: str(p.quorum) }, o),
	quorum_unreachable: (p, o) => m.refusal_quorum_unreachable({ valid: str(p.valid), quorum: str(p.quorum), recused: str(p.recused) }, o),
	missing_sheets: (p, o) => m.refusal_missing_sheets({ count: str(p.count), names: str(p.names) }, o),
	sheet_invalid: (_, o) => m.refusal_sheet_invalid({}, o),
	conflict_not_on_stage: (_, o) => m.refusal_conflict_not_on_stage({}, o),
	conflict_after_scoring: (_, o) => m.refusal_conflict_after_scoring({}, o),
	conflict_decided: (_, o) => m.refusal_conflict_decided({}, o),
	conflict_pending: (_, o) => m.refusal_conflict_pending({}, o),
	practice_too_late: (_, o) => m.refusal_practice_too_late({}, o),
	rescore_needs_sheet: (_, o) => m.refusal_rescore_needs_sheet({}, o),
	rescore_already_asked: (_, o) => m.refusal_rescore_already_asked({}, o),
	rescore_pending: (p, o) => m.refusal_rescore_pending({ names: str(p.names) }, o),
	notes_after_certification: (_, o) => m.refusal_notes_after_certification({}, o),
	notes_invalid: (p, o) => (p.issue === 'too_long' ? m.refusal_notes_too_long : m.refusal_notes_invalid)({}, o),
	submission_reused: (_, o) => m.refusal_submission_reused({}, o),
	check_in_closed: (_, o) => m.refusal_check_in_closed({}, o),
	check_in_not_today: (_, o) => m.refusal_check_in_not_today({}, o),
	settings_not_locked: (_, o) => m.refusal_settings_not_locked({}, o),
	unlock_reason: (p, o) => m.refusal_unlock_reason({ min: str(p.min) }, o),
	rules_change_unconfirmed: (p, o) => m.refusal_rules_change_unconfirmed({ moved: str(p.moved), bodies: str(p.bodies) }, o),
	file_changed: (_, o) => m.refusal_file_changed({}, o),
	rows_in_error: (p, o) => m.refusal_rows_in_error({ count: str(p.count) }, o),
	reimport_reason: (_, o) => m.refusal_reimport_reason({}, o),
	score_corrected_elsewhere: (_, o) => m.refusal_score_corrected_elsewhere({}, o),
	nothing_to_analyse: (_, o) => m.refusal_nothing_to_analyse({}, o),
	rubric_scored: (p, o) => m.refusal_rubric_scored({ criteria: str(p.criteria) }, o),
	categories_unmapped: (p, o) => m.refusal_categories_unmapped({ names: str(p.names) }, o)
};

/**
 * A refusal in words. Anything that is not a known refusal (an old server, a garbled reply) reads
 * as the generic server failure rather than as code.
 *
 * @example refusalText({ reason: 'quorum_not_met', params: { valid: 1, quorum: 2 } }) // "Baru 1 lembar nilai sah, …"
 */
export function refusalText(refusal: Partial<ReasonedRefusal> | null | undefined, locale?: Locale): string {
	const o = { locale: locale ?? getLocale() };
	const reason = refusal?.reason;
	const text = reason && Object.hasOwn(TEXTS, reason) ? TEXTS[reason] : TEXTS.internal;
	return text(refusal?.params ?? {}, o);
}
