import { ScoringError } from './errors';
import { roundHalfUp2 } from './rounding';
import type { TieBreakKey, TieBreakRecord } from './types';

export interface Ranked<T> {
	item: T;
	rank: number;
	/** Set when the tie-break chain was applied to this item's shared rank. */
	tieBreak?: TieBreakRecord;
}

/**
 * Competition ranking ("1, 2, 2, 4"), highest score first: an item's rank is
 * 1 + the number of items with a strictly higher score. Tied items keep their
 * input order. Pass published (rounded) scores so that what looks equal ties.
 * @throws ScoringError 'not_a_number' when a score is NaN/±Infinity.
 *
 * @example
 * rankCompetition([99, 98.31, 98.31, 97], (s) => s).map((r) => r.rank); // [1, 2, 2, 4]
 */
export function rankCompetition<T>(items: T[], score: (t: T) => number): { item: T; rank: number }[] {
	const scored = items.map((item) => ({ item, value: score(item) }));
	if (!scored.every((s) => Number.isFinite(s.value))) throw new ScoringError('not_a_number', 'A score to rank is not a finite number.');
	scored.sort((a, b) => b.value - a.value);
	let rank = 0;
	return scored.map(({ item, value }, i) => {
		if (i === 0 || value !== scored[i - 1].value) rank = i + 1;
		return { item, rank };
	});
}

/** A human name for a tie-break key, used in notes. */
export function describeTieBreakKey(key: TieBreakKey): string {
	return key.kind === 'presentation' ? 'presentation score' : key.kind === 'prior' ? 'prior (SAQ) score' : `criterion ${key.code}`;
}

/** Tie-break values compare at published precision: a 1e-13 difference must not decide a rank. */
function comparable(value: number | null): number {
	return value === null ? -Infinity : roundHalfUp2(value);
}

function breakTie<T>(
	group: T[],
	sharedRank: number,
	shown: string,
	chain: readonly TieBreakKey[],
	valueOf: (item: T, key: TieBreakKey) => number | null
): Ranked<T>[] {
	const out: Ranked<T>[] = [];
	const prefix = `Shared rank ${sharedRank} at ${shown}`;
	const split = (members: T[], first: number, depth: number, value: number): void => {
		if (members.length === 1) {
			const key = chain[depth - 1];
			const decidedValue = value === -Infinity ? null : value;
			const note = `${prefix}; placed ${first} by ${describeTieBreakKey(key)} (${decidedValue === null ? 'none' : decidedValue.toFixed(2)}).`;
			out.push({ item: members[0], rank: first, tieBreak: { appliedAt: sharedRank, decidedBy: key, decidedValue, note } });
			return;
		}
		if (depth === chain.length) {
			const note = `${prefix}; still tied at rank ${first} after ${chain.map(describeTieBreakKey).join(', ')}.`;
			for (const item of members)
				out.push({ item, rank: first, tieBreak: { appliedAt: sharedRank, decidedBy: null, decidedValue: null, note } });
			return;
		}
		const key = chain[depth];
		const keyed = members.map((item) => ({ item, value: comparable(valueOf(item, key)) })).sort((a, b) => b.value - a.value);
		let start = 0;
		for (let i = 1; i <= keyed.length; i++) {
			if (i === keyed.length || keyed[i].value !== keyed[start].value) {
				split(
					keyed.slice(start, i).map((k) => k.item),
					first + start,
					depth + 1,
					keyed[start].value
				);
				start = i;
			}
		}
	};
	split(group, sharedRank, 0, -Infinity);
	return out;
}

/**
 * Competition ranking, then the tie-break chain applied, key after key, to
 * each group sharing a rank. Each key compares values rounded to 2 decimals,
 * higher first; an item without a value (e.g. no presentation) comes after
 * those with one. Items still tied after the last key share the rank. Every
 * item of a broken tie gets a record of where the chain was applied and why.
 * An empty chain is plain competition ranking.
 *
 * @example
 * rankWithTieBreak(rows, (r) => r.finalScore, [{ kind: 'presentation' }], (r) => r.presentation);
 */
export function rankWithTieBreak<T>(
	items: T[],
	score: (t: T) => number,
	chain: readonly TieBreakKey[],
	valueOf: (item: T, key: TieBreakKey) => number | null
): Ranked<T>[] {
	const ranked = rankCompetition(items, score);
	if (chain.length === 0) return ranked;
	const out: Ranked<T>[] = [];
	for (let i = 0; i < ranked.length;) {
		let j = i + 1;
		while (j < ranked.length && ranked[j].rank === ranked[i].rank) j++;
		if (j - i === 1) out.push(ranked[i]);
		else
			out.push(
				...breakTie(
					ranked.slice(i, j).map((r) => r.item),
					ranked[i].rank,
					score(ranked[i].item).toFixed(2),
					chain,
					valueOf
				)
			);
		i = j;
	}
	return out;
}
