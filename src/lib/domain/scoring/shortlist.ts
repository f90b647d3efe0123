import { bandIndex } from './bands';
import { ScoringError } from './errors';
import { byId } from './prepare';
import { roundHalfUp2 } from './rounding';
import type { ResultEntry, ResultSet } from './types';

/**
 * Who the jury visits. Selectors (top N per category, top N nationally) are
 * combined with OR; minimums (band, score) then apply to every selected body
 * with AND, without pulling in the next body to fill a gap. With no selector,
 * every body meeting the minimums is selected. Ranks are the result set's
 * own, so bodies tied at the cut line are all included.
 */
export interface ShortlistRule {
	topPerCategory?: number;
	topNational?: number;
	/** A band label of the result set's rules: this band or a higher one. */
	minBand?: string;
	/** Published final score at or above this. */
	minScore?: number;
}

/** A rank cut that selected a body. */
export interface CutReason {
	kind: 'top_in_category' | 'top_national';
	rank: number;
	limit: number;
	/** The body's tie group straddles the cut: it is in only because ties are never split. */
	tiedAtCut: boolean;
	/**
	 * Final score minus that of the first body below the cut line (the best one this cut leaves
	 * out), not of the body ranked right after this one; null when no body is below the cut.
	 */
	gapToNext: number | null;
	/** The gap is within the scoring spread, so a slightly different panel could have swapped this body and the one left out. */
	bubble: boolean;
}

export type ShortlistReason = CutReason | { kind: 'meets_minimum'; minBand?: string; minScore?: number };

export interface ShortlistEntry {
	bodyId: string;
	categoryId: string;
	finalScore: number;
	band: string;
	rankInCategory: number;
	nationalRank: number;
	/** Every rule that selected the body. */
	reasons: ShortlistReason[];
	/** Every cut that selected the body was a tie at the cut line. */
	tiedAtCut: boolean;
	/** Every cut that selected the body was on the bubble. */
	bubble: boolean;
	/** The reasons as a sentence for the visit plan. */
	note: string;
}

export interface Shortlist {
	version: number;
	hash: string;
	rule: ShortlistRule;
	/** Sorted by nationalRank, then bodyId. */
	entries: ShortlistEntry[];
}

function checkRule(rule: ShortlistRule, resultSet: ResultSet): void {
	for (const key of ['topPerCategory', 'topNational'] as const) {
		const n = rule[key];
		if (n !== undefined && !(Number.isInteger(n) && n >= 0)) {
			throw new ScoringError('invalid_rule', `${key} must be a whole number of 0 or more; got ${String(n)}.`);
		}
	}
	if (rule.minScore !== undefined && !Number.isFinite(rule.minScore)) {
		throw new ScoringError('invalid_rule', `The minimum score must be a number; got ${String(rule.minScore)}.`);
	}
	if (rule.minBand !== undefined && bandIndex(rule.minBand, resultSet.rules.bands) === -1) {
		throw new ScoringError('unknown_band', `There is no band called ${rule.minBand}.`, { band: rule.minBand });
	}
	if (Object.values(rule).every((v) => v === undefined)) {
		throw new ScoringError(
			'empty_rule',
			'A shortlist rule needs at least one of top per category, top nationally, minimum band or minimum score.'
		);
	}
}

/**
 * The final-score points that juror disagreement can move a body: its panel's
 * spread weighted by the presentation stage.
 */
function uncertainty(entry: ResultEntry, presentationWeight: number): number {
	return ((entry.presentation?.spread ?? 0) * presentationWeight) / 100;
}

/** Applies a top-`limit` cut to one ranking (entries of one category, or all). */
function cut(
	ranking: ResultEntry[],
	rankOf: (e: ResultEntry) => number,
	limit: number,
	kind: CutReason['kind'],
	presentationWeight: number
): Map<string, CutReason> {
	const sorted = [...ranking].sort((a, b) => rankOf(a) - rankOf(b) || byId(a.bodyId, b.bodyId));
	const next = sorted.find((e) => rankOf(e) > limit);
	const groupSize = new Map<number, number>();
	for (const e of sorted) groupSize.set(rankOf(e), (groupSize.get(rankOf(e)) ?? 0) + 1);
	const reasons = new Map<string, CutReason>();
	for (const e of sorted) {
		const rank = rankOf(e);
		if (rank > limit) break;
		const gapToNext = next ? roundHalfUp2(e.finalScore - next.finalScore) : null;
		const margin = next ? Math.max(uncertainty(e, presentationWeight), uncertainty(next, presentationWeight)) : 0;
		reasons.set(e.bodyId, {
			kind,
			rank,
			limit,
			tiedAtCut: rank + (groupSize.get(rank) as number) - 1 > limit,
			gapToNext,
			bubble: gapToNext !== null && gapToNext <= margin
		});
	}
	return reasons;
}

function describe(reason: ShortlistReason, categoryId: string): string {
	if (reason.kind === 'meets_minimum') {
		const parts = [
			reason.minBand && `band ${reason.minBand} or higher`,
			reason.minScore !== undefined && `a score of at least ${reason.minScore}`
		];
		return `meets ${parts.filter(Boolean).join(' and ')}`;
	}
	const where = reason.kind === 'top_in_category' ? `in ${categoryId}` : 'nationally';
	const flags = [
		reason.tiedAtCut && 'tied at the cut line',
		reason.bubble && `on the bubble, ${reason.gapToNext?.toFixed(2)} above the first body below the cut`
	];
	const extra = flags.filter(Boolean).join(', ');
	return `rank ${reason.rank} ${where} (top ${reason.limit}${extra ? `; ${extra}` : ''})`;
}

/**
 * The visitation shortlist of a result set: which bodies the jury visits, and
 * why each one was selected. Monotonic: raising N never drops a body.
 * @throws ScoringError 'invalid_rule', 'unknown_band' or 'empty_rule'.
 *
 * @example
 * const list = buildShortlist(results, { topPerCategory: 3, minBand: 'Menuju Informatif' });
 * list.entries[0].note; // "Rank 1 in prov (top 3)."
 */
export function buildShortlist(resultSet: ResultSet, rule: ShortlistRule): Shortlist {
	checkRule(rule, resultSet);
	const { bands, stageWeights } = resultSet.rules;
	const selected = new Map<string, ShortlistReason[]>();
	const add = (reasons: Map<string, CutReason>) => {
		for (const [bodyId, reason] of reasons) selected.set(bodyId, [...(selected.get(bodyId) ?? []), reason]);
	};
	if (rule.topPerCategory !== undefined) {
		const categories = new Map<string, ResultEntry[]>();
		for (const e of resultSet.entries) categories.set(e.categoryId, [...(categories.get(e.categoryId) ?? []), e]);
		for (const entries of categories.values())
			add(cut(entries, (e) => e.rankInCategory, rule.topPerCategory, 'top_in_category', stageWeights.presentation));
	}
	if (rule.topNational !== undefined)
		add(cut(resultSet.entries, (e) => e.nationalRank, rule.topNational, 'top_national', stageWeights.presentation));
	const hasSelector = rule.topPerCategory !== undefined || rule.topNational !== undefined;
	const minBand = rule.minBand === undefined ? Infinity : bandIndex(rule.minBand, bands);
	const entries: ShortlistEntry[] = [];
	for (const e of resultSet.entries) {
		if (bandIndex(e.band, bands) > minBand || (rule.minScore !== undefined && e.finalScore < rule.minScore)) continue;
		const reasons: ShortlistReason[] = hasSelector
			? (selected.get(e.bodyId) ?? [])
			: [{ kind: 'meets_minimum', minBand: rule.minBand, minScore: rule.minScore }];
		if (reasons.length === 0) continue;
		const cuts = reasons.filter((r): r is CutReason => r.kind !== 'meets_minimum');
		const text = reasons.map((r) => describe(r, e.categoryId)).join('; ');
		entries.push({
			bodyId: e.bodyId,
			categoryId: e.categoryId,
			finalScore: e.finalScore,
			band: e.band,
			rankInCategory: e.rankInCategory,
			nationalRank: e.nationalRank,
			reasons,
			tiedAtCut: cuts.length > 0 && cuts.every((r) => r.tiedAtCut),
			bubble: cuts.length > 0 && cuts.every((r) => r.bubble),
			note: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
		});
	}
	entries.sort((a, b) => a.nationalRank - b.nationalRank || byId(a.bodyId, b.bodyId));
	return { version: resultSet.version, hash: resultSet.hash, rule: { ...rule }, entries };
}
