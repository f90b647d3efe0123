/**
 * The schedule: time windows per day and room, the automatic schedule (proposed, then applied),
 * and manual moves and swaps of slots. Only `scheduled` slots ever move: a slot that started,
 * was certified or was a no-show stays where it happened.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import {
	MINUTE_MS,
	blockedKey,
	eventDays,
	eventTimeToEpoch,
	isEventDate,
	isFinished,
	moveWarnings,
	overlaps,
	parseTimeRanges,
	proposeSchedule,
	quorumShortfall,
	scheduleOrder,
	standingWarnings,
	type DescribedWarning,
	type Interval,
	type MoveWarning,
	type RoomSlot,
	type ScheduleBody,
	type ScheduleProposal,
	type UnplacedReason
} from '$lib/domain/setup/schedule';
import type { SlotState } from '$lib/domain/live/slot-machine';
import type { AggregationRule } from '$lib/domain/scoring';
import type { EventZone } from '$lib/domain/setup/event-zone';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import { auditedAdminChange } from './audited';
import type { ServiceContext } from './context';
import { ScheduleError, adminLiveChange, requireAdmin } from './panels';
import { parseInput } from './validation';

type Reader = DB | Transaction<Database>;

const id = z.string().min(1, 'required').max(64);

export interface BoardSlot extends RoomSlot {
	panelId: string;
	position: number;
	state: SlotState;
	bodyName: string;
	categoryName: string;
	/** The online meeting of a slot held online; null: in the room. */
	meetingLink: string | null;
}

export interface Board {
	/** The event's zone: windows and moves are typed, and days are cut, on its clocks. */
	timeZone: EventZone;
	timing: { presentation: number; qa: number; scoring: number; changeover: number; slotMinutes: number };
	/** frozen: scoring has opened in one of its slots, so its jurors are fixed. */
	panels: { id: string; name: string; room: string; jurorIds: string[]; frozen: boolean }[];
	windows: { id: string; panelId: string | null; start: number; end: number }[];
	/** Every slot, by panel then position. */
	slots: BoardSlot[];
	/** The bodies to schedule: invited, not archived, in an active category; in the scheduler's order. */
	bodies: (ScheduleBody & { categoryName: string })[];
	/** Of those, the ones without a slot. */
	unscheduled: (ScheduleBody & { categoryName: string })[];
	/** Juror–body pairs that may not meet: confirmed recusals and conflicts not dismissed. */
	blocked: Set<string>;
	/** Of those, the confirmed recusals: jurors who will not score the body. */
	recused: Set<string>;
	/** Valid sheets a slot needs to be certified (the evaluation's aggregation). */
	quorum: number;
	jurorNames: Map<string, string>;
}

/** The windows open in a room: the every-room windows and the room's own. */
export const windowsOf = (board: Pick<Board, 'windows'>, panelId: string): Interval[] =>
	board.windows.filter((w) => w.panelId === null || w.panelId === panelId);

/** Everything the schedule pages, the scheduler and the exports read, in one load. */
export async function loadBoard(db: Reader, evaluationId: string): Promise<Board> {
	const evaluation = await db
		.selectFrom('evaluations')
		.select(['presentation_minutes', 'qa_minutes', 'scoring_minutes', 'changeover_minutes', 'time_zone', 'aggregation'])
		.where('id', '=', evaluationId)
		.executeTakeFirst();
	if (!evaluation) throw new ScheduleError('not_found', 'evaluation_not_found', 'Evaluation not found');
	const [panels, seats, windows, slots, bodies, recusals, conflicts, jurors] = await Promise.all([
		db.selectFrom('panels').select(['id', 'name', 'room']).where('evaluation_id', '=', evaluationId).orderBy('name').execute(),
		db
			.selectFrom('panel_jurors')
			.innerJoin('panels', 'panels.id', 'panel_jurors.panel_id')
			.select(['panel_jurors.panel_id', 'panel_jurors.juror_id'])
			.where('panels.evaluation_id', '=', evaluationId)
			.orderBy('panel_jurors.seat')
			.execute(),
		db.selectFrom('schedule_windows').selectAll().where('evaluation_id', '=', evaluationId).orderBy('starts_at').execute(),
		db
			.selectFrom('slots')
			.innerJoin('bodies', 'bodies.id', 'slots.body_id')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select([
				'slots.id',
				'slots.panel_id',
				'slots.body_id',
				'slots.position',
				'slots.planned_start',
				'slots.presentation_minutes',
				'slots.qa_minutes',
				'slots.scoring_minutes',
				'slots.state',
				'slots.scoring_opened_at',
				'slots.meeting_link',
				'bodies.name as body_name',
				'categories.id as category_id',
				'categories.name as category_name'
			])
			.where('slots.evaluation_id', '=', evaluationId)
			.orderBy('slots.panel_id')
			.orderBy('slots.position')
			.orderBy('slots.planned_start')
			.execute(),
		db
			.selectFrom('bodies')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select(['bodies.id', 'bodies.name', 'categories.id as category_id', 'categories.name as category_name', 'categories.sort_order'])
			.where('bodies.evaluation_id', '=', evaluationId)
			.where('bodies.invited', '=', 1)
			.where('bodies.archived_at', 'is', null)
			.where('categories.archived_at', 'is', null)
			.execute(),
		db.selectFrom('recusals').select(['juror_id', 'body_id']).where('evaluation_id', '=', evaluationId).execute(),
		db
			.selectFrom('conflicts')
			.select(['juror_id', 'body_id'])
			.where('evaluation_id', '=', evaluationId)
			.where('status', '!=', 'dismissed')
			.execute(),
		db.selectFrom('users').select(['id', 'name']).where('evaluation_id', '=', evaluationId).where('role', '=', 'juror').execute()
	]);
	const changeover = evaluation.changeover_minutes;
	const slotted = new Set(slots.map((s) => s.body_id));
	const scheduleBodies = bodies
		.map((b) => ({ bodyId: b.id, name: b.name, categoryId: b.category_id, categoryName: b.category_name, categorySortOrder: b.sort_order }))
		.sort(scheduleOrder);
	return {
		timeZone: evaluation.time_zone,
		timing: {
			presentation: evaluation.presentation_minutes,
			qa: evaluation.qa_minutes,
			scoring: evaluation.scoring_minutes,
			changeover,
			slotMinutes: evaluation.presentation_minutes + evaluation.qa_minutes + evaluation.scoring_minutes + changeover
		},
		panels: panels.map((p) => ({
			...p,
			jurorIds: seats.filter((s) => s.panel_id === p.id).map((s) => s.juror_id),
			frozen: slots.some((s) => s.panel_id === p.id && s.scoring_opened_at !== null)
		})),
		windows: windows.map((w) => ({ id: w.id, panelId: w.panel_id, start: w.starts_at, end: w.ends_at })),
		slots: slots.map((s) => ({
			slotId: s.id,
			panelId: s.panel_id,
			bodyId: s.body_id,
			position: s.position,
			state: s.state,
			start: s.planned_start,
			end: s.planned_start + (s.presentation_minutes + s.qa_minutes + s.scoring_minutes + changeover) * MINUTE_MS,
			bodyName: s.body_name,
			categoryId: s.category_id,
			categoryName: s.category_name,
			meetingLink: s.meeting_link
		})),
		bodies: scheduleBodies,
		unscheduled: scheduleBodies.filter((b) => !slotted.has(b.bodyId)),
		blocked: new Set([...recusals, ...conflicts].map((r) => blockedKey(r.juror_id, r.body_id))),
		recused: new Set(recusals.map((r) => blockedKey(r.juror_id, r.body_id))),
		quorum: (JSON.parse(evaluation.aggregation) as AggregationRule).quorum,
		jurorNames: new Map(jurors.map((j) => [j.id, j.name]))
	};
}

function describe(board: Board, warnings: MoveWarning[]): DescribedWarning[] {
	const body = new Map(board.slots.map((s) => [s.slotId, s.bodyName]));
	const category = new Map(board.slots.map((s) => [s.categoryId, s.categoryName]));
	return warnings.map((w) => {
		switch (w.kind) {
			case 'conflict':
				return { kind: w.kind, jurors: w.jurorIds.map((j) => board.jurorNames.get(j) ?? j) };
			case 'overlap':
				return { kind: w.kind, bodies: w.slotIds.map((s) => body.get(s) ?? s) };
			case 'category_split':
				return { kind: w.kind, category: category.get(w.categoryId) ?? w.categoryId };
			case 'below_quorum':
				return {
					kind: w.kind,
					eligible: w.eligible,
					quorum: w.quorum,
					jurors: w.recusedJurorIds.map((j) => board.jurorNames.get(j) ?? j),
					panels: w.panelIds.map((p) => board.panels.find((panel) => panel.id === p)?.name ?? p),
					canSeat: w.canSeat
				};
			default:
				return w;
		}
	});
}

/** A slot's warnings with the quorum's: whether its panel can reach the quorum for the body. */
function withQuorum(board: Board, slot: RoomSlot, panelId: string, warnings: MoveWarning[]): MoveWarning[] {
	const quorum = quorumShortfall(slot.bodyId, panelId, board.panels, board.quorum, board.recused);
	return quorum ? [...warnings, quorum] : warnings;
}

/** What to warn about for a slot where a move would put it: the room's checks and the quorum. */
function slotWarnings(board: Board, slot: RoomSlot, panelId: string, others: readonly RoomSlot[]): MoveWarning[] {
	const jurorIds = board.panels.find((p) => p.id === panelId)?.jurorIds ?? [];
	return withQuorum(board, slot, panelId, moveWarnings(slot, { jurorIds, windows: windowsOf(board, panelId), others }, board.blocked));
}

/** The warnings of one slot where it stands now (for the board's badges); a finished slot has none. */
function warningsWhereItStands(board: Board, slot: BoardSlot): MoveWarning[] {
	if (isFinished(slot)) return [];
	const panel = board.panels.find((p) => p.id === slot.panelId);
	const room = {
		jurorIds: panel?.jurorIds ?? [],
		windows: windowsOf(board, slot.panelId),
		others: board.slots.filter((s) => s.panelId === slot.panelId)
	};
	return withQuorum(board, slot, slot.panelId, standingWarnings(slot, room, board.blocked));
}

export interface ScheduleOverview {
	board: Board;
	/** Per slot id: what is wrong with it where it stands. */
	warnings: Record<string, DescribedWarning[]>;
}

/**
 * The schedule as the secretariat reviews it: rooms, windows, slots and each slot's warnings.
 *
 * @example const { board, warnings } = await scheduleOverview(ctx, admin, evaluationId);
 */
export async function scheduleOverview(ctx: ServiceContext, actor: SessionUser, evaluationId: string): Promise<ScheduleOverview> {
	requireAdmin(actor);
	const board = await loadBoard(ctx.db, evaluationId);
	const warnings: Record<string, DescribedWarning[]> = {};
	for (const slot of board.slots) {
		const found = warningsWhereItStands(board, slot);
		if (found.length > 0) warnings[slot.slotId] = describe(board, found);
	}
	return { board, warnings };
}

// ---------------------------------------------------------------- windows

export const addWindowsInput = z
	.object({
		evaluationId: id,
		/** Empty: every room. */
		panelId: z
			.string()
			.max(64)
			.nullish()
			.transform((v) => v || null),
		firstDay: z.string().refine(isEventDate, 'invalid_date'),
		/** Empty: the first day only. */
		lastDay: z
			.string()
			.refine((v) => v === '' || isEventDate(v), 'invalid_date')
			.optional()
			.default(''),
		ranges: z
			.string()
			.trim()
			.min(1, 'required')
			.max(200, 'too_long')
			.refine((v) => parseTimeRanges(v) !== null, 'invalid_ranges')
	})
	.superRefine((v, issue) => {
		const days = eventDays(v.firstDay, v.lastDay || v.firstDay);
		if (days === null) issue.addIssue({ code: 'custom', path: ['lastDay'], message: 'last_before_first' });
		else if (days.length > 31) issue.addIssue({ code: 'custom', path: ['lastDay'], message: 'too_many_days' });
	});

/**
 * Opens time windows on one or more days, for every room or one room; times are read on the
 * event's clocks (the evaluation's zone). Lunch is simply the gap between two windows of a day.
 *
 * @example await addWindows(ctx, admin, { evaluationId, panelId: '', firstDay: '2026-11-28', lastDay: '2026-11-30', ranges: '08:00-12:00, 13:00-17:00' }) // → 6 windows
 */
export async function addWindows(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<number> {
	const input = parseInput(addWindowsInput, raw);
	const days = eventDays(input.firstDay, input.lastDay || input.firstDay)!;
	const ranges = parseTimeRanges(input.ranges)!;
	return auditedAdminChange(ctx, actor, async (trx) => {
		const evaluation = await trx.selectFrom('evaluations').select('time_zone').where('id', '=', input.evaluationId).executeTakeFirst();
		if (!evaluation) throw new ScheduleError('not_found', 'evaluation_not_found', 'Evaluation not found');
		const zone = evaluation.time_zone;
		const fresh = days.flatMap((day) =>
			ranges.map((r) => ({ start: eventTimeToEpoch(day, r.from, zone)!, end: eventTimeToEpoch(day, r.to, zone)! }))
		);
		if (input.panelId) {
			const panel = await trx.selectFrom('panels').select('evaluation_id').where('id', '=', input.panelId).executeTakeFirst();
			if (panel?.evaluation_id !== input.evaluationId)
				throw new ScheduleError('not_found', 'panel_not_found', 'Panel not found', 'panelId');
		}
		const existing = await trx.selectFrom('schedule_windows').selectAll().where('evaluation_id', '=', input.evaluationId).execute();
		// Windows that apply to the same room may not overlap: a slot must fit inside one window,
		// and two overlapping ones would hide which one it is.
		const sameRooms = existing
			.filter((w) => input.panelId === null || w.panel_id === null || w.panel_id === input.panelId)
			.map((w) => ({ start: w.starts_at, end: w.ends_at }));
		for (const [i, w] of fresh.entries()) {
			if ([...sameRooms, ...fresh.slice(0, i)].some((other) => overlaps(other, w))) {
				throw new ScheduleError('conflict', 'window_overlap', 'These times overlap a window already open for that room', 'ranges');
			}
		}
		const rows = fresh.map((w) => ({
			id: crypto.randomUUID(),
			evaluation_id: input.evaluationId,
			panel_id: input.panelId,
			starts_at: w.start,
			ends_at: w.end
		}));
		await trx.insertInto('schedule_windows').values(rows).execute();
		return {
			result: rows.length,
			audit: { evaluationId: input.evaluationId, action: 'schedule.add_windows', entity: 'schedule_window', entityId: null, after: rows }
		};
	});
}

/**
 * Removes a window. Slots already in it stay where they are and show "outside the windows".
 *
 * @example await removeWindow(ctx, admin, { windowId })
 */
export async function removeWindow(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(z.object({ windowId: id }), raw);
	await auditedAdminChange(ctx, actor, async (trx) => {
		const window = await trx.selectFrom('schedule_windows').selectAll().where('id', '=', input.windowId).executeTakeFirst();
		if (!window) throw new ScheduleError('not_found', 'window_not_found', 'Window not found');
		await trx.deleteFrom('schedule_windows').where('id', '=', window.id).execute();
		return {
			result: undefined,
			audit: {
				evaluationId: window.evaluation_id,
				action: 'schedule.remove_window',
				entity: 'schedule_window',
				entityId: window.id,
				before: window
			}
		};
	});
}

// ---------------------------------------------------------------- automatic schedule

/** Slots that already happened (or are happening) stay put and keep their time in the room. */
const isFixed = (slot: { state: SlotState }) => slot.state !== 'scheduled';

function runScheduler(board: Board, now: number): ScheduleProposal {
	const fixedBodies = new Set(board.slots.filter(isFixed).map((s) => s.bodyId));
	return proposeSchedule({
		rooms: board.panels.map((p) => ({
			panelId: p.id,
			name: p.name,
			jurorIds: p.jurorIds,
			windows: windowsOf(board, p.id),
			occupied: board.slots.filter((s) => s.panelId === p.id && isFixed(s))
		})),
		bodies: board.bodies.filter((b) => !fixedBodies.has(b.bodyId)),
		slotMinutes: board.timing.slotMinutes,
		blocked: board.blocked,
		notBefore: now
	});
}

export interface PreviewPlacement extends Interval {
	bodyId: string;
	panelId: string;
	bodyName: string;
	categoryName: string;
	/** new: the body had no slot; moved: its slot changes room or time; same: nothing changes. */
	change: 'new' | 'moved' | 'same';
}

export interface SchedulePreview {
	placements: PreviewPlacement[];
	unplaced: { bodyId: string; name: string; categoryName: string; reason: UnplacedReason }[];
	conflicts: { bodyName: string; panelName: string; jurors: string[] }[];
	/** Scheduled slots that applying removes: their body is no longer invited, or no time was left for it. */
	removed: { bodyName: string }[];
	/** Slots that started, were certified or were no-shows: kept exactly as they are. */
	kept: number;
	panels: Board['panels'];
}

/**
 * The automatic schedule for the evaluation as it stands, to review before applying: which
 * bodies go where, which did not fit (and why), which were placed despite a conflict.
 *
 * @example const preview = await previewSchedule(ctx, admin, evaluationId); // then applySchedule with preview.placements
 */
export async function previewSchedule(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	now = Date.now()
): Promise<SchedulePreview> {
	requireAdmin(actor);
	const board = await loadBoard(ctx.db, evaluationId);
	const proposal = runScheduler(board, now);
	const body = new Map(board.bodies.map((b) => [b.bodyId, b]));
	const slotOf = new Map(board.slots.map((s) => [s.bodyId, s]));
	const panelName = new Map(board.panels.map((p) => [p.id, p.name]));
	const placed = new Set(proposal.placements.map((p) => p.bodyId));
	return {
		placements: proposal.placements.map((p) => {
			const current = slotOf.get(p.bodyId);
			return {
				...p,
				bodyName: body.get(p.bodyId)!.name,
				categoryName: body.get(p.bodyId)!.categoryName,
				change: !current ? 'new' : current.panelId === p.panelId && current.start === p.start ? 'same' : 'moved'
			};
		}),
		unplaced: proposal.unplaced.map((u) => ({ ...u, name: body.get(u.bodyId)!.name, categoryName: body.get(u.bodyId)!.categoryName })),
		conflicts: proposal.conflicts.map((c) => ({
			bodyName: body.get(c.bodyId)!.name,
			panelName: panelName.get(c.panelId) ?? '',
			jurors: c.jurorIds.map((j) => board.jurorNames.get(j) ?? j)
		})),
		removed: board.slots.filter((s) => !isFixed(s) && !placed.has(s.bodyId)).map((s) => ({ bodyName: s.bodyName })),
		kept: board.slots.filter(isFixed).length,
		panels: board.panels
	};
}

export const applyScheduleInput = z.object({
	evaluationId: id,
	/** The placements the secretariat reviewed (the preview's), so what is applied is what was seen. */
	placements: z.array(z.object({ bodyId: id, panelId: id, start: z.number().int() })).max(10_000)
});

/** Numbers a panel's scheduled slots by time, after the slots that are fixed (whose positions never change). */
async function renumber(trx: Transaction<Database>, panelId: string): Promise<void> {
	const slots = await trx
		.selectFrom('slots')
		.select(['id', 'state', 'position', 'planned_start'])
		.where('panel_id', '=', panelId)
		.execute();
	const fixed = slots.filter(isFixed);
	const base = fixed.length === 0 ? 0 : Math.max(...fixed.map((s) => s.position)) + 1;
	const scheduled = slots.filter((s) => !isFixed(s)).sort((a, b) => a.planned_start - b.planned_start || (a.id < b.id ? -1 : 1));
	for (const [i, slot] of scheduled.entries()) {
		if (slot.position !== base + i)
			await trx
				.updateTable('slots')
				.set({ position: base + i })
				.where('id', '=', slot.id)
				.execute();
	}
}

/**
 * Applies reviewed placements in one audited transaction: every `scheduled` slot is replaced
 * (moved, created, or removed when its body is not placed); started, certified and no-show
 * slots are never touched. Refused, changing nothing, when a placed body's slot has started
 * since the preview, or when the placements no longer fit the rooms. Presenters and consoles
 * are pushed the new schedule.
 *
 * @example await applySchedule(ctx, admin, { evaluationId, placements: preview.placements })
 */
export async function applySchedule(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown
): Promise<{ created: number; moved: number; removed: number }> {
	const input = parseInput(applyScheduleInput, raw);
	requireAdmin(actor);
	return adminLiveChange(ctx, actor, input.evaluationId, async (trx) => {
		const board = await loadBoard(trx, input.evaluationId);
		const slotOf = new Map(board.slots.map((s) => [s.bodyId, s]));
		const started = input.placements.filter((p) => {
			const slot = slotOf.get(p.bodyId);
			return slot !== undefined && isFixed(slot);
		});
		if (started.length > 0) {
			const names = started.map((p) => slotOf.get(p.bodyId)!.bodyName).join(', ');
			throw new ScheduleError(
				'conflict',
				'slot_started_since_preview',
				`The slot of ${names} has started since this schedule was proposed; applying it would move it. Review the new proposal.`,
				'_form',
				{ bodies: names }
			);
		}
		const length = board.timing.slotMinutes * MINUTE_MS;
		const placements = input.placements.map((p) => ({ ...p, end: p.start + length }));
		const schedulable = new Set(board.bodies.map((b) => b.bodyId));
		const panels = new Set(board.panels.map((p) => p.id));
		const fixed = board.slots.filter(isFixed);
		const invalid =
			new Set(placements.map((p) => p.bodyId)).size !== placements.length ||
			placements.some(
				(p, i) =>
					!schedulable.has(p.bodyId) ||
					!panels.has(p.panelId) ||
					[...fixed, ...placements.slice(0, i)].some((o) => o.panelId === p.panelId && overlaps(o, p))
			);
		if (invalid) {
			throw new ScheduleError(
				'conflict',
				'proposal_invalid',
				'The schedule changed since this proposal (bodies, rooms or timing). Review the new proposal.'
			);
		}
		const { timing } = board;
		const minutes = { presentation_minutes: timing.presentation, qa_minutes: timing.qa, scoring_minutes: timing.scoring };
		let created = 0;
		let moved = 0;
		const placementOf = new Map(placements.map((p) => [p.bodyId, p]));
		const removedSlots = board.slots.filter((s) => !isFixed(s) && !placementOf.has(s.bodyId));
		for (const slot of removedSlots) await trx.deleteFrom('slots').where('id', '=', slot.slotId).execute();
		for (const p of placements) {
			const current = slotOf.get(p.bodyId);
			if (current) {
				if (current.panelId !== p.panelId || current.start !== p.start) moved++;
				await trx
					.updateTable('slots')
					.set({ panel_id: p.panelId, planned_start: p.start, ...minutes })
					.where('id', '=', current.slotId)
					.execute();
			} else {
				created++;
				await trx
					.insertInto('slots')
					.values({
						id: crypto.randomUUID(),
						evaluation_id: input.evaluationId,
						panel_id: p.panelId,
						body_id: p.bodyId,
						// Renumbered below, once every slot of the room is in place.
						position: 0,
						planned_start: p.start,
						...minutes,
						state: 'scheduled',
						presentation_started_at: null,
						qa_started_at: null,
						scoring_opened_at: null,
						scoring_closed_at: null,
						certified_at: null,
						certified_by: null
					})
					.execute();
			}
		}
		for (const panelId of panels) await renumber(trx, panelId);
		const summary = { created, moved, removed: removedSlots.length };
		return {
			result: summary,
			audit: {
				action: 'schedule.apply',
				entity: 'evaluation',
				entityId: input.evaluationId,
				before: board.slots.filter((s) => !isFixed(s)).map((s) => ({ bodyId: s.bodyId, panelId: s.panelId, start: s.start })),
				after: { ...summary, placements: input.placements }
			},
			panels: [...panels]
		};
	});
}

// ---------------------------------------------------------------- manual moves

export interface SlotWarnings {
	slotId: string;
	bodyName: string;
	warnings: DescribedWarning[];
}

/** Either the change was made, or it waits for the secretariat to confirm the warnings shown. */
export interface MoveOutcome {
	applied: boolean;
	warnings: SlotWarnings[];
	/** Names these exact warnings: confirming with it applies the change unless the warnings changed meanwhile. */
	warningKey: string;
}

/** The `warningKey` the secretariat confirmed, if any. */
const confirmField = z
	.string()
	.max(20_000)
	.nullish()
	.transform((v) => v || null);

export const moveSlotInput = z.object({ slotId: id, panelId: id, start: z.number().int(), confirm: confirmField });
export const swapSlotsInput = z
	.object({ slotId: id, otherSlotId: id, confirm: confirmField })
	.refine((v) => v.slotId !== v.otherSlotId, { path: ['otherSlotId'], message: 'same_slot' });

/** A planned change of one or two slots: where each lands. */
type Landing = { slot: BoardSlot; panelId: string; start: number };

/**
 * Checks the landings against the board as it would be after them, then applies them if there
 * is nothing to warn about or the secretariat confirmed exactly these warnings.
 */
async function land(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	action: string,
	plan: (board: Board) => Landing[],
	confirm: string | null
): Promise<MoveOutcome> {
	requireAdmin(actor);
	const check = (board: Board) => {
		const landings = plan(board);
		for (const { slot } of landings) {
			if (slot.state !== 'scheduled') {
				throw new ScheduleError(
					'invalid_state',
					'slot_not_scheduled',
					`${slot.bodyName}'s slot is ${slot.state.replace('_', ' ')}: only scheduled slots can move`,
					'_form',
					{
						body: slot.bodyName
					}
				);
			}
		}
		const moved = new Map(
			landings.map((l) => [l.slot.slotId, { ...l.slot, panelId: l.panelId, start: l.start, end: l.start + (l.slot.end - l.slot.start) }])
		);
		const after = board.slots.map((s) => moved.get(s.slotId) ?? s);
		const warnings = [...moved.values()]
			.map((slot) => {
				const others = after.filter((s) => s.panelId === slot.panelId && s.slotId !== slot.slotId);
				return { slotId: slot.slotId, bodyName: slot.bodyName, warnings: describe(board, slotWarnings(board, slot, slot.panelId, others)) };
			})
			.filter((w) => w.warnings.length > 0);
		return { landings, warnings, warningKey: warnings.length === 0 ? '' : JSON.stringify(warnings) };
	};

	const preview = check(await loadBoard(ctx.db, evaluationId));
	if (preview.warningKey !== '' && preview.warningKey !== confirm) {
		return { applied: false, warnings: preview.warnings, warningKey: preview.warningKey };
	}
	return adminLiveChange(ctx, actor, evaluationId, async (trx) => {
		// Checked again inside the transaction: a chair may have started the slot meanwhile.
		const { landings, warnings, warningKey } = check(await loadBoard(trx, evaluationId));
		if (warningKey !== preview.warningKey)
			throw new ScheduleError('conflict', 'proposal_invalid', 'The schedule changed meanwhile; review the move again');
		for (const l of landings)
			await trx.updateTable('slots').set({ panel_id: l.panelId, planned_start: l.start }).where('id', '=', l.slot.slotId).execute();
		const panels = [...new Set(landings.flatMap((l) => [l.slot.panelId, l.panelId]))];
		for (const panelId of panels) await renumber(trx, panelId);
		return {
			result: { applied: true, warnings, warningKey },
			audit: {
				action,
				entity: 'slot',
				entityId: landings[0].slot.slotId,
				before: landings.map((l) => ({ slotId: l.slot.slotId, panelId: l.slot.panelId, start: l.slot.start })),
				after: landings.map((l) => ({
					slotId: l.slot.slotId,
					panelId: l.panelId,
					start: l.start,
					warnings: warnings.find((w) => w.slotId === l.slot.slotId)?.warnings ?? []
				}))
			},
			panels
		};
	});
}

async function evaluationOfSlot(ctx: ServiceContext, actor: SessionUser, slotId: string): Promise<string> {
	requireAdmin(actor);
	const slot = await ctx.db.selectFrom('slots').select('evaluation_id').where('id', '=', slotId).executeTakeFirst();
	if (!slot) throw new ScheduleError('not_found', 'slot_not_found', 'Slot not found');
	return slot.evaluation_id;
}

const findSlot = (board: Board, slotId: string) => {
	const slot = board.slots.find((s) => s.slotId === slotId);
	if (!slot) throw new ScheduleError('not_found', 'slot_not_found', 'Slot not found');
	return slot;
};

/**
 * Moves a scheduled slot to a room and start time. With a conflict of interest in the target
 * panel, time outside the room's windows, an overlap or a category split, nothing changes until
 * the secretariat confirms those warnings (`confirm: outcome.warningKey`).
 *
 * @example const outcome = await moveSlot(ctx, admin, { slotId, panelId, start }); if (!outcome.applied) show(outcome.warnings);
 */
export async function moveSlot(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<MoveOutcome> {
	const input = parseInput(moveSlotInput, raw);
	const evaluationId = await evaluationOfSlot(ctx, actor, input.slotId);
	return land(
		ctx,
		actor,
		evaluationId,
		'slot.move',
		(board) => {
			if (!board.panels.some((p) => p.id === input.panelId))
				throw new ScheduleError('not_found', 'panel_not_found', 'Panel not found', 'panelId');
			return [{ slot: findSlot(board, input.slotId), panelId: input.panelId, start: input.start }];
		},
		input.confirm
	);
}

/**
 * Swaps two scheduled slots: each takes the other's room and start time (moving a slot up or
 * down its room's queue is a swap with its neighbour). Warnings as for a move.
 *
 * @example await swapSlots(ctx, admin, { slotId, otherSlotId })
 */
export async function swapSlots(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<MoveOutcome> {
	const input = parseInput(swapSlotsInput, raw);
	const evaluationId = await evaluationOfSlot(ctx, actor, input.slotId);
	return land(
		ctx,
		actor,
		evaluationId,
		'slot.swap',
		(board) => {
			const a = findSlot(board, input.slotId);
			const b = findSlot(board, input.otherSlotId);
			return [
				{ slot: a, panelId: b.panelId, start: b.start },
				{ slot: b, panelId: a.panelId, start: a.start }
			];
		},
		input.confirm
	);
}
