/**
 * Replay: an evaluation's result inputs rebuilt from its audit rows alone (settings, rubric,
 * bodies, score sheets, certifications, corrections), and every published version recomputed with
 * the scoring core at the place in the log where it was published. A version whose recomputed hash
 * is the one its 'results.publish' row recorded was computed from exactly what the log says
 * happened before it.
 *
 * Rows written before audit entries carried full after-state (an evaluation's creation, the demo
 * seed, a body import, a certification) hold only a summary: from such a row on, the evaluation is
 * not replayable, and replay says which row it is rather than guessing.
 */
import {
	computeResults,
	slotJurors,
	withStoredCorrections,
	type Criterion,
	type ResultInputs,
	type ResultSet,
	type ScoreSheet,
	type ScoringRules,
	type StoredCorrection
} from '$lib/domain/scoring';

/** Bumped whenever the payload below changes shape, so a reader never mistakes one for another. */
export const REPLAY_FORMAT = 1;

/** A body as results read it. */
export interface ReplayBody {
	id: string;
	categoryId: string;
	priorScore: number;
}

/** Who could score a certified slot: the panel's seats in order, and those recused from its body. */
export interface CertifiedSlot {
	bodyId: string;
	seats: string[];
	recused: string[];
}

/**
 * What an audit row's `after.replay` carries where the rest of `after` is a summary: the full
 * after-state of what the change touched. An evaluation's creation (and the demo seed) carries
 * rules, rubric and every body; a body import the bodies it created or updated; a certification
 * the slot's panel.
 */
export interface ReplayPayload {
	format: typeof REPLAY_FORMAT;
	rules?: ScoringRules;
	rubric?: Criterion[];
	bodies?: ReplayBody[];
	slot?: CertifiedSlot;
}

/** One audit row of the evaluation, `after` parsed (null when absent or not JSON). */
export interface ReplayRow {
	seq: number;
	action: string;
	actorId: string | null;
	entityId: string | null;
	after: unknown;
}

/** The row from which the log no longer says enough to rebuild the results, and what it lacks. */
export interface ReplayGap {
	/** 0 when the evaluation's creation is not in the log at all. */
	seq: number;
	action: string;
	missing: string;
}

export type VersionReplay =
	| { kind: 'recomputed'; resultSet: ResultSet; inputs: ResultInputs }
	| { kind: 'not_replayable'; gap: ReplayGap }
	/** The scoring core refused the rebuilt inputs (a sheet for a criterion the rubric lacks…). */
	| { kind: 'failed'; message: string };

export interface ReplayedVersion {
	version: number;
	/** The 'results.publish' row. */
	seq: number;
	/** The hash that row recorded. */
	loggedHash: string;
	replay: VersionReplay;
}

export interface EvaluationReplay {
	versions: ReplayedVersion[];
	/** The inputs as the whole log leaves them: what the tables must hold now. */
	now: VersionReplay;
	rows: number;
}

interface State {
	rules: ScoringRules | null;
	rubric: Criterion[] | null;
	bodies: Map<string, ReplayBody>;
	/** `${slotId}:${jurorId}` → the latest sheet. */
	sheets: Map<string, { revision: number; scores: ScoreSheet }>;
	certified: Map<string, CertifiedSlot>;
	corrections: StoredCorrection[];
}

const NOT_CREATED: ReplayGap = { seq: 0, action: 'evaluation.create', missing: "the evaluation's creation is not in the log" };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The row's replay payload, or null when it carries none (written before payloads, or another format). */
function payloadOf(after: unknown): ReplayPayload | null {
	if (!isRecord(after) || !isRecord(after.replay) || after.replay.format !== REPLAY_FORMAT) return null;
	return after.replay as unknown as ReplayPayload;
}

/** A score_amendments row, as 'results.correct', 'visitation.visit_correct' and 'body.import' record it whole. */
function correctionOf(row: unknown): StoredCorrection | null {
	if (!isRecord(row) || typeof row.body_id !== 'string' || typeof row.value !== 'number' || typeof row.kind !== 'string') return null;
	let sheet: ScoreSheet | null = null;
	try {
		const payload: unknown = typeof row.payload === 'string' ? JSON.parse(row.payload) : null;
		if (isRecord(payload) && isRecord(payload.sheet)) sheet = payload.sheet as ScoreSheet;
	} catch {
		return null;
	}
	return {
		kind: row.kind as StoredCorrection['kind'],
		bodyId: row.body_id,
		jurorId: typeof row.juror_id === 'string' ? row.juror_id : null,
		value: row.value,
		sheet,
		reason: String(row.reason ?? '')
	};
}

/** A body row as 'body.create' and 'body.update' record it (the whole row). */
function bodyOf(row: unknown): ReplayBody | null {
	if (!isRecord(row) || typeof row.id !== 'string' || typeof row.category_id !== 'string' || typeof row.prior_score !== 'number')
		return null;
	return { id: row.id, categoryId: row.category_id, priorScore: row.prior_score };
}

/**
 * Applies one row to the state. Returns what it lacks (the state is then unknown from here), or
 * null when it was applied or does not concern results.
 */
function apply(state: State, row: ReplayRow): string | null {
	const after = row.after;
	switch (row.action) {
		case 'evaluation.create':
		case 'demo.seed': {
			const payload = payloadOf(after);
			if (!payload?.rules || !payload.rubric || !payload.bodies) return 'the settings, rubric and bodies it created';
			state.rules = payload.rules;
			state.rubric = payload.rubric;
			state.bodies = new Map(payload.bodies.map((b) => [b.id, b]));
			return null;
		}
		case 'evaluation.settings_update':
			if (!isRecord(after) || !isRecord(after.rules)) return 'the scoring rules';
			state.rules = after.rules as unknown as ScoringRules;
			return null;
		case 'rubric.save':
			if (!Array.isArray(after)) return 'the rubric';
			state.rubric = after as Criterion[];
			return null;
		case 'body.create':
		case 'body.update': {
			const body = bodyOf(after);
			if (!body) return "the body's category and prior score";
			state.bodies.set(body.id, body);
			return null;
		}
		case 'body.import': {
			const payload = payloadOf(after);
			if (!payload?.bodies) return 'the bodies it created or updated';
			for (const body of payload.bodies) state.bodies.set(body.id, body);
			const amendments = isRecord(after) && Array.isArray(after.amendments) ? after.amendments : [];
			return addCorrections(state, amendments);
		}
		case 'score.submit': {
			if (!isRecord(after) || typeof after.slotId !== 'string' || typeof after.revision !== 'number' || !isRecord(after.scores))
				return 'the sheet';
			if (row.actorId === null) return 'the juror';
			const key = `${after.slotId}:${row.actorId}`;
			if ((state.sheets.get(key)?.revision ?? 0) < after.revision)
				state.sheets.set(key, { revision: after.revision, scores: after.scores as ScoreSheet });
			return null;
		}
		case 'slot.certify': {
			const slot = payloadOf(after)?.slot;
			if (!slot || row.entityId === null) return "the certified slot's body and panel";
			state.certified.set(row.entityId, slot);
			return null;
		}
		case 'results.correct':
			return addCorrections(state, [after]);
		case 'visitation.visit_correct':
			return addCorrections(state, [isRecord(after) ? after.amendment : null]);
		default:
			return null;
	}
}

function addCorrections(state: State, rows: readonly unknown[]): string | null {
	for (const row of rows) {
		const correction = correctionOf(row);
		if (!correction) return 'the correction';
		state.corrections.push(correction);
	}
	return null;
}

/**
 * The result inputs the state stands for, as `evaluationResultInputs(db, id, 'all')` builds them
 * from the tables: every body, the certified slots' jurors, the corrections in order.
 */
function inputsOf(state: State): ResultInputs {
	const slots = [...state.certified.entries()].map(([slotId, slot]) => ({
		bodyId: slot.bodyId,
		jurors: slotJurors(slot.seats, new Set(slot.recused), (jurorId) => state.sheets.get(`${slotId}:${jurorId}`)?.scores)
	}));
	const inputs: ResultInputs = {
		rubric: state.rubric as Criterion[],
		rules: state.rules as ScoringRules,
		bodies: [...state.bodies.values()].map((b) => ({ bodyId: b.id, categoryId: b.categoryId, priorScore: b.priorScore })),
		slots
	};
	return withStoredCorrections(inputs, state.corrections);
}

function recompute(state: State, gap: ReplayGap | null): VersionReplay {
	if (gap) return { kind: 'not_replayable', gap };
	try {
		const inputs = inputsOf(state);
		return { kind: 'recomputed', inputs, resultSet: computeResults(inputs) };
	} catch (error) {
		return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * Replays one evaluation's audit rows (in seq order) and recomputes each version at its
 * 'results.publish' row. Pure: reading the rows and naming bodies are the caller's.
 *
 * @example const { versions } = replayEvaluation(rows); versions[0].replay.kind === 'recomputed' && versions[0].replay.resultSet.hash === versions[0].loggedHash
 */
export function replayEvaluation(rows: readonly ReplayRow[]): EvaluationReplay {
	const state: State = { rules: null, rubric: null, bodies: new Map(), sheets: new Map(), certified: new Map(), corrections: [] };
	let gap: ReplayGap | null = NOT_CREATED;
	const versions: ReplayedVersion[] = [];
	for (const row of rows) {
		if (row.action === 'results.publish') {
			const after = isRecord(row.after) ? row.after : {};
			versions.push({
				version: Number(after.version),
				seq: row.seq,
				loggedHash: String(after.hash ?? ''),
				replay: recompute(state, gap)
			});
			continue;
		}
		const missing = apply(state, row);
		// A creation row with its payload starts the replay; any row lacking what it needs stops it.
		if (missing !== null) {
			if (gap === null || gap === NOT_CREATED) gap = { seq: row.seq, action: row.action, missing };
		} else if (row.action === 'evaluation.create' || row.action === 'demo.seed') gap = null;
	}
	return { versions, now: recompute(state, gap), rows: rows.length };
}
