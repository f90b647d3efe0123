/**
 * What the public (the audience's /live and each body's presenter page) sees of the results: never
 * an accident of whatever the database holds now. Once a version is published, the public sees that
 * version only, as it was stored, with its number and decree, until the next one is published: a
 * visitation correction, a settings change or a re-import after publication changes nothing public.
 * Before the first publication the evaluation's policy decides: provisional results of certified
 * slots ("sementara"), ranks without scores, or nothing.
 */
import { tieNotes, type ResultEntry } from '$lib/domain/scoring';
import type {
	Leaderboard,
	LeaderboardEntry,
	PublicResults,
	PublishedVersionLabel,
	PresenterView,
	RankOnlyEntry
} from '$lib/shared/contracts';
import type { DB } from '../db';
import type { Evaluation } from '../db/schema';
import { computeEvaluationResults } from './results';
import { publishedVersion, type StoredVersion } from './results/versions';
import { currentLabels } from './results/views';

const labelOf = (stored: StoredVersion): PublishedVersionLabel => ({
	version: stored.info.version,
	decreeNumber: stored.info.decreeNumber,
	decreeDate: stored.info.decreeDate,
	publishedAt: stored.info.publishedAt
});

/** One board per category, in category order, entries by rank (as the result set orders them). */
function boards<E>(
	entries: readonly ResultEntry[],
	categories: { id: string; name: string }[],
	line: (entry: ResultEntry) => E
): Leaderboard<E>[] {
	return categories
		.map((category) => ({
			categoryId: category.id,
			categoryName: category.name,
			entries: entries.filter((e) => e.categoryId === category.id).map(line)
		}))
		.filter((board) => board.entries.length > 0);
}

/**
 * The results part of the audience view.
 *
 * @example const results = await publicResults(db, evaluation); // { kind: 'published', version: 2, decreeNumber: '12/KEP/KIP/XII/2026', leaderboards: […] }
 */
export async function publicResults(db: DB, evaluation: Evaluation): Promise<PublicResults> {
	const published = await publishedVersion(db, evaluation);
	const policy = evaluation.public_results;
	if (!published && policy === 'hidden') return { kind: 'hidden' };
	// A published version reads with the names it was published with; provisional results with today's.
	const labels = published?.labels ?? (await currentLabels(db, evaluation.id));
	const resultSet = published?.resultSet ?? (await computeEvaluationResults(db, evaluation.id, 'presented'));
	const ties = tieNotes(resultSet, 'category');
	const nameOf = (bodyId: string) => labels.bodies[bodyId]?.name ?? '';
	if (!published && policy === 'ranks_only') {
		// Built field by field: nothing from which a score could be read leaves the server.
		const line = (e: ResultEntry): RankOnlyEntry => ({
			bodyId: e.bodyId,
			bodyName: nameOf(e.bodyId),
			rank: e.rankInCategory,
			shared: ties.get(e.bodyId)?.kind === 'shared'
		});
		return { kind: 'ranks_only', leaderboards: boards(resultSet.entries, labels.categories, line) };
	}
	const line = (e: ResultEntry): LeaderboardEntry => ({
		bodyId: e.bodyId,
		bodyName: nameOf(e.bodyId),
		rank: e.rankInCategory,
		tie: ties.get(e.bodyId) ?? null,
		presentationScore: e.presentation?.score ?? null,
		finalScore: e.finalScore,
		band: e.band
	});
	const leaderboards = boards(resultSet.entries, labels.categories, line);
	return published ? { kind: 'published', ...labelOf(published), leaderboards } : { kind: 'provisional', leaderboards };
}

/**
 * A body's line of the published version, for its presenter page; null before publication (never
 * a rank computed from what is live now).
 *
 * @example await presenterResult(db, evaluation, bodyId) // { rankInCategory: 2, tie: { kind: 'shared', … }, version: 1, decreeNumber: '…', … }
 */
export async function presenterResult(db: DB, evaluation: Evaluation, bodyId: string): Promise<PresenterView['result']> {
	const published = await publishedVersion(db, evaluation);
	const entry = published?.resultSet.entries.find((e) => e.bodyId === bodyId);
	if (!published || !entry) return null;
	return {
		...labelOf(published),
		finalScore: entry.finalScore,
		band: entry.band,
		rankInCategory: entry.rankInCategory,
		categorySize: published.resultSet.entries.filter((e) => e.categoryId === entry.categoryId).length,
		presentationScore: entry.presentation?.score ?? null,
		tie: tieNotes(published.resultSet, 'category').get(bodyId) ?? null
	};
}
