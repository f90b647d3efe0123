/**
 * Live views: what each kind of screen shows, built from the database for one viewer.
 * Public views (audience, presenter) read only certified slots and published results.
 */
import { expectedStarts } from '$lib/domain/live/expected-start';
import { activeSlot, nextScheduledSlot, slotClock, slotsBefore } from '$lib/domain/live/slot-machine';
import type { Band } from '$lib/domain/scoring';
import type {
	AudienceView,
	ChairJurorStatus,
	JurorView,
	NextInRoom,
	PanelView,
	PresenterView,
	Snapshot,
	SlotView,
	ViewName
} from '$lib/shared/contracts';
import type { SessionUser } from '../auth/session';
import type { DB } from '../db';
import { ServiceError, forbidden, notFound, refusal } from './errors';
import { loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';
import { certificationReadiness } from '$lib/domain/live/certification';
import { farthestJuror, scoreSlot, type JurorEntry } from '$lib/domain/scoring';
import type { Evaluation } from '../db/schema';
import { presenterResult, publicResults } from './public-results';
import { jurorEntries } from './results';
import { openRequest, openRescores } from './rescore';
import { activePractice, practiceSheets, type PracticeSlot } from './practice';

/** What a connected user's devices tell the server about themselves. */
export interface DevicePresence {
	/** Slots for which one of the user's tablets holds a sheet the server refused. */
	unsentSlotIds: ReadonlySet<string>;
}

/** Who is connected right now (the keys), and what their devices report; the realtime layer answers from its sockets. */
export interface Presence {
	connected(userIds: string[]): Promise<Map<string, DevicePresence>>;
}

/**
 * Folds what each connected socket reports into one entry per user (a juror may have two tablets).
 *
 * @example devicePresence([{ userId: 'u1', unsentSlotIds: ['s1'] }, { userId: 'u1', unsentSlotIds: [] }]) // Map { 'u1' => { unsentSlotIds: Set { 's1' } } }
 */
export function devicePresence(sockets: { userId: string | undefined; unsentSlotIds: readonly string[] }[]): Map<string, DevicePresence> {
	const found = new Map<string, { unsentSlotIds: Set<string> }>();
	for (const { userId, unsentSlotIds } of sockets) {
		if (!userId) continue;
		const device = found.get(userId) ?? { unsentSlotIds: new Set() };
		for (const slotId of unsentSlotIds) device.unsentSlotIds.add(slotId);
		found.set(userId, device);
	}
	return found;
}

/** For a first paint rendered on the server: nobody is known to be connected until the socket's snapshot. */
export const noPresence: Presence = { connected: async () => new Map() };

async function slotViews(db: DB, filter: { panelId?: string; evaluationId?: string }) {
	let query = db
		.selectFrom('slots')
		.innerJoin('bodies', 'bodies.id', 'slots.body_id')
		.innerJoin('categories', 'categories.id', 'bodies.category_id')
		.selectAll('slots')
		.select(['bodies.name as body_name', 'bodies.short_name as body_short_name', 'categories.name as category_name'])
		.orderBy('slots.position');
	if (filter.panelId) query = query.where('slots.panel_id', '=', filter.panelId);
	if (filter.evaluationId) query = query.where('slots.evaluation_id', '=', filter.evaluationId);
	const rows = await query.execute();
	return rows.map((row) => ({
		row,
		view: {
			id: row.id,
			position: row.position,
			bodyName: row.body_name,
			bodyShortName: row.body_short_name,
			categoryName: row.category_name,
			plannedStart: row.planned_start,
			state: row.state,
			clock: slotClock(row)
		} satisfies SlotView
	}));
}

export async function audienceView(db: DB, evaluationId: string): Promise<AudienceView> {
	const evaluation = await loadEvaluation(db, evaluationId);
	const [panels, slots, results] = await Promise.all([
		db.selectFrom('panels').select(['id', 'name', 'room']).where('evaluation_id', '=', evaluationId).orderBy('name').execute(),
		slotViews(db, { evaluationId }),
		publicResults(db, evaluation)
	]);
	return {
		// Band labels high to low: the big screen marks each band with its own shape, in this order.
		evaluation: {
			id: evaluation.id,
			name: evaluation.name,
			timeZone: evaluation.time_zone,
			bands: (JSON.parse(evaluation.bands) as Band[]).map((b) => b.label)
		},
		rooms: panels.map((panel) => {
			const queue = slots.filter((s) => s.row.panel_id === panel.id).map((s) => s.view);
			return {
				panelId: panel.id,
				name: panel.name,
				room: panel.room,
				onStage: activeSlot(queue) ?? null,
				next: nextScheduledSlot(queue) ?? null
			};
		}),
		results
	};
}

/** The body a room waits for between slots, and when it is planned. */
function nextInRoom(queue: readonly SlotView[]): NextInRoom | null {
	const next = nextScheduledSlot(queue);
	return next ? { bodyName: next.bodyName, plannedStart: next.plannedStart } : null;
}

async function panelOf(db: DB, panelId: string) {
	const panel = await db.selectFrom('panels').selectAll().where('id', '=', panelId).executeTakeFirst();
	if (!panel) throw notFound('Panel');
	return panel;
}

/** The chair's console: the queue, and for the slot on stage who has submitted (with totals). */
export async function panelView(db: DB, panelId: string, presence: Presence): Promise<PanelView> {
	const panel = await panelOf(db, panelId);
	const evaluation = await loadEvaluation(db, panel.evaluation_id);
	const [slots, jurors] = await Promise.all([
		slotViews(db, { panelId }),
		db
			.selectFrom('panel_jurors')
			.innerJoin('users', 'users.id', 'panel_jurors.juror_id')
			.select(['users.id', 'users.name'])
			.where('panel_id', '=', panelId)
			.orderBy('seat')
			.execute()
	]);
	const active = slots.find((s) => s.view.id === activeSlot(slots.map((x) => x.view))?.id);
	const practice = await activePractice(db, panelId);
	const jurorIds = jurors.map((j) => j.id);
	// The stage: the practice slot under way (before any real slot), or the real slot on stage.
	const stage = practice
		? { id: practice.id, bodyId: PRACTICE_BODY, view: practiceView(practice) }
		: active
			? { id: active.row.id, bodyId: active.row.body_id, view: active.view }
			: null;
	const [connected, entries, totals, declarations, rescores] = await Promise.all([
		presence.connected(jurorIds),
		practice
			? practiceEntries(db, practice.id, jurorIds)
			: active
				? jurorEntries(db, [active.row])
				: Promise.resolve(new Map<string, JurorEntry[]>()),
		practice
			? db.selectFrom('practice_sheets').select(['juror_id', 'revision', 'total']).where('practice_slot_id', '=', practice.id).execute()
			: active
				? db.selectFrom('score_submissions').select(['juror_id', 'revision', 'total']).where('slot_id', '=', active.row.id).execute()
				: Promise.resolve([]),
		active && !practice ? openConflicts(db, jurorIds, active.row.body_id) : Promise.resolve([]),
		active && !practice ? openRescores(db, active.row.id) : Promise.resolve(new Map<string, { reason: string }>())
	]);
	const latestTotal = new Map<string, { revision: number; total: number }>();
	for (const t of totals) if ((latestTotal.get(t.juror_id)?.revision ?? 0) < t.revision) latestTotal.set(t.juror_id, t);
	const statusOf = new Map(
		(stage ? (entries.get(stage.id) ?? []) : []).map((e: { jurorId: string; status: string }) => [e.jurorId, e.status])
	);
	const submittedTotals = [...latestTotal.entries()].filter(([id]) => statusOf.get(id) === 'scored').map(([, t]) => t.total);
	const spread = submittedTotals.length > 1 ? Math.max(...submittedTotals) - Math.min(...submittedTotals) : 0;
	return {
		panel: { id: panel.id, name: panel.name, room: panel.room },
		timeZone: evaluation.time_zone,
		queue: slots.map((s) => ({ ...s.view, checkedInAt: s.row.checked_in_at, online: s.row.meeting_link !== null })),
		activeSlotId: stage?.id ?? null,
		practice: practice ? stage!.view : null,
		jurors: jurors.map((j) => ({
			id: j.id,
			name: j.name,
			connected: connected.has(j.id),
			unsent: slots
				.filter((s) => connected.get(j.id)?.unsentSlotIds.has(s.view.id))
				.map((s) => ({ slotId: s.view.id, bodyName: s.view.bodyName })),
			recused: statusOf.get(j.id) === 'recused',
			declared: declarationOf(declarations, j.id),
			rescore: rescores.has(j.id) ? { reason: rescores.get(j.id)!.reason } : null,
			submitted: statusOf.get(j.id) === 'scored',
			total: statusOf.get(j.id) === 'scored' ? (latestTotal.get(j.id)?.total ?? null) : null
		})),
		divergence: stage ? { spread, tolerance: evaluation.divergence_tolerance, divergent: spread > evaluation.divergence_tolerance } : null,
		certification: stage ? await certificationPreview(db, evaluation, stage.bodyId, entries.get(stage.id) ?? []) : null
	};
}

/** Open conflicts the jurors declared themselves with a body: the declarations waiting for the chair. */
function openConflicts(db: DB, jurorIds: string[], bodyId: string) {
	if (jurorIds.length === 0) return Promise.resolve([]);
	return (
		db
			.selectFrom('conflicts')
			.select(['id', 'juror_id', 'reason'])
			.where('juror_id', 'in', jurorIds)
			.where('body_id', '=', bodyId)
			.where('status', '=', 'open')
			.where('source', '=', 'declared')
			// Raised by the juror (at the stage), not a secretariat's declaration that was undone.
			.whereRef('created_by', '=', 'juror_id')
			.execute()
	);
}

function declarationOf(open: { id: string; juror_id: string; reason: string }[], jurorId: string): ChairJurorStatus['declared'] {
	const found = open.find((c) => c.juror_id === jurorId);
	return found ? { conflictId: found.id, reason: found.reason } : null;
}

/** The practice slot has no body: the scoring core is given this name for it. */
const PRACTICE_BODY = 'practice';

/** The practice slot as the room's screens show it: no body (each screen says "Latihan / Practice"), never queued. */
function practiceView(practice: PracticeSlot): SlotView {
	return {
		id: practice.id,
		position: -1,
		bodyName: '',
		bodyShortName: '',
		categoryName: '',
		plannedStart: practice.created_at,
		state: practice.state,
		clock: slotClock(practice),
		practice: true
	};
}

/** Each seated juror on the practice slot: scored (latest practice sheet) or absent; nobody is recused from practice. */
async function practiceEntries(db: DB, practiceId: string, jurorIds: string[]): Promise<Map<string, JurorEntry[]>> {
	const sheets = await practiceSheets(db, practiceId);
	const entries: JurorEntry[] = jurorIds.map((jurorId) => {
		const sheet = sheets.get(jurorId);
		return sheet ? { jurorId, status: 'scored', sheet: JSON.parse(sheet.scores) } : { jurorId, status: 'absent' };
	});
	return new Map([[practiceId, entries]]);
}

/** What certifying the slot on stage would give, by the same rules the certification and the results use. */
async function certificationPreview(
	db: DB,
	evaluation: Evaluation,
	bodyId: string,
	entries: JurorEntry[]
): Promise<PanelView['certification']> {
	const rules = scoringRules(evaluation);
	const outcome = scoreSlot(await loadRubric(db, evaluation.id), rules, { bodyId, jurors: entries });
	return {
		...certificationReadiness(entries, rules.aggregation.quorum),
		panelScore: outcome.score,
		farthestJurorId: farthestJuror(outcome)
	};
}

/** A juror's tablet: the slot on stage in their room, the rubric, and only their own sheet. */
export async function jurorView(db: DB, juror: SessionUser): Promise<JurorView> {
	const seat = await db.selectFrom('panel_jurors').select('panel_id').where('juror_id', '=', juror.id).executeTakeFirst();
	if (!seat) throw refusal('not_found', 'not_seated', 'You are not seated on a panel yet');
	const panel = await panelOf(db, seat.panel_id);
	const [slots, rubric, evaluation, practice] = await Promise.all([
		slotViews(db, { panelId: panel.id }),
		loadRubric(db, panel.evaluation_id),
		loadEvaluation(db, panel.evaluation_id),
		activePractice(db, panel.id)
	]);
	const base = {
		panel: { id: panel.id, name: panel.name, room: panel.room },
		timeZone: evaluation.time_zone,
		rubric: rubric.map((c) => ({ ...c, levels: c.levels ?? [] }))
	};
	if (practice) {
		const sheet = (await practiceSheets(db, practice.id)).get(juror.id);
		return {
			...base,
			slot: { ...practiceView(practice), recused: false, declared: null, rescore: null },
			next: null,
			mine: sheet
				? {
						scores: JSON.parse(sheet.scores),
						notes: null,
						total: sheet.total,
						revision: sheet.revision,
						submissionId: sheet.id,
						submittedAt: sheet.submitted_at
					}
				: null
		};
	}
	const active = slots.find((s) => s.view.id === activeSlot(slots.map((x) => x.view))?.id);
	let mine: JurorView['mine'] = null;
	let recused = false;
	let declared: string | null = null;
	let rescore: string | null = null;
	if (active) {
		const [sheet, recusal, declaration, asked] = await Promise.all([
			db
				.selectFrom('score_submissions')
				.selectAll()
				.where('slot_id', '=', active.row.id)
				.where('juror_id', '=', juror.id)
				.orderBy('revision', 'desc')
				.limit(1)
				.executeTakeFirst(),
			db.selectFrom('recusals').select('id').where('juror_id', '=', juror.id).where('body_id', '=', active.row.body_id).executeTakeFirst(),
			openConflicts(db, [juror.id], active.row.body_id),
			openRequest(db, active.row.id, juror.id)
		]);
		rescore = active.row.state === 'closed' ? (asked?.reason ?? null) : null;
		recused = recusal !== undefined;
		declared = declaration[0]?.reason ?? null;
		if (sheet)
			mine = {
				scores: JSON.parse(sheet.scores),
				notes: sheet.notes ? JSON.parse(sheet.notes) : null,
				total: sheet.total,
				revision: sheet.revision,
				submissionId: sheet.id,
				submittedAt: sheet.submitted_at
			};
	}
	return {
		...base,
		slot: active ? { ...active.view, recused, declared, rescore } : null,
		next: active ? null : nextInRoom(slots.map((s) => s.view)),
		mine
	};
}

/** A body's leader: their slot, how many present before them, when they are expected on stage, and their result once published. */
export async function presenterView(db: DB, presenter: SessionUser, now: number): Promise<PresenterView> {
	if (!presenter.bodyId || !presenter.evaluationId) throw forbidden();
	const body = await db
		.selectFrom('bodies')
		.innerJoin('categories', 'categories.id', 'bodies.category_id')
		.select(['bodies.id', 'bodies.name', 'bodies.category_id', 'categories.name as category_name'])
		.where('bodies.id', '=', presenter.bodyId)
		.executeTakeFirst();
	if (!body) throw notFound('Body');
	const evaluation = await loadEvaluation(db, presenter.evaluationId);
	const mySlot = await db.selectFrom('slots').selectAll().where('body_id', '=', body.id).executeTakeFirst();
	let slot: PresenterView['slot'] = null;
	let onStage: PresenterView['onStage'] = null;
	let next: PresenterView['next'] = null;
	if (mySlot) {
		const panel = await panelOf(db, mySlot.panel_id);
		const queue = await slotViews(db, { panelId: panel.id });
		const views = queue.map((s) => s.view);
		const current = queue.find((s) => s.view.id === activeSlot(views)?.id);
		onStage = current ? { bodyName: current.view.bodyName } : null;
		// When the presenter's own slot is next, the page says "you are next", not their name.
		const waiting = current ? null : nextInRoom(views);
		next = waiting && nextScheduledSlot(views)?.id !== mySlot.id ? waiting : null;
		const mine = queue.find((s) => s.view.id === mySlot.id)!;
		slot = {
			...mine.view,
			room: panel.room,
			panelName: panel.name,
			directions: panel.directions,
			slotsBefore: slotsBefore(views, mySlot.id) ?? 0,
			checkedInAt: mySlot.checked_in_at,
			meetingLink: mySlot.meeting_link,
			expectedStart:
				expectedStarts(
					queue.map(({ row }) => ({
						id: row.id,
						plannedStart: row.planned_start,
						state: row.state,
						presentationMinutes: row.presentation_minutes,
						qaMinutes: row.qa_minutes,
						scoringMinutes: row.scoring_minutes,
						presentationStartedAt: row.presentation_started_at,
						certifiedAt: row.certified_at
					})),
					{ changeoverMinutes: evaluation.changeover_minutes },
					now,
					evaluation.time_zone
				).get(mySlot.id) ?? mySlot.planned_start
		};
	}
	const { pending, result } = await presenterResult(db, evaluation, body.id, mySlot?.state ?? null);
	return {
		body: { id: body.id, name: body.name, categoryName: body.category_name },
		timeZone: evaluation.time_zone,
		slot,
		onStage,
		next,
		resultPending: pending,
		result
	};
}

/** The panel a chair runs, or any panel the secretariat names. */
async function panelFor(db: DB, viewer: SessionUser | null, panelId: string | undefined) {
	if (viewer?.role === 'chair') {
		const panel = await db.selectFrom('panels').select(['id', 'evaluation_id']).where('chair_id', '=', viewer.id).executeTakeFirst();
		if (!panel) throw refusal('not_found', 'not_chairing', 'You do not chair a panel yet');
		return panel;
	}
	if (viewer?.role !== 'admin') throw forbidden();
	if (!panelId) throw new ServiceError('invalid_input', 'Which panel? Pass panelId');
	const panel = await db.selectFrom('panels').select(['id', 'evaluation_id']).where('id', '=', panelId).executeTakeFirst();
	if (!panel) throw notFound('Panel');
	return panel;
}

/**
 * The console of one panel, the same for every chair or secretariat device that may open it: built
 * for the panel, never as one of its viewers (a removed chair's socket used to be that viewer, and
 * then nobody got pushes). Whoever it is sent to must have been authorised for the panel.
 *
 * @example io.to(rooms.console(panelId)).emit('snapshot', await consoleSnapshot(db, panelId, presence));
 */
export async function consoleSnapshot(db: DB, panelId: string, presence: Presence): Promise<Snapshot<'panel'>> {
	const panel = await panelOf(db, panelId);
	// The version is read before the data: see buildSnapshot.
	const evaluation = await loadEvaluation(db, panel.evaluation_id);
	return { view: 'panel', version: evaluation.live_version, serverNow: Date.now(), data: await panelView(db, panelId, presence) };
}

/**
 * The audience's snapshot, its version and data read in one transaction (a consistent snapshot of
 * the database on both engines): the audience is pushed patches between versions (see
 * realtime/audience-cache.ts), so a version must label exactly one content, whoever built it.
 *
 * @example const snapshot = await audienceSnapshot(db, evaluationId); // { view: 'audience', version: 12, … }
 */
export function audienceSnapshot(db: DB, evaluationId: string): Promise<Snapshot<'audience'>> {
	return db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const evaluation = await loadEvaluation(trx, evaluationId);
			return { view: 'audience', version: evaluation.public_version, serverNow: Date.now(), data: await audienceView(trx, evaluationId) };
		});
}

/** Builds the snapshot of one view for one viewer, checking that the viewer may see it. */
export async function buildSnapshot(
	db: DB,
	view: ViewName,
	viewer: SessionUser | null,
	scope: { evaluationId?: string; panelId?: string },
	presence: Presence
): Promise<Snapshot> {
	if (view === 'panel') return consoleSnapshot(db, (await panelFor(db, viewer, scope.panelId)).id, presence);
	if ((view === 'juror' || view === 'presenter') && viewer?.role !== view) throw forbidden();
	const evaluationId = view === 'audience' ? scope.evaluationId : viewer?.evaluationId;
	if (!evaluationId) throw new ServiceError('invalid_input', 'Which evaluation? Pass evaluationId');
	if (view === 'audience') return audienceSnapshot(db, evaluationId);
	// The version is read before the data: a change committed in between only makes this
	// snapshot newer than its label, and the push for that change (higher version) follows.
	const evaluation = await loadEvaluation(db, evaluationId);
	const version = view === 'presenter' ? evaluation.public_version : evaluation.live_version;
	const serverNow = Date.now();
	switch (view) {
		case 'juror':
			return { view, version, serverNow, data: await jurorView(db, viewer!) };
		case 'presenter':
			return { view, version, serverNow, data: await presenterView(db, viewer!, serverNow) };
	}
}
