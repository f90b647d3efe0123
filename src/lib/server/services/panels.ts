/**
 * Panels (rooms): their name and room, the chair, and the seated jurors in seat order. A panel's
 * juror list freezes once any of its slots has opened scoring: adding a juror mid-judging gave
 * some entries three jurors and others four.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { ErrorCode } from '$lib/shared/contracts';
import { appendAudit, type AuditEntry } from '../audit';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import type { Database } from '../db/schema';
import type { ServiceContext } from './context';
import { ServiceError, secretariatOnly } from './errors';
import { commitLiveChange } from './transaction';
import { parseInput } from './validation';

/** Why a schedule or panel change was refused; screens translate it (the message is English, for logs and tests). */
export type ScheduleRefusal =
	| 'panel_not_found'
	| 'panel_name_taken'
	| 'panel_has_slots'
	| 'panel_frozen'
	| 'not_a_chair'
	| 'chair_taken'
	| 'not_a_juror'
	| 'juror_seated_elsewhere'
	| 'juror_already_seated'
	| 'juror_not_seated'
	| 'window_not_found'
	| 'window_overlap'
	| 'slot_not_found'
	| 'slot_not_scheduled'
	| 'slot_started_since_preview'
	| 'proposal_invalid'
	| 'evaluation_not_found';

/** A refusal from the panels or schedule services, with the field it belongs to. */
export class ScheduleError extends ServiceError {
	constructor(
		code: ErrorCode,
		readonly reason: ScheduleRefusal,
		message: string,
		readonly field = '_form',
		readonly params: Record<string, string> = {}
	) {
		super(code, message, [{ path: field, message }]);
	}
}

/**
 * A secretariat change that live views show (a room name, a seat, a slot's time): admin only, one
 * transaction with its audit row that also bumps the live version, and the publish after commit.
 * (`auditedAdminChange` does not bump the version, so presenters and consoles would not hear of it.)
 */
export async function adminLiveChange<T>(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string,
	work: (
		trx: Transaction<Database>
	) => Promise<{ result: T; audit: Omit<AuditEntry, 'actorId' | 'evaluationId'>; panels: string[]; members?: string[] }>
): Promise<T> {
	requireAdmin(actor);
	const { result, version } = await commitLiveChange(
		ctx.db,
		evaluationId,
		async (trx) => {
			const done = await work(trx);
			await appendAudit(trx, { ...done.audit, evaluationId, actorId: actor.id });
			return done;
		},
		'public'
	);
	ctx.publisher.changed({
		evaluationId,
		version,
		panels: [...new Set(result.panels)],
		...(result.members?.length ? { members: [...new Set(result.members)] } : {}),
		public: true
	});
	return result.result;
}

export function requireAdmin(actor: SessionUser): void {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat can change panels and the schedule');
}

const id = z.string().min(1, 'required').max(64);
const text = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');

/** Directions to the room, shown on its presenters' pages (free text; empty: none). */
const DIRECTIONS_MAX = 500;
export const panelFields = z.object({
	name: text(80),
	room: text(120),
	/** Omitted: kept as it is; empty: none. */
	directions: z
		.string()
		.trim()
		.max(DIRECTIONS_MAX, 'too_long')
		.nullish()
		.transform((v) => (v === undefined ? undefined : v || null))
});
export const createPanelInput = panelFields.extend({ evaluationId: id });
export const updatePanelInput = panelFields.extend({ panelId: id });
export const setChairInput = z.object({
	panelId: id,
	/** Empty: no chair. (Nullish too, so data parsed by a form passes the service's own check.) */
	chairId: z
		.string()
		.max(64)
		.nullish()
		.transform((v) => v || null)
});
export const seatInput = z.object({ panelId: id, jurorId: id });
export const moveSeatInput = seatInput.extend({ direction: z.enum(['up', 'down']) });

/** Checks the actor first, so nobody but the secretariat learns whether a panel exists. */
async function loadPanelAs(ctx: ServiceContext, actor: SessionUser, panelId: string) {
	requireAdmin(actor);
	const panel = await ctx.db.selectFrom('panels').selectAll().where('id', '=', panelId).executeTakeFirst();
	if (!panel) throw new ScheduleError('not_found', 'panel_not_found', 'Panel not found');
	return panel;
}

async function assertNameFree(trx: Transaction<Database>, evaluationId: string, name: string, exceptPanelId?: string) {
	const same = await trx
		.selectFrom('panels')
		.select(['id', 'name'])
		.where('evaluation_id', '=', evaluationId)
		.execute()
		.then((rows) => rows.find((r) => r.id !== exceptPanelId && r.name.toLocaleLowerCase('id') === name.toLocaleLowerCase('id')));
	if (same) throw new ScheduleError('conflict', 'panel_name_taken', `Another panel is already called "${same.name}"`, 'name');
}

/** Whether any slot of the panel has opened scoring: its jurors are then fixed for the evaluation. */
export async function panelFrozen(db: DB | Transaction<Database>, panelId: string): Promise<boolean> {
	const opened = await db
		.selectFrom('slots')
		.select('id')
		.where('panel_id', '=', panelId)
		.where('scoring_opened_at', 'is not', null)
		.executeTakeFirst();
	return opened !== undefined;
}

/**
 * Creates a panel (a room with its own chair and jurors).
 *
 * @example await createPanel(ctx, admin, { evaluationId, name: 'Panel C', room: 'Ruang Semeru' }) // → panel id
 */
export async function createPanel(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<string> {
	requireAdmin(actor);
	const input = parseInput(createPanelInput, raw);
	const evaluation = await ctx.db.selectFrom('evaluations').select('id').where('id', '=', input.evaluationId).executeTakeFirst();
	if (!evaluation) throw new ScheduleError('not_found', 'evaluation_not_found', 'Evaluation not found');
	return adminLiveChange(ctx, actor, input.evaluationId, async (trx) => {
		await assertNameFree(trx, input.evaluationId, input.name);
		const panelId = crypto.randomUUID();
		const row = {
			id: panelId,
			evaluation_id: input.evaluationId,
			name: input.name,
			room: input.room,
			directions: input.directions ?? null,
			chair_id: null
		};
		await trx.insertInto('panels').values(row).execute();
		return { result: panelId, audit: { action: 'panel.create', entity: 'panel', entityId: panelId, after: row }, panels: [panelId] };
	});
}

/**
 * Renames a panel and sets its room and the directions to it; consoles and presenters show them at once.
 *
 * @example await updatePanel(ctx, admin, { panelId, name: 'Panel A', room: 'Ruang Krakatau', directions: 'Gedung B, lantai 3' })
 */
export async function updatePanel(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(updatePanelInput, raw);
	const panel = await loadPanelAs(ctx, actor, input.panelId);
	await adminLiveChange(ctx, actor, panel.evaluation_id, async (trx) => {
		await assertNameFree(trx, panel.evaluation_id, input.name, panel.id);
		const after = { name: input.name, room: input.room, directions: input.directions === undefined ? panel.directions : input.directions };
		await trx.updateTable('panels').set(after).where('id', '=', panel.id).execute();
		return {
			result: undefined,
			audit: {
				action: 'panel.update',
				entity: 'panel',
				entityId: panel.id,
				before: { name: panel.name, room: panel.room, directions: panel.directions },
				after
			},
			panels: [panel.id]
		};
	});
}

/**
 * Deletes a panel that has no slots (a panel created by mistake); its jurors become free to seat elsewhere.
 *
 * @example await deletePanel(ctx, admin, { panelId })
 */
export async function deletePanel(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(z.object({ panelId: id }), raw);
	const panel = await loadPanelAs(ctx, actor, input.panelId);
	await adminLiveChange(ctx, actor, panel.evaluation_id, async (trx) => {
		const slot = await trx.selectFrom('slots').select('id').where('panel_id', '=', panel.id).executeTakeFirst();
		if (slot) throw new ScheduleError('invalid_state', 'panel_has_slots', 'This panel has slots; move them to another panel first');
		const jurors = await trx.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panel.id).orderBy('seat').execute();
		await trx.deleteFrom('panels').where('id', '=', panel.id).execute();
		return {
			result: undefined,
			audit: { action: 'panel.delete', entity: 'panel', entityId: panel.id, before: { ...panel, jurors: jurors.map((j) => j.juror_id) } },
			panels: [panel.id],
			// Its chair's console and its jurors' tablets have no panel left to show.
			members: [...jurors.map((j) => j.juror_id), ...(panel.chair_id ? [panel.chair_id] : [])]
		};
	});
}

/**
 * Sets (or clears, with an empty id) the chair of a panel: a person with the role chair in this
 * evaluation, who chairs no other panel.
 *
 * @example await setPanelChair(ctx, admin, { panelId, chairId })
 */
export async function setPanelChair(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(setChairInput, raw);
	const panel = await loadPanelAs(ctx, actor, input.panelId);
	await adminLiveChange(ctx, actor, panel.evaluation_id, async (trx) => {
		if (input.chairId) {
			const chair = await trx
				.selectFrom('users')
				.select(['id', 'role', 'evaluation_id', 'archived_at'])
				.where('id', '=', input.chairId)
				.executeTakeFirst();
			if (!chair || chair.role !== 'chair' || chair.evaluation_id !== panel.evaluation_id || chair.archived_at !== null) {
				throw new ScheduleError('invalid_input', 'not_a_chair', 'Choose a chair of this evaluation', 'chairId');
			}
			const other = await trx
				.selectFrom('panels')
				.select('name')
				.where('chair_id', '=', chair.id)
				.where('id', '!=', panel.id)
				.executeTakeFirst();
			// The chair's console opens "their" panel: one person chairs one panel.
			if (other)
				throw new ScheduleError('conflict', 'chair_taken', `This person already chairs ${other.name}`, 'chairId', { panel: other.name });
		}
		await trx.updateTable('panels').set({ chair_id: input.chairId }).where('id', '=', panel.id).execute();
		return {
			result: undefined,
			audit: {
				action: 'panel.set_chair',
				entity: 'panel',
				entityId: panel.id,
				before: { chairId: panel.chair_id },
				after: { chairId: input.chairId }
			},
			panels: [panel.id],
			// The chair removed leaves the console; the chair appointed may already have it open.
			members: [panel.chair_id, input.chairId].filter((u): u is string => !!u)
		};
	});
}

/** Replaces a panel's seats with `jurorIds` in that order, refusing once the panel is frozen. */
async function replaceSeats(trx: Transaction<Database>, panelId: string, jurorIds: string[]) {
	if (await panelFrozen(trx, panelId)) {
		throw new ScheduleError(
			'invalid_state',
			'panel_frozen',
			'Scoring has started in this panel: its jurors can no longer change, so every body is judged by the same panel. Record a recusal instead.',
			'jurorId'
		);
	}
	await trx.deleteFrom('panel_jurors').where('panel_id', '=', panelId).execute();
	if (jurorIds.length > 0) {
		await trx
			.insertInto('panel_jurors')
			.values(jurorIds.map((jurorId, seat) => ({ panel_id: panelId, juror_id: jurorId, seat })))
			.execute();
	}
}

async function seatedJurors(trx: Transaction<Database>, panelId: string): Promise<string[]> {
	const rows = await trx.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panelId).orderBy('seat').execute();
	return rows.map((r) => r.juror_id);
}

/** Runs a change of a panel's seats: loads the seats, lets `change` compute the new order, writes and audits it. */
async function changeSeats(
	ctx: ServiceContext,
	actor: SessionUser,
	panelId: string,
	action: string,
	change: (trx: Transaction<Database>, seats: string[], evaluationId: string) => Promise<string[]>,
	affectedJuror: string
): Promise<void> {
	const panel = await loadPanelAs(ctx, actor, panelId);
	await adminLiveChange(ctx, actor, panel.evaluation_id, async (trx) => {
		const before = await seatedJurors(trx, panel.id);
		const after = await change(trx, before, panel.evaluation_id);
		await replaceSeats(trx, panel.id, after);
		return {
			result: undefined,
			audit: { action, entity: 'panel', entityId: panel.id, before: { jurors: before }, after: { jurors: after } },
			panels: [panel.id],
			members: [affectedJuror]
		};
	});
}

/**
 * Seats a juror of this evaluation in the next free seat of a panel (a juror sits on one panel).
 *
 * @example await seatJuror(ctx, admin, { panelId, jurorId })
 */
export async function seatJuror(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(seatInput, raw);
	await changeSeats(
		ctx,
		actor,
		input.panelId,
		'panel.seat_juror',
		async (trx, seats, evaluationId) => {
			const juror = await trx
				.selectFrom('users')
				.select(['id', 'role', 'evaluation_id', 'archived_at'])
				.where('id', '=', input.jurorId)
				.executeTakeFirst();
			if (!juror || juror.role !== 'juror' || juror.evaluation_id !== evaluationId || juror.archived_at !== null) {
				throw new ScheduleError('invalid_input', 'not_a_juror', 'Choose a juror of this evaluation', 'jurorId');
			}
			if (seats.includes(juror.id))
				throw new ScheduleError('conflict', 'juror_already_seated', 'This juror already sits on this panel', 'jurorId');
			const elsewhere = await trx
				.selectFrom('panel_jurors')
				.innerJoin('panels', 'panels.id', 'panel_jurors.panel_id')
				.select('panels.name')
				.where('panel_jurors.juror_id', '=', juror.id)
				.executeTakeFirst();
			if (elsewhere) {
				throw new ScheduleError('conflict', 'juror_seated_elsewhere', `This juror already sits on ${elsewhere.name}`, 'jurorId', {
					panel: elsewhere.name
				});
			}
			return [...seats, juror.id];
		},
		input.jurorId
	);
}

/**
 * Frees a juror's seat on a panel (before its scoring starts).
 *
 * @example await unseatJuror(ctx, admin, { panelId, jurorId })
 */
export async function unseatJuror(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(seatInput, raw);
	await changeSeats(
		ctx,
		actor,
		input.panelId,
		'panel.unseat_juror',
		async (_trx, seats) => {
			if (!seats.includes(input.jurorId))
				throw new ScheduleError('not_found', 'juror_not_seated', 'This juror does not sit on this panel', 'jurorId');
			return seats.filter((j) => j !== input.jurorId);
		},
		input.jurorId
	);
}

/**
 * Moves a juror one seat up or down (the order the chair's console lists them in).
 *
 * @example await moveJurorSeat(ctx, admin, { panelId, jurorId, direction: 'up' })
 */
export async function moveJurorSeat(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	const input = parseInput(moveSeatInput, raw);
	await changeSeats(
		ctx,
		actor,
		input.panelId,
		'panel.move_seat',
		async (_trx, seats) => {
			const from = seats.indexOf(input.jurorId);
			if (from === -1) throw new ScheduleError('not_found', 'juror_not_seated', 'This juror does not sit on this panel', 'jurorId');
			const to = Math.min(seats.length - 1, Math.max(0, from + (input.direction === 'up' ? -1 : 1)));
			const next = [...seats];
			[next[from], next[to]] = [next[to], next[from]];
			return next;
		},
		input.jurorId
	);
}

export interface PanelSummary {
	id: string;
	name: string;
	room: string;
	directions: string | null;
	chair: { id: string; name: string } | null;
	jurors: { id: string; name: string; affiliation: string | null }[];
	/** Scoring has opened in one of its slots: the juror list is fixed. */
	frozen: boolean;
	slotCount: number;
}

/**
 * The panels of an evaluation with their chair and seats, and the people who can still be
 * seated: chairs chairing no panel, jurors sitting on none.
 *
 * @example const { panels, freeChairs, freeJurors } = await listPanels(ctx, admin, evaluationId);
 */
export async function listPanels(
	ctx: ServiceContext,
	actor: SessionUser,
	evaluationId: string
): Promise<{
	panels: PanelSummary[];
	freeChairs: { id: string; name: string }[];
	freeJurors: { id: string; name: string; affiliation: string | null }[];
}> {
	requireAdmin(actor);
	const { db } = ctx;
	const [panels, seats, people, opened, slotCounts] = await Promise.all([
		db.selectFrom('panels').selectAll().where('evaluation_id', '=', evaluationId).orderBy('name').execute(),
		db
			.selectFrom('panel_jurors')
			.innerJoin('panels', 'panels.id', 'panel_jurors.panel_id')
			.select(['panel_jurors.panel_id', 'panel_jurors.juror_id', 'panel_jurors.seat'])
			.where('panels.evaluation_id', '=', evaluationId)
			.orderBy('panel_jurors.seat')
			.execute(),
		db
			.selectFrom('users')
			.select(['id', 'name', 'role', 'affiliation', 'archived_at'])
			.where('evaluation_id', '=', evaluationId)
			.where('role', 'in', ['chair', 'juror'])
			.orderBy('name')
			.execute(),
		db
			.selectFrom('slots')
			.select('panel_id')
			.distinct()
			.where('evaluation_id', '=', evaluationId)
			.where('scoring_opened_at', 'is not', null)
			.execute(),
		db
			.selectFrom('slots')
			.select(['panel_id', (eb) => eb.fn.countAll<number>().as('n')])
			.where('evaluation_id', '=', evaluationId)
			.groupBy('panel_id')
			.execute()
	]);
	const person = new Map(people.map((p) => [p.id, p]));
	const frozen = new Set(opened.map((o) => o.panel_id));
	const seated = new Set(seats.map((s) => s.juror_id));
	const chairing = new Set(panels.map((p) => p.chair_id));
	const count = new Map(slotCounts.map((c) => [c.panel_id, Number(c.n)]));
	const active = people.filter((p) => p.archived_at === null);
	return {
		panels: panels.map((p) => {
			const chair = p.chair_id ? person.get(p.chair_id) : undefined;
			return {
				id: p.id,
				name: p.name,
				room: p.room,
				directions: p.directions,
				chair: chair ? { id: chair.id, name: chair.name } : null,
				jurors: seats
					.filter((s) => s.panel_id === p.id)
					.map((s) => person.get(s.juror_id))
					.filter((j) => j !== undefined)
					.map((j) => ({ id: j.id, name: j.name, affiliation: j.affiliation })),
				frozen: frozen.has(p.id),
				slotCount: count.get(p.id) ?? 0
			};
		}),
		freeChairs: active.filter((p) => p.role === 'chair' && !chairing.has(p.id)).map((p) => ({ id: p.id, name: p.name })),
		freeJurors: active
			.filter((p) => p.role === 'juror' && !seated.has(p.id))
			.map((p) => ({ id: p.id, name: p.name, affiliation: p.affiliation }))
	};
}
