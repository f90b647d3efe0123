/**
 * What the public (the audience's /live and each body's presenter page) sees of the results: never
 * an accident of whatever the database holds now. Once a version is published, the public sees that
 * version only, as it was stored, with its number and decree, until the next one is published: a
 * visitation correction, a settings change or a re-import after publication changes nothing public.
 * Before the first publication the evaluation's policy decides: provisional results of certified
 * slots ("sementara"), ranks without scores, or nothing.
 */
import { tieNotes, type ResultEntry, type ResultSet } from '$lib/domain/scoring';
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

/** The published version's stored result set and label, or null before publication. */
export async function publishedVersion(
	db: DB,
	evaluation: Evaluation
): Promise<{ resultSet: ResultSet; label: PublishedVersionLabel } | null> {
	if (evaluation.published_result_version === null) return null;
	const row = await db
		.selectFrom('result_versions')
		.select(['version', 'result_set', 'decree_number', 'decree_date', 'created_at'])
		.where('evaluation_id', '=', evaluation.id)
		.where('version', '=', evaluation.published_result_version)
		.executeTakeFirst();
	if (!row) return null;
	return {
		resultSet: JSON.parse(row.result_set) as ResultSet,
		label: { version: row.version, decreeNumber: row.decree_number, decreeDate: row.decree_date, publishedAt: row.created_at }
	};
}

async function namesOf(db: DB, evaluationId: string) {
	const [categories, bodies] = await Promise.all([
		db.selectFrom('categories').select(['id', 'name']).where('evaluation_id', '=', evaluationId).orderBy('sort_order').execute(),
		db.selectFrom('bodies').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	return { categories, bodyName: new Map(bodies.map((b) => [b.id, b.name])) };
}

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
	const { categories, bodyName } = await namesOf(db, evaluation.id);
	const resultSet = published?.resultSet ?? (await computeEvaluationResults(db, evaluation.id, 'presented'));
	const ties = tieNotes(resultSet, 'category');
	if (!published && policy === 'ranks_only') {
		// Built field by field: nothing from which a score could be read leaves the server.
		const line = (e: ResultEntry): RankOnlyEntry => ({
			bodyId: e.bodyId,
			bodyName: bodyName.get(e.bodyId) ?? '',
			rank: e.rankInCategory,
			shared: ties.get(e.bodyId)?.kind === 'shared'
		});
		return { kind: 'ranks_only', leaderboards: boards(resultSet.entries, categories, line) };
	}
	const line = (e: ResultEntry): LeaderboardEntry => ({
		bodyId: e.bodyId,
		bodyName: bodyName.get(e.bodyId) ?? '',
		rank: e.rankInCategory,
		tie: ties.get(e.bodyId) ?? null,
		presentationScore: e.presentation?.score ?? null,
		finalScore: e.finalScore,
		band: e.band
	});
	const leaderboards = boards(resultSet.entries, categories, line);
	return published ? { kind: 'published', ...published.label, leaderboards } : { kind: 'provisional', leaderboards };
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
		...published.label,
		finalScore: entry.finalScore,
		band: entry.band,
		rankInCategory: entry.rankInCategory,
		categorySize: published.resultSet.entries.filter((e) => e.categoryId === entry.categoryId).length,
		presentationScore: entry.presentation?.score ?? null,
		tie: tieNotes(published.resultSet, 'category').get(bodyId) ?? null
	};
}
