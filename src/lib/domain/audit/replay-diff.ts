/**
 * Where two sides of a replay differ, named by body and field: a recomputed result set against the
 * one stored as published, and the inputs the log rebuilds against the inputs the tables give now.
 * A hash says only that something differs; these say what.
 */
import type { ResultEntry, ResultInputs, ResultSet, SlotScores } from '$lib/domain/scoring';

/** One field of one body (null: of the whole evaluation, e.g. its rules) on two sides. */
export interface ReplayDifference {
	bodyId: string | null;
	/** Set when the field is a juror's (their status or a criterion of their sheet). */
	jurorId?: string;
	/** 'finalScore', 'nationalRank', 'priorScore', 'status', 'K3', 'rules', 'rubric'… */
	field: string;
	/** The value the log gives (recomputed, or rebuilt). */
	log: unknown;
	/** The value the database holds (published, or read from its tables). */
	database: unknown;
}

const ENTRY_FIELDS: readonly [string, (e: ResultEntry) => unknown][] = [
	['categoryId', (e) => e.categoryId],
	['priorScore', (e) => e.priorScore],
	['presentation', (e) => e.presentation?.score ?? null],
	['finalScore', (e) => e.finalScore],
	['band', (e) => e.band],
	['rankInCategory', (e) => e.rankInCategory],
	['nationalRank', (e) => e.nationalRank]
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Each body's fields on both sides: a body on one side only is named with field 'presence'. */
function byBody<T>(
	log: readonly T[],
	database: readonly T[],
	idOf: (t: T) => string,
	fields: (log: T, database: T, bodyId: string) => ReplayDifference[]
): ReplayDifference[] {
	const other = new Map(database.map((t) => [idOf(t), t]));
	const out: ReplayDifference[] = [];
	for (const item of log) {
		const bodyId = idOf(item);
		const there = other.get(bodyId);
		other.delete(bodyId);
		if (there === undefined) out.push({ bodyId, field: 'presence', log: true, database: false });
		else out.push(...fields(item, there, bodyId));
	}
	for (const bodyId of other.keys()) out.push({ bodyId, field: 'presence', log: false, database: true });
	return out;
}

/**
 * The published numbers a recomputation does not reproduce, body by body: category, prior,
 * presentation and final score, band, ranks; and the rules when they differ.
 *
 * @example resultDifferences(recomputed, published) // → [{ bodyId: 'banten', field: 'finalScore', log: 88.12, database: 89 }]
 */
export function resultDifferences(recomputed: ResultSet, published: ResultSet): ReplayDifference[] {
	const rules = same(recomputed.rules, published.rules)
		? []
		: [{ bodyId: null, field: 'rules', log: recomputed.rules, database: published.rules }];
	return [
		...rules,
		...byBody(
			recomputed.entries,
			published.entries,
			(e) => e.bodyId,
			(a, b, bodyId) =>
				ENTRY_FIELDS.filter(([, read]) => !same(read(a), read(b))).map(([field, read]) => ({
					bodyId,
					field,
					log: read(a),
					database: read(b)
				}))
		)
	];
}

/** A slot's jurors: status, then each criterion of a scored sheet. */
function jurorDifferences(a: SlotScores, b: SlotScores, bodyId: string): ReplayDifference[] {
	const out: ReplayDifference[] = [];
	const theirs = new Map(b.jurors.map((j) => [j.jurorId, j]));
	const ids = new Set([...a.jurors.map((j) => j.jurorId), ...theirs.keys()]);
	const ours = new Map(a.jurors.map((j) => [j.jurorId, j]));
	for (const jurorId of ids) {
		const mine = ours.get(jurorId);
		const other = theirs.get(jurorId);
		if (mine?.status !== other?.status) {
			out.push({ bodyId, jurorId, field: 'status', log: mine?.status ?? null, database: other?.status ?? null });
			continue;
		}
		const [x, y] = [mine?.sheet ?? {}, other?.sheet ?? {}];
		for (const code of new Set([...Object.keys(x), ...Object.keys(y)]))
			if (x[code] !== y[code]) out.push({ bodyId, jurorId, field: code, log: x[code] ?? null, database: y[code] ?? null });
	}
	return out;
}

/**
 * What the tables give for the results now that the log does not: rules, rubric, each body's
 * category, prior score and corrected scores, whether it presented, and each juror's status and
 * sheet, criterion by criterion.
 *
 * @example inputDifferences(replayed, fromTables) // → [{ bodyId: 'banten', jurorId: 'j2', field: 'K1', log: 80, database: 90 }]
 */
export function inputDifferences(log: ResultInputs, database: ResultInputs): ReplayDifference[] {
	const whole: ReplayDifference[] = [];
	if (!same(log.rules, database.rules)) whole.push({ bodyId: null, field: 'rules', log: log.rules, database: database.rules });
	const scale = (r: ResultInputs['rubric']) => r.map((c) => [c.code, c.weight, c.min, c.max, c.step]);
	if (!same(scale(log.rubric), scale(database.rubric)))
		whole.push({ bodyId: null, field: 'rubric', log: scale(log.rubric), database: scale(database.rubric) });
	const bodyFields = ['categoryId', 'priorScore', 'presentationOverride', 'finalOverride'] as const;
	return [
		...whole,
		...byBody(
			log.bodies,
			database.bodies,
			(b) => b.bodyId,
			(a, b, bodyId) =>
				bodyFields.filter((f) => a[f] !== b[f]).map((field) => ({ bodyId, field, log: a[field] ?? null, database: b[field] ?? null }))
		),
		...byBody(log.slots, database.slots, (s) => s.bodyId, jurorDifferences).map((d) =>
			d.field === 'presence' ? { ...d, field: 'presented' } : d
		)
	];
}
