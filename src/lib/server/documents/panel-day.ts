/**
 * One panel's day as the room recorded it, for the minutes and the jurors' score sheets: the room,
 * its chair and seated jurors, the day's slots (by their planned start, in WIB) with the times the
 * chair's commands stamped, every juror's latest sheet, and the recusals. The URL's parameters are
 * checked first: a malformed day is refused (400); a panel of another evaluation, or a day without
 * slots in that room, is not found (404).
 */
import type { JurorNotes } from '$lib/domain/live/juror-notes';
import { z } from 'zod';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { eventDate, eventTimeToEpoch, isEventDate } from '$lib/domain/setup/schedule';
import type { Criterion, JurorEntry, ScoringRules } from '$lib/domain/scoring';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Slot } from '../db/schema';
import type { ServiceContext } from '../services/context';
import { notFound } from '../services/errors';
import { eventZoneOf, loadEvaluation, loadRubric, scoringRules } from '../services/evaluation-rules';
import { jurorEntries } from '../services/results';
import { parseInput } from '../services/validation';
import { requireSecretariat } from './access';

const id = z.string().min(1, 'required').max(64);
/** An event-local date, YYYY-MM-DD, that exists. */
const eventDay = z.string().refine(isEventDate, 'invalid_date');

const panelDayParams = z.object({ evaluationId: id, panelId: id, day: eventDay });
const slotParams = z.object({ evaluationId: id, slotId: id });

export interface Person {
	id: string;
	name: string;
}

/** A juror's latest sheet for a slot. */
export interface StoredSheet {
	jurorId: string;
	scores: Record<string, number>;
	total: number;
	revision: number;
	submittedAt: number;
	/** The juror's private notes sent with this sheet (printed on their own score sheet only). */
	notes: JurorNotes | null;
}

export interface DaySlot {
	slot: Slot;
	bodyName: string;
	categoryName: string;
	/** Each seated juror: scored (latest sheet), recused or absent, as results read them. */
	entries: JurorEntry[];
	/** Latest sheet per juror id. */
	sheets: Map<string, StoredSheet>;
}

export interface PanelDay {
	evaluationId: string;
	evaluationName: string;
	rubric: Criterion[];
	rules: ScoringRules;
	panel: { id: string; name: string; room: string };
	chair: Person | null;
	/** Seated jurors, by seat. */
	jurors: Person[];
	/** The event's zone: the day and every time of the day's records are on its clocks. */
	timeZone: EventZone;
	/** YYYY-MM-DD, on the event's clocks. */
	day: string;
	/** The day's slots by planned start. */
	slots: DaySlot[];
	/** Recusals of seated jurors from the day's bodies. */
	recusals: { juror: string; body: string; reason: string }[];
}

/**
 * Loads a panel's day for the secretariat, from the URL's `{ evaluationId, panelId, day }`.
 *
 * @example const day = await loadPanelDay(ctx, admin, { evaluationId, panelId, day: '2026-11-28' });
 */
export async function loadPanelDay(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<PanelDay> {
	requireSecretariat(actor);
	const { evaluationId, panelId, day } = parseInput(panelDayParams, raw);
	const panel = await ctx.db
		.selectFrom('panels')
		.selectAll()
		.where('id', '=', panelId)
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	if (!panel) throw notFound('Panel');
	// A day is 24 hours on the event's clocks (no daylight saving); slots belong to the day they were planned on.
	const from = eventTimeToEpoch(day, '00:00', await eventZoneOf(ctx.db, evaluationId))!;
	const slots = await ctx.db
		.selectFrom('slots')
		.selectAll()
		.where('panel_id', '=', panelId)
		.where('planned_start', '>=', from)
		.where('planned_start', '<', from + 24 * 3600_000)
		.orderBy('planned_start')
		.orderBy('position')
		.execute();
	if (slots.length === 0) throw notFound('Slots of this panel on this day');
	return describeDay(ctx.db, evaluationId, panel, day, slots);
}

/**
 * The panel-day of one slot, with that slot only (a slot's score sheets).
 *
 * @example const one = await loadSlotDay(ctx, admin, { evaluationId, slotId });
 */
export async function loadSlotDay(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<PanelDay> {
	requireSecretariat(actor);
	const { evaluationId, slotId } = parseInput(slotParams, raw);
	const slot = await ctx.db
		.selectFrom('slots')
		.selectAll()
		.where('id', '=', slotId)
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	if (!slot) throw notFound('Slot');
	const panel = await ctx.db.selectFrom('panels').selectAll().where('id', '=', slot.panel_id).executeTakeFirstOrThrow();
	return describeDay(ctx.db, evaluationId, panel, eventDate(slot.planned_start, await eventZoneOf(ctx.db, evaluationId)), [slot]);
}

async function describeDay(
	db: DB,
	evaluationId: string,
	panel: { id: string; name: string; room: string; chair_id: string | null },
	day: string,
	slots: Slot[]
): Promise<PanelDay> {
	const evaluation = await loadEvaluation(db, evaluationId);
	const slotIds = slots.map((s) => s.id);
	const bodyIds = slots.map((s) => s.body_id);
	const [rubric, seated, chair, bodies, sheets, recusals, entries] = await Promise.all([
		loadRubric(db, evaluationId),
		db
			.selectFrom('panel_jurors')
			.innerJoin('users', 'users.id', 'panel_jurors.juror_id')
			.select(['users.id', 'users.name'])
			.where('panel_jurors.panel_id', '=', panel.id)
			.orderBy('panel_jurors.seat')
			.execute(),
		panel.chair_id ? db.selectFrom('users').select(['id', 'name']).where('id', '=', panel.chair_id).executeTakeFirst() : undefined,
		db
			.selectFrom('bodies')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select(['bodies.id', 'bodies.name', 'categories.name as category'])
			.where('bodies.id', 'in', bodyIds)
			.execute(),
		db.selectFrom('score_submissions').selectAll().where('slot_id', 'in', slotIds).execute(),
		db
			.selectFrom('recusals')
			.innerJoin('users', 'users.id', 'recusals.juror_id')
			.innerJoin('bodies', 'bodies.id', 'recusals.body_id')
			.select(['recusals.juror_id', 'users.name as juror', 'bodies.name as body', 'recusals.reason'])
			.where('recusals.body_id', 'in', bodyIds)
			.orderBy('bodies.name')
			.orderBy('users.name')
			.execute(),
		jurorEntries(db, slots)
	]);
	const body = new Map(bodies.map((b) => [b.id, b]));
	const latest = new Map<string, Map<string, StoredSheet>>(slotIds.map((id) => [id, new Map()]));
	for (const s of sheets) {
		const bySlot = latest.get(s.slot_id)!;
		if ((bySlot.get(s.juror_id)?.revision ?? 0) < s.revision)
			bySlot.set(s.juror_id, {
				jurorId: s.juror_id,
				scores: JSON.parse(s.scores),
				total: s.total,
				revision: s.revision,
				submittedAt: s.submitted_at,
				notes: s.notes ? JSON.parse(s.notes) : null
			});
	}
	const seatedIds = new Set(seated.map((j) => j.id));
	return {
		evaluationId,
		evaluationName: evaluation.name,
		timeZone: evaluation.time_zone,
		rubric,
		rules: scoringRules(evaluation),
		panel: { id: panel.id, name: panel.name, room: panel.room },
		chair: chair ?? null,
		jurors: seated,
		day,
		slots: slots.map((slot) => ({
			slot,
			bodyName: body.get(slot.body_id)?.name ?? slot.body_id,
			categoryName: body.get(slot.body_id)?.category ?? '',
			entries: entries.get(slot.id) ?? [],
			sheets: latest.get(slot.id)!
		})),
		recusals: recusals.filter((r) => seatedIds.has(r.juror_id)).map(({ juror, body, reason }) => ({ juror, body, reason }))
	};
}
