import type { ResultEntry, ResultSet, TieBreakKey } from './types';

/**
 * Why a body's rank reads as it does when it is part of a tie, as data (pages and documents word
 * it in the reader's language):
 * - `shared`: equal published scores share the rank ("rank 2 (shared)"); `place` is null;
 * - `split`: the tie-break chain placed it (`place`) inside the shared rank, by `by` at `value`
 *   ("shared rank 2 at 98.31; placed 3rd by presentation score 97.70").
 */
export type TieNote =
	| { kind: 'shared'; rank: number; score: number; with: number }
	| { kind: 'split'; rank: number; score: number; place: number; by: TieBreakKey; value: number | null };

/**
 * The tie notes of a result set, per body, for ranks within a category or nationally. Bodies
 * outside any tie have none. Inside a tie the order of `entries` is deterministic: the chain, then
 * (still tied, or no chain) the result set's own order (category, rank, body id).
 *
 * @example tieNotes(resultSet, 'category').get('jabar') // { kind: 'shared', rank: 2, score: 98.31, with: 2 }
 */
export function tieNotes(resultSet: Pick<ResultSet, 'entries'>, scope: 'category' | 'national'): Map<string, TieNote> {
	const rankOf = (e: ResultEntry) => (scope === 'category' ? e.rankInCategory : e.nationalRank);
	const recordOf = (e: ResultEntry) => (scope === 'category' ? e.tieBreak : e.nationalTieBreak);
	const groupOf = (e: ResultEntry) => (scope === 'category' ? e.categoryId : '');
	const sharing = new Map<string, number>();
	for (const e of resultSet.entries) {
		const key = `${groupOf(e)}\u0000${rankOf(e)}`;
		sharing.set(key, (sharing.get(key) ?? 0) + 1);
	}
	const notes = new Map<string, TieNote>();
	for (const e of resultSet.entries) {
		const record = recordOf(e);
		const count = sharing.get(`${groupOf(e)}\u0000${rankOf(e)}`) ?? 1;
		if (count > 1) notes.set(e.bodyId, { kind: 'shared', rank: rankOf(e), score: e.finalScore, with: count });
		else if (record?.decidedBy) {
			notes.set(e.bodyId, {
				kind: 'split',
				rank: record.appliedAt,
				score: e.finalScore,
				place: rankOf(e),
				by: record.decidedBy,
				value: record.decidedValue ?? null
			});
		}
	}
	return notes;
}
