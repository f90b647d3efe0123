import { aggregate } from './aggregate';
import { qualify } from './bands';
import { ScoringError } from './errors';
import { finalScore } from './final-score';
import { deepFreeze } from './freeze';
import { hashPrepared } from './hash';
import { scoreSlots } from './panel';
import type { PanelScoring } from './panel';
import { byId, prepareInputs } from './prepare';
import type { PreparedInputs } from './prepare';
import { rankWithTieBreak } from './ranking';
import type { Ranked } from './ranking';
import { roundHalfUp2 } from './rounding';
import type { PanelOutcome, ResultEntry, ResultInputs, ResultSet, TieBreakKey } from './types';

interface Row {
	entry: ResultEntry;
	panel: PanelScoring | null;
}

/** The value a tie-break key reads for a body; null when the body has none (no scored presentation). */
function tieBreakValue(prepared: PreparedInputs, row: Row, key: TieBreakKey): number | null {
	if (key.kind === 'prior') return row.entry.priorScore;
	// The entry's presentation, not the panel's: a corrected presentation score breaks ties too.
	if (key.kind === 'presentation') return row.entry.presentation?.score ?? null;
	const panel = row.panel;
	if (!panel || panel.outcome.score === null) return null;
	// A criterion is combined the way totals are (same method and trimming), on its own scale.
	const i = prepared.rubric.index.get(key.code) as number;
	const c = prepared.rubric.criteria[i];
	return aggregate(
		panel.validSteps.map((steps) => c.min + steps[i] * c.step),
		prepared.rules.aggregation
	);
}

/**
 * The panel's outcome with a corrected presentation score in place of its own: the correction
 * scores the slot, even one below quorum (the secretariat decided the number).
 */
function withPresentationOverride(outcome: PanelOutcome | null, override: number | undefined): PanelOutcome | null {
	if (outcome === null || override === undefined) return outcome;
	return { ...outcome, status: 'scored', score: override };
}

/** Runs a ranking over `rows` and writes each rank (and tie-break record) through `assign`. */
function applyRanking(prepared: PreparedInputs, rows: Row[], assign: (entry: ResultEntry, ranked: Ranked<Row>) => void): void {
	const ranked = rankWithTieBreak(
		rows,
		(row) => row.entry.finalScore,
		prepared.rules.tieBreak,
		(row, key) => tieBreakValue(prepared, row, key)
	);
	for (const r of ranked) assign(r.item.entry, r);
}

/**
 * Turns jurors' numbers into results: panel outcomes per slot, final scores
 * (rounded once, 2 decimals, half up), bands, and competition rankings within
 * each category and nationally (with the tie-break chain, if any). Bodies
 * without a slot did not present. A body's corrected presentation or final
 * score (see BodyInput) replaces the computed one, which the entry keeps in
 * `overridden`. Deterministic and independent of the order
 * of bodies, slots, jurors and criteria. The result set is deeply frozen.
 * @throws ScoringError on any invalid input (see prepareInputs), never NaN.
 *
 * @example
 * const results = computeResults({ ...MONEV_KIP_PRESET, bodies, slots });
 * results.entries[0]; // { bodyId, finalScore: 98.31, band: 'Informatif', rankInCategory: 1, … }
 */
export function computeResults(inputs: ResultInputs, version = 1): ResultSet {
	if (!Number.isInteger(version) || version < 1) {
		throw new ScoringError('invalid_version', `A version must be a whole number of at least 1; got ${String(version)}.`);
	}
	const prepared = prepareInputs(inputs);
	const { rules } = prepared;
	const scorings = scoreSlots(prepared.rubric, rules, prepared.slots);
	const panels = new Map(prepared.slots.map((slot, i) => [slot.bodyId, scorings[i]]));
	const rows: Row[] = prepared.bodies.map((body) => {
		const panel = panels.get(body.bodyId) ?? null;
		const outcome = withPresentationOverride(panel?.outcome ?? null, body.presentationOverride);
		const presentation = outcome?.score ?? null;
		const computed = roundHalfUp2(finalScore(body.priorScore, presentation, rules));
		const published = body.finalOverride === undefined ? computed : roundHalfUp2(body.finalOverride);
		const entry: ResultEntry = {
			bodyId: body.bodyId,
			categoryId: body.categoryId,
			priorScore: body.priorScore,
			presentation: outcome,
			finalScore: published,
			band: qualify(published, rules.bands),
			rankInCategory: 0,
			nationalRank: 0,
			provisional: panel !== null && presentation === null
		};
		// Only corrected entries carry the field, so result sets without corrections stay as they were.
		if (body.presentationOverride !== undefined || body.finalOverride !== undefined) {
			entry.overridden = {
				...(body.presentationOverride !== undefined ? { presentation: panel?.outcome.score ?? null } : {}),
				...(body.finalOverride !== undefined ? { final: computed } : {})
			};
		}
		return { panel, entry };
	});
	const byCategory = new Map<string, Row[]>();
	for (const row of rows) {
		const list = byCategory.get(row.entry.categoryId);
		if (list) list.push(row);
		else byCategory.set(row.entry.categoryId, [row]);
	}
	for (const categoryRows of byCategory.values()) {
		applyRanking(prepared, categoryRows, (entry, r) => {
			entry.rankInCategory = r.rank;
			if (r.tieBreak) entry.tieBreak = r.tieBreak;
		});
	}
	applyRanking(prepared, rows, (entry, r) => {
		entry.nationalRank = r.rank;
		if (r.tieBreak) entry.nationalTieBreak = r.tieBreak;
	});
	const entries = rows
		.map((row) => row.entry)
		.sort((a, b) => byId(a.categoryId, b.categoryId) || a.rankInCategory - b.rankInCategory || byId(a.bodyId, b.bodyId));
	return withLazyHash(version, prepared, deepFreeze(rules), deepFreeze(entries));
}

/**
 * The result set, whose hash is computed the first time it is read and then kept. Hashing the
 * inputs costs more than scoring them, and most recomputations (every live leaderboard) never
 * read it: publication, amendments, the dashboard and documents do, and get the same value as
 * before. The getter is enumerable and in the same place, so spreading or serialising a result
 * set writes `hash` exactly as a plain field did. `prepared` is this function's own copy (nothing
 * outside can change it), and is let go once hashed.
 */
function withLazyHash(version: number, prepared: PreparedInputs, rules: ResultSet['rules'], entries: ResultEntry[]): ResultSet {
	let inputs: PreparedInputs | null = prepared;
	let hash: string | null = null;
	return Object.freeze({
		version,
		get hash(): string {
			if (hash === null) {
				hash = hashPrepared(inputs as PreparedInputs);
				inputs = null;
			}
			return hash;
		},
		rules,
		entries
	});
}
