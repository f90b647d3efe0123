/**
 * The audit log page's view (types the page and the service share) and the one table that words
 * each audit action in the reader's language. An action the table does not know (a row written by
 * an older version) is shown as its code.
 */
import type { FieldChange } from '$lib/domain/audit';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

/** The filters of the audit log page, as the URL carries them (each optional). */
export interface AuditLogFilters {
	person?: string;
	action?: string;
	body?: string;
	/** Days on the event's clocks, YYYY-MM-DD, both included. */
	from?: string;
	to?: string;
	/** Keyset: only entries older than this seq (the next page). */
	before?: number;
}

export interface AuditLogEntry {
	seq: number;
	at: number;
	/** Who made the change; null for the system (the demo seed, the audit key). */
	actor: string | null;
	action: string;
	changes: FieldChange[];
	/** Changes beyond those listed (a whole import, a published version). */
	moreChanges: number;
	/** The reason recorded with the change (an unlock, a correction). */
	reason: string | null;
}

export interface AuditLogPage {
	entries: AuditLogEntry[];
	/** The seq to ask `before` for the next (older) page; null on the last page. */
	next: number | null;
	/** The zone the days were cut in and the times are shown in: the event's (WIB for rows of no evaluation). */
	timeZone: EventZone;
	options: {
		people: { id: string; name: string }[];
		actions: string[];
		bodies: { id: string; name: string }[];
	};
}

const ACTIONS: Record<string, (inputs: object, options?: { locale?: Locale }) => string> = {
	'account.create': m.audit_act_account_create,
	'account.deactivate': m.audit_act_account_deactivate,
	'account.password_change': m.audit_act_account_password_change,
	'account.password_change_failed': m.audit_act_account_password_change_failed,
	'audit.key': m.audit_act_audit_key,
	'auth.sign_in': m.audit_act_auth_sign_in,
	'auth.sign_in_failed': m.audit_act_auth_sign_in_failed,
	'auth.sign_out': m.audit_act_auth_sign_out,
	'body.archive': m.audit_act_body_archive,
	'body.create': m.audit_act_body_create,
	'body.import': m.audit_act_body_import,
	'body.unarchive': m.audit_act_body_unarchive,
	'body.update': m.audit_act_body_update,
	'category.archive': m.audit_act_category_archive,
	'category.create': m.audit_act_category_create,
	'category.move': m.audit_act_category_move,
	'category.rename': m.audit_act_category_rename,
	'category.unarchive': m.audit_act_category_unarchive,
	'conflict.confirm': m.audit_act_conflict_confirm,
	'conflict.declare': m.audit_act_conflict_declare,
	'conflict.declare_at_stage': m.audit_act_conflict_declare_at_stage,
	'conflict.dismiss': m.audit_act_conflict_dismiss,
	'conflict.suggest': m.audit_act_conflict_suggest,
	'conflict.undo': m.audit_act_conflict_undo,
	'demo.seed': m.audit_act_demo_seed,
	'evaluation.create': m.audit_act_evaluation_create,
	'evaluation.public_results': m.audit_act_evaluation_public_results,
	'evaluation.running': m.audit_act_evaluation_running,
	'evaluation.settings_unlock': m.audit_act_evaluation_settings_unlock,
	'evaluation.settings_update': m.audit_act_evaluation_settings_update,
	'join_code.issue': m.audit_act_join_code_issue,
	'join_code.revoke': m.audit_act_join_code_revoke,
	'panel.create': m.audit_act_panel_create,
	'panel.delete': m.audit_act_panel_delete,
	'panel.move_seat': m.audit_act_panel_move_seat,
	'panel.seat_juror': m.audit_act_panel_seat_juror,
	'panel.set_chair': m.audit_act_panel_set_chair,
	'panel.unseat_juror': m.audit_act_panel_unseat_juror,
	'panel.update': m.audit_act_panel_update,
	'practice.start_presentation': m.audit_act_practice_start_presentation,
	'practice.start_qa': m.audit_act_practice_start_qa,
	'practice.open_scoring': m.audit_act_practice_open_scoring,
	'practice.close_scoring': m.audit_act_practice_close_scoring,
	'practice.reopen_scoring': m.audit_act_practice_reopen_scoring,
	'practice.certify': m.audit_act_practice_certify,
	'practice.mark_no_show': m.audit_act_practice_mark_no_show,
	'practice.score': m.audit_act_practice_score,
	'person.archive': m.audit_act_person_archive,
	'person.create': m.audit_act_person_create,
	'person.restore': m.audit_act_person_restore,
	'person.update': m.audit_act_person_update,
	'results.correct': m.audit_act_results_correct,
	'results.publish': m.audit_act_results_publish,
	'results.reveal_back': m.audit_act_results_reveal_back,
	'results.reveal_next': m.audit_act_results_reveal_next,
	'rubric.save': m.audit_act_rubric_save,
	'schedule.add_windows': m.audit_act_schedule_add_windows,
	'schedule.apply': m.audit_act_schedule_apply,
	'schedule.remove_window': m.audit_act_schedule_remove_window,
	'score.submit': m.audit_act_score_submit,
	'slot.start_presentation': m.audit_act_slot_start_presentation,
	'slot.start_qa': m.audit_act_slot_start_qa,
	'slot.open_scoring': m.audit_act_slot_open_scoring,
	'slot.close_scoring': m.audit_act_slot_close_scoring,
	'slot.reopen_scoring': m.audit_act_slot_reopen_scoring,
	'slot.certify': m.audit_act_slot_certify,
	'slot.mark_no_show': m.audit_act_slot_mark_no_show,
	'slot.move': m.audit_act_slot_move,
	'slot.swap': m.audit_act_slot_swap,
	'slot.check_in': m.audit_act_slot_check_in,
	'slot.meeting_link': m.audit_act_slot_meeting_link,
	'slot.rescore_request': m.audit_act_slot_rescore_request,
	'visitation.plan': m.audit_act_visitation_plan,
	'visitation.rule': m.audit_act_visitation_rule,
	'visitation.shortlist_add': m.audit_act_visitation_shortlist_add,
	'visitation.shortlist_generate': m.audit_act_visitation_shortlist_generate,
	'visitation.shortlist_remove': m.audit_act_visitation_shortlist_remove,
	'visitation.team_create': m.audit_act_visitation_team_create,
	'visitation.team_remove': m.audit_act_visitation_team_remove,
	'visitation.team_update': m.audit_act_visitation_team_update,
	'visitation.visit_confirm': m.audit_act_visitation_visit_confirm,
	'visitation.visit_correct': m.audit_act_visitation_visit_correct,
	'visitation.visit_move': m.audit_act_visitation_visit_move
};

/**
 * An audit action in the reader's words (or the locale's, when one is given).
 *
 * @example auditActionLabel('evaluation.settings_unlock') // 'Pengaturan dibuka kuncinya'
 */
export const auditActionLabel = (action: string, locale?: Locale): string =>
	Object.hasOwn(ACTIONS, action) ? ACTIONS[action]({}, locale ? { locale } : {}) : action;

/** The actions the table words: a test checks that every action the services write is one of them. */
export const WORDED_AUDIT_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/** What an audit log page's load gives the view: the URL's filters as typed, one page, and each bad filter's code by field. */
export interface AuditLogData {
	/** The evaluation whose log this is; null for the rows of no evaluation. */
	evaluationId: string | null;
	filters: Record<string, string>;
	log: AuditLogPage;
	errors: Record<string, string>;
}
