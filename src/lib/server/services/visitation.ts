/**
 * Visitation (site visits): the rule that shortlists the bodies the jury visits, the reviewed
 * shortlist, visiting teams, the visit plan over a date range, each visit's outcome, and the
 * corrections a visit makes (amendments, published with the others from the results hub).
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
	ScoringError,
	buildShortlist,
	tieNotes,
	type ResultSet,
	type Shortlist,
	type ShortlistReason,
	type ShortlistRule,
	type TieNote
} from '$lib/domain/scoring';
import { eventDays, isEventDate } from '$lib/domain/setup/schedule';
import { planVisits as planVisitDays, visitMoveProblem, type UnplannedReason } from '$lib/domain/setup/visits';
import type { ErrorCode } from '$lib/shared/contracts';
import { typedNumberField } from '$lib/shared/typed-number';
import { appendAudit } from '../audit';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database, VisitTable } from '../db/schema';
import type { ComparedBody, Correction, ResultsComparison } from '$lib/shared/results';
import { effectivePriorScore, insertAmendment, storedAmendments } from './amendments';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { FieldRefusal, secretariatOnly } from './errors';
import { loadEvaluation, scoringRules } from './evaluation-rules';
import { computeEvaluationResults } from './results';
import { draftChanges } from './results/versions';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';

type Reader = DB | Transaction<Database>;

/** Why the secretariat's visitation change was refused: a message code the page translates. */
export type VisitationRefusal =
	| 'evaluation_not_found'
	| 'unknown_band'
	| 'no_rule'
	| 'rule_invalid'
	| 'body_not_found'
	| 'already_included'
	| 'not_included'
	| 'visit_recorded'
	| 'team_not_found'
	| 'team_name_taken'
	| 'team_has_visits'
	| 'no_teams'
	| 'visit_not_found'
	| 'outside_range'
	| 'day_full'
	| 'no_change';

/** A refusal that names the form field it belongs to, so the page shows it there. */
export class VisitationError extends FieldRefusal {
	constructor(
		code: ErrorCode,
		override readonly reason: VisitationRefusal,
		message: string,
		field = '_form'
	) {
		super(code, reason, message, field);
	}
}

function requireAdmin(actor: SessionUser): void {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat plans visits');
}

const id = z.string().min(1, 'required').max(64);
const reason = z.string().trim().min(1, 'required').max(500, 'too_long');
/** A form's empty field is "not set"; anything else must be a number as people type it ("95,8"). */
const count = typedNumberField({ decimals: 0, min: 1, max: 1000, rangeCode: ['too_small', 'too_large'], optional: true });
const optionalScore = typedNumberField({ min: 0, max: 100, rangeCode: 'score_range', optional: true });
const day = z.string().refine(isEventDate, 'invalid_date');
/** At most about two months of visits: more is a typo in a year. */
const MAX_DAYS = 62;

// ---------------------------------------------------------------- the rule

export const visitationRuleInput = z
	.object({
		evaluationId: id,
		topPerCategory: count,
		topNational: count,
		minBand: z
			.string()
			.max(80)
			.nullish()
			.transform((v) => v || undefined),
		minScore: optionalScore,
		firstDay: day,
		lastDay: day,
		dailyCapacity: typedNumberField({ decimals: 0, min: 1, max: 100, rangeCode: ['too_small', 'too_large'] })
	})
	.superRefine((v, issue) => {
		if (v.topPerCategory === undefined && v.topNational === undefined && v.minBand === undefined && v.minScore === undefined)
			issue.addIssue({ code: 'custom', path: ['topPerCategory'], message: 'empty_rule' });
		const days = eventDays(v.firstDay, v.lastDay);
		if (days === null) issue.addIssue({ code: 'custom', path: ['lastDay'], message: 'last_before_first' });
		else if (days.length > MAX_DAYS) issue.addIssue({ code: 'custom', path: ['lastDay'], message: 'too_many_days' });
	});

export interface VisitationPlan {
	rule: ShortlistRule;
	firstDay: string;
	lastDay: string;
	dailyCapacity: number;
	days: string[];
}

async function loadPlan(db: Reader, evaluationId: string): Promise<VisitationPlan | null> {
	const row = await db.selectFrom('visitation_plans').selectAll().where('evaluation_id', '=', evaluationId).executeTakeFirst();
	if (!row) return null;
	return {
		rule: JSON.parse(row.rule),
		firstDay: row.first_day,
		lastDay: row.last_day,
		dailyCapacity: row.daily_capacity,
		days: eventDays(row.first_day, row.last_day) ?? []
	};
}

async function requirePlan(db: Reader, evaluationId: string): Promise<VisitationPlan> {
	const plan = await loadPlan(db, evaluationId);
	if (!plan) throw new VisitationError('invalid_state', 'no_rule', 'Set the visitation rule and dates first');
	return plan;
}

/**
 * Sets the evaluation's visitation rule (who is shortlisted), the visit dates (event-local) and
 * how many visits fit in a day.
 *
 * @example await saveVisitationRule(ctx, admin, { evaluationId, topNational: 20, firstDay: '2023-12-04', lastDay: '2023-12-14', dailyCapacity: 2 })
 */
export async function saveVisitationRule(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<VisitationPlan> {
	requireAdmin(actor);
	const input = parseInput(visitationRuleInput, raw);
	const evaluation = await ctx.db.selectFrom('evaluations').selectAll().where('id', '=', input.evaluationId).executeTakeFirst();
	if (!evaluation) throw new VisitationError('not_found', 'evaluation_not_found', 'Evaluation not found');
	if (input.minBand !== undefined && !scoringRules(evaluation).bands.some((b) => b.label === input.minBand))
		throw new VisitationError('invalid_input', 'unknown_band', `There is no band called ${input.minBand}`, 'minBand');
	const rule: ShortlistRule = Object.fromEntries(
		Object.entries({
			topPerCategory: input.topPerCategory,
			topNational: input.topNational,
			minBand: input.minBand,
			minScore: input.minScore
		}).filter(([, v]) => v !== undefined)
	);
	const row = {
		evaluation_id: input.evaluationId,
		rule: JSON.stringify(rule),
		first_day: input.firstDay,
		last_day: input.lastDay,
		daily_capacity: input.dailyCapacity
	};
	return auditedAdminChange(ctx, actor, async (trx) => {
		const before = await trx.selectFrom('visitation_plans').selectAll().where('evaluation_id', '=', input.evaluationId).executeTakeFirst();
		if (before) await trx.updateTable('visitation_plans').set(row).where('evaluation_id', '=', input.evaluationId).execute();
		else await trx.insertInto('visitation_plans').values(row).execute();
		return {
			result: (await loadPlan(trx, input.evaluationId))!,
			audit: {
				evaluationId: input.evaluationId,
				action: 'visitation.rule',
				entity: 'visitation_plan',
				entityId: input.evaluationId,
				before,
				after: row
			}
		};
	});
}

// ---------------------------------------------------------------- the shortlist

/**
 * The evaluation's visitation rule (who is shortlisted), or null before it is set.
 *
 * @example const rule = await visitationRule(db, evaluationId); // { topNational: 20 }
 */
export async function visitationRule(db: Reader, evaluationId: string): Promise<ShortlistRule | null> {
	return (await loadPlan(db, evaluationId))?.rule ?? null;
}

/**
 * The shortlist a result set gives with a rule: the one way the shortlist is drawn, for the
 * visitation page and for every results view (a draft, a published version, a comparison).
 *
 * @example const drawn = drawShortlist(resultSet, rule); if (drawn.ok) drawn.shortlist.entries
 */
export function drawShortlist(
	resultSet: ResultSet,
	rule: ShortlistRule
): { ok: true; shortlist: Shortlist } | { ok: false; message: string } {
	try {
		return { ok: true, shortlist: buildShortlist(resultSet, rule) };
	} catch (e) {
		// The rule was valid when saved; the bands may have changed since.
		if (e instanceof ScoringError) return { ok: false, message: e.message };
		throw e;
	}
}

/** Planned visits of bodies no longer on the shortlist go; recorded ones stay (they happened). */
async function dropPlannedVisits(trx: Transaction<Database>, evaluationId: string, bodyIds: string[]): Promise<number> {
	if (bodyIds.length === 0) return 0;
	const dropped = await trx
		.deleteFrom('visits')
		.where('evaluation_id', '=', evaluationId)
		.where('status', '=', 'planned')
		.where('body_id', 'in', bodyIds)
		.executeTakeFirst();
	return Number(dropped.numDeletedRows);
}

/**
 * Builds the shortlist from the official results (every body, corrections applied) with the
 * evaluation's rule. Replaces the rule's entries; the secretariat's own decisions (a body added
 * or removed by hand) are kept, and show whether the new rule selects them. Planned visits of
 * bodies that drop off are removed.
 *
 * @example const { selected, keptManual } = await generateShortlist(ctx, admin, { evaluationId });
 */
export async function generateShortlist(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown
): Promise<{ selected: number; keptManual: number; droppedVisits: number }> {
	requireAdmin(actor);
	const { evaluationId } = parseInput(z.object({ evaluationId: id }), raw);
	await loadEvaluation(ctx.db, evaluationId);
	const plan = await requirePlan(ctx.db, evaluationId);
	const drawn = drawShortlist(await computeEvaluationResults(ctx.db, evaluationId, 'all'), plan.rule);
	if (!drawn.ok) throw new VisitationError('invalid_state', 'rule_invalid', drawn.message);
	const shortlist = drawn.shortlist;
	const now = Date.now();
	return auditedAdminChange(ctx, actor, async (trx) => {
		const existing = await trx.selectFrom('shortlist_entries').selectAll().where('evaluation_id', '=', evaluationId).execute();
		const manual = new Map(existing.filter((e) => e.source === 'manual').map((e) => [e.body_id, e]));
		const selected = new Map(shortlist.entries.map((e) => [e.bodyId, e]));
		await trx.deleteFrom('shortlist_entries').where('evaluation_id', '=', evaluationId).where('source', '=', 'rule').execute();
		for (const entry of manual.values()) {
			const by = selected.get(entry.body_id);
			await trx
				.updateTable('shortlist_entries')
				.set({ selection: by ? JSON.stringify(by.reasons) : null, tied_at_cut: by?.tiedAtCut ? 1 : 0, bubble: by?.bubble ? 1 : 0 })
				.where('evaluation_id', '=', evaluationId)
				.where('body_id', '=', entry.body_id)
				.execute();
		}
		const fresh = shortlist.entries
			.filter((e) => !manual.has(e.bodyId))
			.map((e) => ({
				evaluation_id: evaluationId,
				body_id: e.bodyId,
				source: 'rule' as const,
				included: 1,
				reason: e.note,
				selection: JSON.stringify(e.reasons),
				tied_at_cut: e.tiedAtCut ? 1 : 0,
				bubble: e.bubble ? 1 : 0,
				decided_by: actor.id,
				decided_at: now
			}));
		if (fresh.length > 0) await trx.insertInto('shortlist_entries').values(fresh).execute();
		const includedNow = new Set([...fresh.map((e) => e.body_id), ...[...manual.values()].filter((e) => e.included).map((e) => e.body_id)]);
		const droppedVisits = await dropPlannedVisits(
			trx,
			evaluationId,
			existing.filter((e) => e.included && !includedNow.has(e.body_id)).map((e) => e.body_id)
		);
		const result = { selected: fresh.length, keptManual: manual.size, droppedVisits };
		return {
			result,
			audit: {
				evaluationId,
				action: 'visitation.shortlist_generate',
				entity: 'shortlist',
				entityId: evaluationId,
				before: existing.filter((e) => e.source === 'rule').map((e) => e.body_id),
				after: { rule: plan.rule, resultHash: shortlist.hash, bodies: fresh.map((e) => e.body_id), ...result }
			}
		};
	});
}

export const shortlistDecisionInput = z.object({ evaluationId: id, bodyId: id, reason });

/**
 * Adds a body to the shortlist by hand, with the reason (kept when the shortlist is regenerated).
 *
 * @example await addToShortlist(ctx, admin, { evaluationId, bodyId, reason: 'Innovation award winner: check on site' })
 */
export async function addToShortlist(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	await decide(ctx, actor, raw, true);
}

/**
 * Removes a body from the shortlist by hand, with the reason; its planned visit goes too. A body
 * whose visit is already recorded stays.
 *
 * @example await removeFromShortlist(ctx, admin, { evaluationId, bodyId, reason: 'Visited last year' })
 */
export async function removeFromShortlist(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	await decide(ctx, actor, raw, false);
}

async function decide(ctx: ServiceContext, actor: SessionUser, raw: unknown, include: boolean): Promise<void> {
	requireAdmin(actor);
	const input = parseInput(shortlistDecisionInput, raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const body = await trx
			.selectFrom('bodies')
			.select(['id', 'name'])
			.where('id', '=', input.bodyId)
			.where('evaluation_id', '=', input.evaluationId)
			.executeTakeFirst();
		if (!body) throw new VisitationError('not_found', 'body_not_found', 'Body not found', 'bodyId');
		const before = await trx
			.selectFrom('shortlist_entries')
			.selectAll()
			.where('evaluation_id', '=', input.evaluationId)
			.where('body_id', '=', body.id)
			.executeTakeFirst();
		const isIncluded = before?.included === 1;
		if (include && isIncluded)
			throw new VisitationError('conflict', 'already_included', `${body.name} is already on the shortlist`, 'bodyId');
		if (!include && !isIncluded) throw new VisitationError('conflict', 'not_included', `${body.name} is not on the shortlist`, 'bodyId');
		if (!include) {
			const recorded = await trx
				.selectFrom('visits')
				.select('id')
				.where('evaluation_id', '=', input.evaluationId)
				.where('body_id', '=', body.id)
				.where('status', '!=', 'planned')
				.executeTakeFirst();
			if (recorded) throw new VisitationError('invalid_state', 'visit_recorded', `${body.name}'s visit is already recorded`, 'bodyId');
			await dropPlannedVisits(trx, input.evaluationId, [body.id]);
		}
		const decision = {
			source: 'manual' as const,
			included: include ? 1 : 0,
			reason: input.reason,
			decided_by: actor.id,
			decided_at: Date.now()
		};
		if (before)
			await trx
				.updateTable('shortlist_entries')
				.set(decision)
				.where('evaluation_id', '=', input.evaluationId)
				.where('body_id', '=', body.id)
				.execute();
		else
			await trx
				.insertInto('shortlist_entries')
				.values({ evaluation_id: input.evaluationId, body_id: body.id, selection: null, tied_at_cut: 0, bubble: 0, ...decision })
				.execute();
		return {
			result: undefined,
			audit: {
				evaluationId: input.evaluationId,
				action: include ? 'visitation.shortlist_add' : 'visitation.shortlist_remove',
				entity: 'shortlist_entry',
				entityId: body.id,
				before: before ?? null,
				after: { body: body.name, ...decision }
			}
		};
	});
}

// ---------------------------------------------------------------- teams

const teamFields = z.object({
	name: z.string().trim().min(1, 'required').max(80, 'too_long'),
	members: z.string().trim().max(500, 'too_long')
});
export const createTeamInput = teamFields.extend({ evaluationId: id });
export const updateTeamInput = teamFields.extend({ teamId: id });

async function assertTeamNameFree(trx: Transaction<Database>, evaluationId: string, name: string, exceptId?: string) {
	const teams = await trx.selectFrom('visit_teams').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute();
	if (teams.some((t) => t.id !== exceptId && t.name.toLocaleLowerCase('id') === name.toLocaleLowerCase('id')))
		throw new VisitationError('conflict', 'team_name_taken', `Another team is already called "${name}"`, 'name');
}

async function loadTeam(db: Reader, teamId: string) {
	const team = await db.selectFrom('visit_teams').selectAll().where('id', '=', teamId).executeTakeFirst();
	if (!team) throw new VisitationError('not_found', 'team_not_found', 'Team not found', 'teamId');
	return team;
}

/**
 * Creates a visiting team (a name and who is on it, as text).
 *
 * @example const teamId = await createVisitTeam(ctx, admin, { evaluationId, name: 'Tim 1', members: 'Komisioner A, Dr. B' })
 */
export async function createVisitTeam(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<string> {
	requireAdmin(actor);
	const input = parseInput(createTeamInput, raw);
	await loadEvaluation(ctx.db, input.evaluationId);
	return auditedAdminChange(ctx, actor, async (trx) => {
		await assertTeamNameFree(trx, input.evaluationId, input.name);
		const row = {
			id: crypto.randomUUID(),
			evaluation_id: input.evaluationId,
			name: input.name,
			members: input.members,
			created_at: Date.now()
		};
		await trx.insertInto('visit_teams').values(row).execute();
		return {
			result: row.id,
			audit: { evaluationId: input.evaluationId, action: 'visitation.team_create', entity: 'visit_team', entityId: row.id, after: row }
		};
	});
}

/**
 * Renames a team or changes its members.
 *
 * @example await updateVisitTeam(ctx, admin, { teamId, name: 'Tim Sumatra', members: '…' })
 */
export async function updateVisitTeam(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const input = parseInput(updateTeamInput, raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const team = await loadTeam(trx, input.teamId);
		await assertTeamNameFree(trx, team.evaluation_id, input.name, team.id);
		await trx.updateTable('visit_teams').set({ name: input.name, members: input.members }).where('id', '=', team.id).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: team.evaluation_id,
				action: 'visitation.team_update',
				entity: 'visit_team',
				entityId: team.id,
				before: team,
				after: { name: input.name, members: input.members }
			}
		};
	});
}

/**
 * Removes a team that has no visits (reassign or replan them first).
 *
 * @example await removeVisitTeam(ctx, admin, { teamId })
 */
export async function removeVisitTeam(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const { teamId } = parseInput(z.object({ teamId: id }), raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const team = await loadTeam(trx, teamId);
		const visit = await trx.selectFrom('visits').select('id').where('team_id', '=', team.id).executeTakeFirst();
		if (visit) throw new VisitationError('invalid_state', 'team_has_visits', `${team.name} still has visits`, 'teamId');
		await trx.deleteFrom('visit_teams').where('id', '=', team.id).execute();
		return {
			result: undefined,
			audit: { evaluationId: team.evaluation_id, action: 'visitation.team_remove', entity: 'visit_team', entityId: team.id, before: team }
		};
	});
}

// ---------------------------------------------------------------- visits

/** The included bodies in the official results' national order (unranked bodies last). */
async function includedByRank(db: Reader, evaluationId: string, results: ResultSet) {
	const rows = await db
		.selectFrom('shortlist_entries')
		.innerJoin('bodies', 'bodies.id', 'shortlist_entries.body_id')
		.select(['bodies.id', 'bodies.name'])
		.where('shortlist_entries.evaluation_id', '=', evaluationId)
		.where('shortlist_entries.included', '=', 1)
		.execute();
	const rank = new Map(results.entries.map((e) => [e.bodyId, e.nationalRank]));
	return rows.map((r) => ({ bodyId: r.id, name: r.name, rank: rank.get(r.id) ?? Number.MAX_SAFE_INTEGER }));
}

export interface PlanOutcome {
	planned: number;
	unplanned: { bodyId: string; name: string; reason: UnplannedReason }[];
}

/**
 * (Re)plans the visits of every shortlisted body over the plan's days: best-ranked first, at most
 * the daily capacity a day, teams taking turns. Planned visits are replaced; visits with a
 * recorded outcome stay on their day. Reports the bodies that did not fit.
 *
 * @example const { planned, unplanned } = await planVisits(ctx, admin, { evaluationId });
 */
export async function planVisits(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<PlanOutcome> {
	requireAdmin(actor);
	const { evaluationId } = parseInput(z.object({ evaluationId: id }), raw);
	await loadEvaluation(ctx.db, evaluationId);
	const results = await computeEvaluationResults(ctx.db, evaluationId, 'all');
	return auditedAdminChange(ctx, actor, async (trx) => {
		const plan = await requirePlan(trx, evaluationId);
		const teams = await trx
			.selectFrom('visit_teams')
			.select(['id'])
			.where('evaluation_id', '=', evaluationId)
			// Teams made in the same millisecond take turns by name (unique), not by their random ids.
			.orderBy('created_at')
			.orderBy('name')
			.orderBy('id')
			.execute();
		if (teams.length === 0) throw new VisitationError('invalid_state', 'no_teams', 'Add a visiting team first');
		const candidates = await includedByRank(trx, evaluationId, results);
		const before = await trx.selectFrom('visits').selectAll().where('evaluation_id', '=', evaluationId).execute();
		const fixed = before.filter((v) => v.status !== 'planned');
		const proposal = planVisitDays({
			days: plan.days,
			dailyCapacity: plan.dailyCapacity,
			teamIds: teams.map((t) => t.id),
			candidates,
			fixed: fixed.map((v) => ({ bodyId: v.body_id, date: v.visit_date }))
		});
		await trx.deleteFrom('visits').where('evaluation_id', '=', evaluationId).where('status', '=', 'planned').execute();
		const rows = proposal.visits.map((v) => ({
			id: crypto.randomUUID(),
			evaluation_id: evaluationId,
			body_id: v.bodyId,
			team_id: v.teamId,
			visit_date: v.date,
			status: 'planned' as const,
			outcome_note: null,
			recorded_by: null,
			recorded_at: null
		}));
		if (rows.length > 0) await trx.insertInto('visits').values(rows).execute();
		const name = new Map(candidates.map((c) => [c.bodyId, c.name]));
		const result = { planned: rows.length, unplanned: proposal.unplanned.map((u) => ({ ...u, name: name.get(u.bodyId) ?? u.bodyId })) };
		return {
			result,
			audit: {
				evaluationId,
				action: 'visitation.plan',
				entity: 'visits',
				entityId: evaluationId,
				before: before.filter((v) => v.status === 'planned').map((v) => ({ bodyId: v.body_id, teamId: v.team_id, date: v.visit_date })),
				after: { visits: proposal.visits, unplanned: proposal.unplanned }
			}
		};
	});
}

async function loadVisit(db: Reader, visitId: string) {
	const visit = await db.selectFrom('visits').selectAll().where('id', '=', visitId).executeTakeFirst();
	if (!visit) throw new VisitationError('not_found', 'visit_not_found', 'Visit not found');
	return visit;
}

const assertPlanned = (visit: VisitTable) => {
	if (visit.status !== 'planned') throw new VisitationError('invalid_state', 'visit_recorded', 'This visit is already recorded');
};

export const moveVisitInput = z.object({ visitId: id, visitDate: day, teamId: id });

/**
 * Moves a planned visit to another day within the plan's range and/or another team; refused when
 * the day is outside the range or already full.
 *
 * @example await moveVisit(ctx, admin, { visitId, visitDate: '2023-12-06', teamId })
 */
export async function moveVisit(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const input = parseInput(moveVisitInput, raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const visit = await loadVisit(trx, input.visitId);
		assertPlanned(visit);
		const team = await loadTeam(trx, input.teamId);
		if (team.evaluation_id !== visit.evaluation_id) throw new VisitationError('not_found', 'team_not_found', 'Team not found', 'teamId');
		const plan = await requirePlan(trx, visit.evaluation_id);
		const others = await trx
			.selectFrom('visits')
			.select('visit_date as date')
			.where('evaluation_id', '=', visit.evaluation_id)
			.where('id', '!=', visit.id)
			.execute();
		const problem = visitMoveProblem({ days: plan.days, dailyCapacity: plan.dailyCapacity, others }, input.visitDate);
		if (problem)
			throw new VisitationError(
				'invalid_input',
				problem,
				problem === 'day_full' ? 'That day is full' : 'Outside the visit dates',
				'visitDate'
			);
		await trx.updateTable('visits').set({ visit_date: input.visitDate, team_id: team.id }).where('id', '=', visit.id).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: visit.evaluation_id,
				action: 'visitation.visit_move',
				entity: 'visit',
				entityId: visit.id,
				before: { date: visit.visit_date, teamId: visit.team_id },
				after: { date: input.visitDate, teamId: team.id }
			}
		};
	});
}

export const recordOutcomeInput = z
	.object({
		visitId: id,
		outcome: z.enum(['confirmed', 'corrected'], 'required'),
		note: z.string().trim().max(500, 'too_long').optional().default(''),
		correctedScore: optionalScore,
		reason: z.string().trim().max(500, 'too_long').optional().default(''),
		/** The minutes or decree the correction cites (optional for a visit: the visit itself is on record). */
		decreeReference: z.string().trim().max(200, 'too_long').optional().default('')
	})
	.superRefine((v, issue) => {
		if (v.outcome !== 'corrected') return;
		if (v.correctedScore === undefined) issue.addIssue({ code: 'custom', path: ['correctedScore'], message: 'required' });
		if (v.reason === '') issue.addIssue({ code: 'custom', path: ['reason'], message: 'required' });
	});

/**
 * Records what a visit found: the claims are confirmed (an optional note), or the prior/SAQ score
 * the visit verified is corrected, with the reason. A correction is an amendment like any other
 * (see services/results/corrections): every view of the results applies it from then on (live
 * leaderboard included), the corrections list shows it, and the results hub shows what publishing
 * it as a new version would change.
 *
 * @example await recordVisitOutcome(ctx, admin, { visitId, outcome: 'corrected', correctedScore: 95.8, reason: 'Evidence of the PPID service found on site' })
 */
export async function recordVisitOutcome(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const input = parseInput(recordOutcomeInput, raw);
	const visit = await loadVisit(ctx.db, input.visitId);
	const evaluationId = visit.evaluation_id;
	const { version } = await commitLiveChange(
		ctx.db,
		evaluationId,
		async (trx) => {
			// Read again inside the transaction: another secretariat tab may have recorded it meanwhile.
			const current = await loadVisit(trx, visit.id);
			assertPlanned(current);
			const now = Date.now();
			let amendment = null;
			if (input.outcome === 'corrected') {
				const prior = await effectivePriorScore(trx, evaluationId, current.body_id);
				if (prior === input.correctedScore)
					throw new VisitationError(
						'invalid_input',
						'no_change',
						'The corrected score is the score the body already has',
						'correctedScore'
					);
				amendment = await insertAmendment(trx, {
					evaluationId,
					bodyId: current.body_id,
					kind: 'prior_score',
					value: input.correctedScore!,
					was: prior,
					reason: input.reason,
					source: 'visit',
					decreeReference: input.decreeReference || null,
					visitId: current.id,
					actorId: actor.id,
					at: now
				});
			}
			const outcome = {
				status: input.outcome,
				outcome_note: (input.outcome === 'corrected' ? input.reason : input.note) || null,
				recorded_by: actor.id,
				recorded_at: now
			};
			await trx.updateTable('visits').set(outcome).where('id', '=', current.id).execute();
			await appendAudit(trx, {
				actorId: actor.id,
				evaluationId,
				action: input.outcome === 'corrected' ? 'visitation.visit_correct' : 'visitation.visit_confirm',
				entity: 'visit',
				entityId: current.id,
				before: current,
				after: { ...outcome, amendment }
			});
		},
		// A correction changes what the audience's leaderboard shows.
		input.outcome === 'corrected' ? 'public' : 'internal'
	);
	ctx.publisher.changed({ evaluationId, version, public: input.outcome === 'corrected' });
}

// ---------------------------------------------------------------- corrected results

export interface ResultChanges {
	/** The published version, or null before the first publication. */
	published: { version: number; hash: string } | null;
	/** The results as they stand now differ from the published version. */
	pending: boolean;
	/** Who moved between the published version and now; null before the first publication. */
	changes: ComparedBody[] | null;
	/** The whole comparison (moves, bands, shortlist), as the results hub shows it. */
	comparison: ResultsComparison | null;
}

/** What publishing now would change, as the results hub shows it (the draft against the last version). */
async function resultChanges(db: DB, evaluationId: string): Promise<ResultChanges> {
	const { published, pending, comparison } = await draftChanges(db, evaluationId);
	return {
		published: published && { version: published.version, hash: published.hash },
		pending,
		changes: comparison?.moves ?? null,
		comparison
	};
}

// ---------------------------------------------------------------- the page

export interface ShortlistRow {
	bodyId: string;
	bodyName: string;
	categoryName: string;
	source: 'rule' | 'manual';
	included: boolean;
	reason: string | null;
	/** Why the rule selects the body (null: it does not). */
	selection: ShortlistReason[] | null;
	tiedAtCut: boolean;
	bubble: boolean;
	finalScore: number | null;
	band: string | null;
	rankInCategory: number | null;
	nationalRank: number | null;
	/** The ties the body is part of (ranks read "2="), in its category and nationally. */
	categoryTie: TieNote | null;
	nationalTie: TieNote | null;
}

export interface VisitRow {
	id: string;
	bodyId: string;
	bodyName: string;
	teamId: string;
	teamName: string;
	date: string;
	status: VisitTable['status'];
	outcomeNote: string | null;
	priorScore: number;
	/** The day is outside the plan's current range (the dates changed after planning). */
	outsideRange: boolean;
}

export interface VisitationOverview {
	plan: VisitationPlan | null;
	bands: string[];
	shortlist: ShortlistRow[];
	/** Bodies not on the shortlist, to add by hand. */
	others: { id: string; name: string }[];
	teams: { id: string; name: string; members: string; visits: number }[];
	visits: VisitRow[];
	/** Shortlisted bodies without a visit (they did not fit, or were added after planning). */
	waiting: { bodyId: string; name: string }[];
	/** The corrections visits made (every correction is on the results' corrections page). */
	amendments: Correction[];
	results: ResultChanges;
}

/**
 * Everything the visitation page shows, in one call.
 *
 * @example const overview = await visitationOverview(ctx, admin, evaluationId);
 */
export async function visitationOverview(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<VisitationOverview> {
	requireAdmin(actor);
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	const db = ctx.db;
	const [plan, entries, bodies, teams, visits, amendments, current, results] = await Promise.all([
		loadPlan(db, evaluationId),
		db.selectFrom('shortlist_entries').selectAll().where('evaluation_id', '=', evaluationId).execute(),
		db
			.selectFrom('bodies')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select(['bodies.id', 'bodies.name', 'categories.name as category_name', 'bodies.archived_at'])
			.where('bodies.evaluation_id', '=', evaluationId)
			.orderBy('bodies.name')
			.execute(),
		db
			.selectFrom('visit_teams')
			.selectAll()
			.where('evaluation_id', '=', evaluationId)
			.orderBy('created_at')
			.orderBy('name')
			.orderBy('id')
			.execute(),
		db.selectFrom('visits').selectAll().where('evaluation_id', '=', evaluationId).execute(),
		storedAmendments(db, evaluationId).then((all) => all.filter((a) => a.source === 'visit')),
		computeEvaluationResults(db, evaluationId, 'all'),
		resultChanges(db, evaluationId)
	]);
	const body = new Map(bodies.map((b) => [b.id, b]));
	const result = new Map(current.entries.map((e) => [e.bodyId, e]));
	// The prior score each body has now, corrections by visits, the secretariat or a re-import applied.
	const prior = new Map(current.entries.map((e) => [e.bodyId, e.priorScore]));
	const teamName = new Map(teams.map((t) => [t.id, t.name]));
	const [categoryTies, nationalTies] = [tieNotes(current, 'category'), tieNotes(current, 'national')];
	const shortlist: ShortlistRow[] = entries
		.map((e) => {
			const r = result.get(e.body_id);
			return {
				bodyId: e.body_id,
				bodyName: body.get(e.body_id)?.name ?? e.body_id,
				categoryName: body.get(e.body_id)?.category_name ?? '',
				source: e.source,
				included: e.included === 1,
				reason: e.source === 'manual' ? e.reason : null,
				selection: e.selection ? JSON.parse(e.selection) : null,
				tiedAtCut: e.tied_at_cut === 1,
				bubble: e.bubble === 1,
				finalScore: r?.finalScore ?? null,
				band: r?.band ?? null,
				rankInCategory: r?.rankInCategory ?? null,
				nationalRank: r?.nationalRank ?? null,
				categoryTie: categoryTies.get(e.body_id) ?? null,
				nationalTie: nationalTies.get(e.body_id) ?? null
			};
		})
		.sort((a, b) => (a.nationalRank ?? Infinity) - (b.nationalRank ?? Infinity) || a.bodyName.localeCompare(b.bodyName));
	const included = new Set(shortlist.filter((s) => s.included).map((s) => s.bodyId));
	const visited = new Set(visits.map((v) => v.body_id));
	const days = new Set(plan?.days ?? []);
	return {
		plan,
		bands: scoringRules(evaluation).bands.map((b) => b.label),
		shortlist,
		others: bodies.filter((b) => !included.has(b.id) && b.archived_at === null).map((b) => ({ id: b.id, name: b.name })),
		teams: teams.map((t) => ({ id: t.id, name: t.name, members: t.members, visits: visits.filter((v) => v.team_id === t.id).length })),
		visits: visits
			.map((v) => ({
				id: v.id,
				bodyId: v.body_id,
				bodyName: body.get(v.body_id)?.name ?? v.body_id,
				teamId: v.team_id,
				teamName: teamName.get(v.team_id) ?? '',
				date: v.visit_date,
				status: v.status,
				outcomeNote: v.outcome_note,
				priorScore: prior.get(v.body_id) ?? 0,
				outsideRange: !days.has(v.visit_date)
			}))
			.sort(
				(a, b) => a.date.localeCompare(b.date) || (result.get(a.bodyId)?.nationalRank ?? 0) - (result.get(b.bodyId)?.nationalRank ?? 0)
			),
		waiting: shortlist.filter((s) => s.included && !visited.has(s.bodyId)).map((s) => ({ bodyId: s.bodyId, name: s.bodyName })),
		amendments,
		results
	};
}
