import { ScoringError } from './errors';
import type { ResultEntry, ResultSet } from './types';

/** Where a body stands in one result set. */
export interface EntryPosition {
	finalScore: number;
	band: string;
	rankInCategory: number;
	nationalRank: number;
}

/** How one body's standing differs between two result sets. */
export interface EntryChange {
	bodyId: string;
	categoryId: string;
	before: EntryPosition;
	after: EntryPosition;
	scoreChanged: boolean;
	/** Category or national rank changed. */
	rankChanged: boolean;
	bandChanged: boolean;
	/** Places gained in the category ranking (positive = moved up). */
	categoryMove: number;
	/** Places gained in the national ranking (positive = moved up). */
	nationalMove: number;
}

export interface ResultDiff {
	from: { version: number; hash: string };
	to: { version: number; hash: string };
	/** Bodies whose score, rank or band changed, by categoryId, new category rank, bodyId. */
	changes: EntryChange[];
}

/** A body's standing in one result set. */
export function position(entry: ResultEntry): EntryPosition {
	return { finalScore: entry.finalScore, band: entry.band, rankInCategory: entry.rankInCategory, nationalRank: entry.nationalRank };
}

/**
 * Who moved between two result sets of the same bodies: old and new score,
 * ranks and band for every body where any of them changed.
 * @throws ScoringError 'different_bodies' when the sets do not hold the same bodies in the same categories.
 *
 * @example
 * const { changes } = diffResults(v1, v2);
 * // [{ bodyId: 'aceh', before: { finalScore: 92.31, rankInCategory: 19, … }, after: { finalScore: 98.31, rankInCategory: 2, … }, categoryMove: 17, … }]
 */
export function diffResults(before: ResultSet, after: ResultSet): ResultDiff {
	const old = new Map(before.entries.map((e) => [e.bodyId, e]));
	if (old.size !== after.entries.length || !after.entries.every((e) => old.get(e.bodyId)?.categoryId === e.categoryId)) {
		throw new ScoringError('different_bodies', 'The two result sets do not hold the same bodies in the same categories.');
	}
	const changes: EntryChange[] = [];
	// after.entries is in category-rank order, so the changes come out in that order too.
	for (const entry of after.entries) {
		const was = position(old.get(entry.bodyId) as ResultEntry);
		const now = position(entry);
		const scoreChanged = was.finalScore !== now.finalScore;
		const rankChanged = was.rankInCategory !== now.rankInCategory || was.nationalRank !== now.nationalRank;
		const bandChanged = was.band !== now.band;
		if (!scoreChanged && !rankChanged && !bandChanged) continue;
		changes.push({
			bodyId: entry.bodyId,
			categoryId: entry.categoryId,
			before: was,
			after: now,
			scoreChanged,
			rankChanged,
			bandChanged,
			categoryMove: was.rankInCategory - now.rankInCategory,
			nationalMove: was.nationalRank - now.nationalRank
		});
	}
	return { from: { version: before.version, hash: before.hash }, to: { version: after.version, hash: after.hash }, changes };
}
