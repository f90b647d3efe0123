/**
 * The Kysely `Database` interface: one table type per table.
 *
 * Conventions (kept portable between SQLite and PostgreSQL):
 * - ids are random text, never auto-increment (except the audit sequence);
 * - timestamps are integer epoch milliseconds;
 * - booleans are 0/1 integers, converted in the services;
 * - structured settings that are always read whole (bands, trimming steps, score sheets) are JSON text.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { SlotState } from '../../domain/live/slot-machine';
import type { EventZone } from '../../domain/setup/event-zone';

export type Role = 'admin' | 'chair' | 'juror' | 'presenter';

/**
 * Before publication: provisional results of certified slots ("sementara"), ranks without scores,
 * or nothing. 'staged' (before and after publication): only what the reveal console revealed.
 */
export type PublicResultsPolicy = 'provisional' | 'ranks_only' | 'hidden' | 'staged';

/** What an amendment corrects. */
export type AmendmentKind = 'prior_score' | 'juror_sheet' | 'presentation_score' | 'final_score';

export interface UserTable {
	id: string;
	role: Role;
	name: string;
	/** Only admins log in with a username and password. */
	username: string | null;
	password_hash: string | null;
	/** Scope of a chair, juror or presenter; null for admins (who see every evaluation). */
	evaluation_id: string | null;
	/** The public body a presenter represents. */
	body_id: string | null;
	title: string | null;
	affiliation: string | null;
	expertise: string | null;
	created_at: number;
	archived_at: number | null;
}

export interface SessionTable {
	/** SHA-256 of the session token, hex: the token itself is never stored. */
	id: string;
	user_id: string;
	expires_at: number;
}

export interface JoinCodeTable {
	/** SHA-256 of the join code, hex. */
	code_hash: string;
	user_id: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	revoked_at: number | null;
}

export interface EvaluationTable {
	id: string;
	name: string;
	prior_stage_label: string;
	prior_weight: number;
	presentation_weight: number;
	passing_grade: number;
	/** JSON: Band[] ordered high → low. */
	bands: string;
	/** JSON: AggregationRule. */
	aggregation: string;
	/** JSON: TieBreakKey[]. */
	tie_break: string;
	non_presenter: 'prior_only' | 'zero_presentation';
	divergence_tolerance: number;
	presentation_minutes: number;
	qa_minutes: number;
	scoring_minutes: number;
	changeover_minutes: number;
	/** Bumped in every transaction that changes what a live view shows; clients order snapshots by it. */
	live_version: number;
	/**
	 * Bumped only by changes the public may see (certification, results, the schedule): public views
	 * are versioned by it, so an audience cannot count the private changes (score sheets) in between.
	 */
	public_version: Generated<number>;
	published_result_version: number | null;
	/** Set by the first score submission: settings that results depend on are frozen from then on. */
	settings_locked_at: number | null;
	/** What the public sees before a version is published; after, always the published version. */
	public_results: Generated<PublicResultsPolicy>;
	/** 1 for the evaluation running now (at most one): /admin and /live show it by default. */
	running: Generated<number>;
	/** The category the reveal console stepped last: the big screen shows it. */
	reveal_category_id: Generated<string | null>;
	/** The IANA zone the event's clocks show: times are entered and shown in it. */
	time_zone: Generated<EventZone>;
	created_at: number;
}

/** The staged reveal: how many bodies of a category are revealed, counted from the bottom. */
export interface ResultRevealTable {
	evaluation_id: string;
	category_id: string;
	revealed: number;
	updated_at: number;
}

export interface CategoryTable {
	id: string;
	evaluation_id: string;
	name: string;
	sort_order: number;
	archived_at: number | null;
}

export interface BodyTable {
	id: string;
	evaluation_id: string;
	category_id: string;
	name: string;
	short_name: string;
	prior_score: number;
	invited: number;
	/** Stable key for re-imports (by default the normalised name): a re-import updates, never duplicates. */
	key: string;
	archived_at: number | null;
}

export interface CriterionTable {
	id: string;
	evaluation_id: string;
	code: string;
	name: string;
	description: string;
	weight: number;
	min: number;
	max: number;
	step: number;
	/** JSON: ScoreLevel[] or null. */
	levels: string | null;
	sort_order: number;
}

export interface PanelTable {
	id: string;
	evaluation_id: string;
	name: string;
	room: string;
	chair_id: string | null;
	/** How to find the room (floor, building, entrance), shown on the presenters' pages; null: none given. */
	directions: Generated<string | null>;
}

export interface PanelJurorTable {
	panel_id: string;
	juror_id: string;
	seat: number;
}

export interface SlotTable {
	id: string;
	evaluation_id: string;
	panel_id: string;
	body_id: string;
	position: number;
	planned_start: number;
	presentation_minutes: number;
	qa_minutes: number;
	scoring_minutes: number;
	state: SlotState;
	presentation_started_at: number | null;
	qa_started_at: number | null;
	scoring_opened_at: number | null;
	scoring_closed_at: number | null;
	certified_at: number | null;
	certified_by: string | null;
	/** The audit head (seq, hash) of the certification's own audit row: an anchor of the chain. Null before certification. */
	certified_audit_seq: number | null;
	certified_audit_hash: string | null;
	/** An https link to the online meeting when the slot is held online; null: in the room. */
	meeting_link: Generated<string | null>;
	/** When the body checked in ("Kami sudah hadir") from its presenter page; null: not yet. */
	checked_in_at: Generated<number | null>;
}

export interface ScoreSubmissionTable {
	/** Generated by the juror's tablet: a retry carries the same id, so the unique key makes it exactly-once. */
	id: string;
	slot_id: string;
	juror_id: string;
	/** 1, 2, … per juror and slot; the highest revision is the juror's current sheet. */
	revision: number;
	/** JSON: criterion code → score. */
	scores: string;
	total: number;
	submitted_at: number;
	/** JSON: JurorNotes, the juror's private notes sent with this revision; null without any. Never in a result or a public view. */
	notes: Generated<string | null>;
}

export interface RecusalTable {
	id: string;
	evaluation_id: string;
	juror_id: string;
	body_id: string;
	reason: string;
	created_by: string | null;
	created_at: number;
}

/**
 * A possible conflict of interest between a juror and a body: declared by the juror or the
 * secretariat, or suggested by affiliation matching. Confirming one writes a recusal.
 */
export interface ConflictTable {
	id: string;
	evaluation_id: string;
	juror_id: string;
	body_id: string;
	source: 'declared' | 'suggested';
	status: 'open' | 'confirmed' | 'dismissed';
	reason: string;
	created_by: string | null;
	created_at: number;
	decided_by: string | null;
	decided_at: number | null;
}

/**
 * A practice (calibration) slot of a panel, before its first real slot: the columns of a slot
 * without a body or a place in the schedule. Run by the same state machine; never in any result.
 */
export type PracticeSlotTable = Pick<
	SlotTable,
	| 'id'
	| 'evaluation_id'
	| 'panel_id'
	| 'presentation_minutes'
	| 'qa_minutes'
	| 'scoring_minutes'
	| 'state'
	| 'presentation_started_at'
	| 'qa_started_at'
	| 'scoring_opened_at'
	| 'scoring_closed_at'
	| 'certified_at'
> & {
	created_by: string;
	created_at: number;
};

/** A juror's sheet on a practice slot: as a score submission, in a table no result reads. */
export interface PracticeSheetTable {
	id: string;
	practice_slot_id: string;
	juror_id: string;
	revision: number;
	scores: string;
	total: number;
	submitted_at: number;
}

/** The chair asks one juror to score a closed slot again; open until the juror sends a sheet. */
export interface RescoreRequestTable {
	id: string;
	evaluation_id: string;
	slot_id: string;
	juror_id: string;
	/** The chair's words to the juror, shown on the tablet. */
	reason: string;
	requested_by: string;
	requested_at: number;
	answered_at: number | null;
	answered_by_submission: string | null;
}

/** A time window in which presentations can be scheduled (lunch is the gap between two); panel null = every room. */
export interface ScheduleWindowTable {
	id: string;
	evaluation_id: string;
	panel_id: string | null;
	starts_at: number;
	ends_at: number;
}

export interface ResultVersionTable {
	id: string;
	evaluation_id: string;
	version: number;
	hash: string;
	reason: string;
	/** JSON: ResultSet. */
	result_set: string;
	created_by: string | null;
	created_at: number;
	/**
	 * The audit head (seq, hash) of this version's own 'results.publish' row: an anchor of the chain,
	 * printed on documents. Null for versions published before anchors were stored.
	 */
	audit_seq: number | null;
	audit_hash: string | null;
	/** The decree (SK) that announces this version: its number and date (YYYY-MM-DD); null for versions published without one. */
	decree_number: string | null;
	decree_date: string | null;
	/** JSON: VersionLabels, the names the version was published with (null for versions published before they were kept). */
	labels: string | null;
	/** The Ed25519 signature (base64) of the version's statement (`versionStatement`); null when published without a signing key. */
	signature: string | null;
	/** The public key (SPKI PEM) that made `signature`. */
	signing_key: string | null;
}

/** The visitation rule and visit dates of an evaluation (one row per evaluation). */
export interface VisitationPlanTable {
	evaluation_id: string;
	/** JSON: ShortlistRule. */
	rule: string;
	/** Event-local dates, YYYY-MM-DD. */
	first_day: string;
	last_day: string;
	/** Visits the jury can make in one day, across all teams. */
	daily_capacity: number;
}

export interface ShortlistEntryTable {
	evaluation_id: string;
	body_id: string;
	/** rule: selected by the rule (replaced on regeneration); manual: the secretariat's decision (kept). */
	source: 'rule' | 'manual';
	included: number;
	/** The secretariat's reason for a manual decision; the rule's sentence for a rule entry. */
	reason: string | null;
	/** JSON: ShortlistReason[] of the latest generation, or null when the rule does not select the body. */
	selection: string | null;
	tied_at_cut: number;
	bubble: number;
	decided_by: string | null;
	decided_at: number;
}

export interface VisitTeamTable {
	id: string;
	evaluation_id: string;
	name: string;
	/** Free text: who is on the team. */
	members: string;
	created_at: number;
}

export interface VisitTable {
	id: string;
	evaluation_id: string;
	body_id: string;
	team_id: string;
	/** Event-local date, YYYY-MM-DD. */
	visit_date: string;
	status: 'planned' | 'confirmed' | 'corrected';
	outcome_note: string | null;
	recorded_by: string | null;
	recorded_at: number | null;
}

/** A stored correction of a result input, replayed in `seq` order whenever results are computed. */
export interface ScoreAmendmentTable {
	id: string;
	evaluation_id: string;
	/** Creation order within the evaluation. */
	seq: number;
	body_id: string;
	kind: AmendmentKind;
	/** The corrected number: the score for a score kind, the sheet's total for a juror's sheet. */
	value: number;
	reason: string;
	/** Who asked for it: a site visit's outcome, the secretariat's correction, or a re-import after the settings locked. */
	source: 'visit' | 'secretariat' | 'import';
	visit_id: string | null;
	/** The juror whose sheet a 'juror_sheet' amendment corrects. */
	juror_id: string | null;
	/** JSON: what a number cannot hold (AmendmentPayload: the corrected sheet, and what the corrected value was before). */
	payload: string | null;
	/** The decree (SK) or minutes the correction cites. */
	decree_reference: string | null;
	/** JSON: the consent recorded for a sheet correction (the juror's and the chair's: who, when, how). */
	consent: string | null;
	created_by: string | null;
	created_at: number;
}

export interface AuditLogTable {
	seq: Generated<number>;
	at: number;
	actor_id: string | null;
	evaluation_id: string | null;
	action: string;
	entity: string;
	entity_id: string | null;
	/** JSON or null. */
	before: string | null;
	after: string | null;
	/** Hash of the previous row, so a row changed, removed or inserted outside the app breaks the chain. */
	prev_hash: string;
	hash: string;
	/** HMAC-SHA256 of `hash` with the audit key kept outside the database; null when no key was in use. */
	mac: string | null;
}

export interface LoginThrottleTable {
	key: string;
	failures: number;
	window_started_at: number;
	blocked_until: number;
}

export interface Database {
	users: UserTable;
	sessions: SessionTable;
	join_codes: JoinCodeTable;
	evaluations: EvaluationTable;
	categories: CategoryTable;
	bodies: BodyTable;
	criteria: CriterionTable;
	panels: PanelTable;
	panel_jurors: PanelJurorTable;
	slots: SlotTable;
	score_submissions: ScoreSubmissionTable;
	recusals: RecusalTable;
	conflicts: ConflictTable;
	rescore_requests: RescoreRequestTable;
	practice_slots: PracticeSlotTable;
	practice_sheets: PracticeSheetTable;
	schedule_windows: ScheduleWindowTable;
	result_versions: ResultVersionTable;
	visitation_plans: VisitationPlanTable;
	shortlist_entries: ShortlistEntryTable;
	visit_teams: VisitTeamTable;
	visits: VisitTable;
	score_amendments: ScoreAmendmentTable;
	result_reveals: ResultRevealTable;
	audit_log: AuditLogTable;
	login_throttle: LoginThrottleTable;
}

export type User = Selectable<UserTable>;
export type Evaluation = Selectable<EvaluationTable>;
export type Slot = Selectable<SlotTable>;
export type Body = Selectable<BodyTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type SlotUpdate = Updateable<SlotTable>;
