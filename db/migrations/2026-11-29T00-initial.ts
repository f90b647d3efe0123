import { sql, type Kysely } from 'kysely';
import { makeAppendOnly, onPostgres, realType } from './dialect';

// Frozen in time: migrations use Kysely<any>, never the app's Database type, which moves on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	const REAL = realType(db);
	await db.schema
		.createTable('evaluations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('prior_stage_label', 'text', (c) => c.notNull())
		.addColumn('prior_weight', REAL, (c) => c.notNull())
		.addColumn('presentation_weight', REAL, (c) => c.notNull())
		.addColumn('passing_grade', REAL, (c) => c.notNull())
		.addColumn('bands', 'text', (c) => c.notNull())
		.addColumn('aggregation', 'text', (c) => c.notNull())
		.addColumn('tie_break', 'text', (c) => c.notNull())
		.addColumn('non_presenter', 'text', (c) => c.notNull())
		.addColumn('divergence_tolerance', REAL, (c) => c.notNull())
		.addColumn('presentation_minutes', 'integer', (c) => c.notNull())
		.addColumn('qa_minutes', 'integer', (c) => c.notNull())
		.addColumn('scoring_minutes', 'integer', (c) => c.notNull())
		.addColumn('changeover_minutes', 'integer', (c) => c.notNull())
		.addColumn('live_version', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('public_version', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('published_result_version', 'integer')
		.addColumn('settings_locked_at', 'bigint')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('username', 'text', (c) => c.unique())
		.addColumn('password_hash', 'text')
		.addColumn('evaluation_id', 'text', (c) => c.references('evaluations.id').onDelete('cascade'))
		.addColumn('body_id', 'text')
		.addColumn('title', 'text')
		.addColumn('affiliation', 'text')
		.addColumn('expertise', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('archived_at', 'bigint')
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('join_codes')
		.addColumn('code_hash', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('used_at', 'bigint')
		.addColumn('revoked_at', 'bigint')
		.execute();
	await db.schema.createIndex('join_codes_user').on('join_codes').column('user_id').execute();

	await db.schema
		.createTable('categories')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.addColumn('archived_at', 'bigint')
		.addUniqueConstraint('categories_name', ['evaluation_id', 'name'])
		.execute();

	await db.schema
		.createTable('bodies')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('short_name', 'text', (c) => c.notNull())
		.addColumn('prior_score', REAL, (c) => c.notNull())
		.addColumn('invited', 'integer', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('archived_at', 'bigint')
		.addUniqueConstraint('bodies_key', ['evaluation_id', 'key'])
		.execute();

	await db.schema
		.createTable('criteria')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('weight', REAL, (c) => c.notNull())
		.addColumn('min', REAL, (c) => c.notNull())
		.addColumn('max', REAL, (c) => c.notNull())
		.addColumn('step', REAL, (c) => c.notNull())
		.addColumn('levels', 'text')
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.addUniqueConstraint('criteria_code', ['evaluation_id', 'code'])
		.execute();

	await db.schema
		.createTable('panels')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('room', 'text', (c) => c.notNull())
		.addColumn('chair_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('panel_jurors')
		.addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('seat', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('panel_jurors_pk', ['panel_id', 'juror_id'])
		.execute();
	await db.schema.createIndex('panel_jurors_juror').on('panel_jurors').column('juror_id').execute();

	await db.schema
		.createTable('slots')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('panel_id', 'text', (c) => c.notNull().references('panels.id'))
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('planned_start', 'bigint', (c) => c.notNull())
		.addColumn('presentation_minutes', 'integer', (c) => c.notNull())
		.addColumn('qa_minutes', 'integer', (c) => c.notNull())
		.addColumn('scoring_minutes', 'integer', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull())
		.addColumn('presentation_started_at', 'bigint')
		.addColumn('qa_started_at', 'bigint')
		.addColumn('scoring_opened_at', 'bigint')
		.addColumn('scoring_closed_at', 'bigint')
		.addColumn('certified_at', 'bigint')
		.addColumn('certified_by', 'text')
		.addUniqueConstraint('slots_body', ['evaluation_id', 'body_id'])
		.execute();
	await db.schema.createIndex('slots_panel').on('slots').columns(['panel_id', 'position']).execute();

	await db.schema
		.createTable('score_submissions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('slot_id', 'text', (c) => c.notNull().references('slots.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('scores', 'text', (c) => c.notNull())
		.addColumn('total', REAL, (c) => c.notNull())
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('score_submissions_revision', ['slot_id', 'juror_id', 'revision'])
		.execute();

	await db.schema
		.createTable('recusals')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('recusals_pair', ['juror_id', 'body_id'])
		.execute();

	await db.schema
		.createTable('conflicts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('juror_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('decided_by', 'text')
		.addColumn('decided_at', 'bigint')
		.addUniqueConstraint('conflicts_pair', ['juror_id', 'body_id'])
		.execute();

	await db.schema
		.createTable('schedule_windows')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('panel_id', 'text', (c) => c.references('panels.id').onDelete('cascade'))
		.addColumn('starts_at', 'bigint', (c) => c.notNull())
		.addColumn('ends_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('result_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('result_set', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('result_versions_version', ['evaluation_id', 'version'])
		.execute();

	// Visitation (site visits): the rule and date range, the reviewed shortlist, teams, visits, and
	// the score corrections visits produce (replayed onto the inputs by computeEvaluationResults).
	await db.schema
		.createTable('visitation_plans')
		.addColumn('evaluation_id', 'text', (c) => c.primaryKey().references('evaluations.id').onDelete('cascade'))
		.addColumn('rule', 'text', (c) => c.notNull())
		.addColumn('first_day', 'text', (c) => c.notNull())
		.addColumn('last_day', 'text', (c) => c.notNull())
		.addColumn('daily_capacity', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('shortlist_entries')
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('included', 'integer', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('selection', 'text')
		.addColumn('tied_at_cut', 'integer', (c) => c.notNull())
		.addColumn('bubble', 'integer', (c) => c.notNull())
		.addColumn('decided_by', 'text')
		.addColumn('decided_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('shortlist_entries_pk', ['evaluation_id', 'body_id'])
		.execute();

	await db.schema
		.createTable('visit_teams')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('members', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('visits')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
		.addColumn('team_id', 'text', (c) => c.notNull().references('visit_teams.id'))
		.addColumn('visit_date', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('outcome_note', 'text')
		.addColumn('recorded_by', 'text')
		.addColumn('recorded_at', 'bigint')
		.addUniqueConstraint('visits_body', ['evaluation_id', 'body_id'])
		.execute();

	await db.schema
		.createTable('score_amendments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id').onDelete('cascade'))
		.addColumn('seq', 'integer', (c) => c.notNull())
		.addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('value', REAL, (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('visit_id', 'text', (c) => c.references('visits.id'))
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('score_amendments_seq', ['evaluation_id', 'seq'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('seq', 'integer', (c) => (onPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
		.addColumn('at', 'bigint', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('evaluation_id', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text')
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.addColumn('prev_hash', 'text', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('login_throttle')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('window_started_at', 'bigint', (c) => c.notNull())
		.addColumn('blocked_until', 'bigint', (c) => c.notNull())
		.execute();

	// The audit log is append-only: the database itself refuses edits and deletions, in each
	// engine's own syntax. (The app always writes seq itself, so PostgreSQL needs no sequence.)
	await makeAppendOnly(db, 'audit_log');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'login_throttle',
		'audit_log',
		'score_amendments',
		'visits',
		'visit_teams',
		'shortlist_entries',
		'visitation_plans',
		'result_versions',
		'schedule_windows',
		'conflicts',
		'recusals',
		'score_submissions',
		'slots',
		'panel_jurors',
		'panels',
		'criteria',
		'bodies',
		'categories',
		'join_codes',
		'sessions',
		'users',
		'evaluations'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
	if (onPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
}
