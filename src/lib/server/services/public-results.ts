/**
 * What the public (the audience's /live and each body's presenter page) sees of the results: never
 * an accident of whatever the database holds now. Once a version is published, the public sees that
 * version only, as it was stored, with its number and decree, until the next one is published: a
 * visitation correction, a settings change or a re-import after publication changes nothing public.
 * Before the first publication the evaluation's policy decides: provisional results of certified
 * slots ("sementara"), ranks without scores, or nothing. The staged reveal of an award ceremony
 * ('staged', before or after publication) shows only the lines the reveal console revealed: the
 * rest is never built into anything the public is sent.
 */
import { revealedLines, tieNotes, type ResultEntry, type ResultSet } from '$lib/domain/scoring';
import { publishedLineShown } from '$lib/domain/live/presenter';
import type { SlotState } from '$lib/domain/live/slot-machine';
import type {
	Leaderboard,
	LeaderboardEntry,
	PublicResults,
	PublishedVersionLabel,
	PresenterView,
	RankOnlyEntry,
	RevealBoard
} from '$lib/shared/contracts';
import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database, Evaluation } from '../db/schema';
import { computeEvaluationResults } from './results';
import { publishedVersion, type StoredVersion } from './results/versions';
import type { VersionLabels } from '$lib/shared/results';
import { currentLabels } from './results/views';

type Reader = DB | Transaction<Database>;

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
 * The results the public may be shown at all, before any policy filters them: the published
 * version with the names it was published with or, before publication, the results of certified
 * slots with today's names.
 *
 * @example const { resultSet, labels, published } = await publicSource(db, evaluation);
 */
export async function publicSource(
	db: Reader,
	evaluation: Evaluation
): Promise<{ published: StoredVersion | null; resultSet: ResultSet; labels: VersionLabels }> {
	const published = await publishedVersion(db, evaluation);
	if (published) return { published, resultSet: published.resultSet, labels: published.labels };
	const [labels, resultSet] = await Promise.all([
		currentLabels(db, evaluation.id),
		computeEvaluationResults(db, evaluation.id, 'presented')
	]);
	return { published, resultSet, labels };
}

/**
 * How many bodies of each category the staged reveal has revealed (by category id; absent: none).
 *
 * @example (await revealCounts(db, evaluationId)).get(categoryId) // 3
 */
export async function revealCounts(db: Reader, evaluationId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('result_reveals')
		.select(['category_id', 'revealed'])
		.where('evaluation_id', '=', evaluationId)
		.execute();
	return new Map(rows.map((r) => [r.category_id, r.revealed]));
}

/** A category's lines in the result set's (rank) order. */
const categoryLines = (resultSet: ResultSet, categoryId: string) => resultSet.entries.filter((e) => e.categoryId === categoryId);

/**
 * The results part of the audience view.
 *
 * @example const results = await publicResults(db, evaluation); // { kind: 'published', version: 2, decreeNumber: '12/KEP/KIP/XII/2026', leaderboards: […] }
 */
export async function publicResults(db: DB, evaluation: Evaluation): Promise<PublicResults> {
	const policy = evaluation.public_results;
	if (policy === 'hidden' && evaluation.published_result_version === null) return { kind: 'hidden' };
	const { published, resultSet, labels } = await publicSource(db, evaluation);
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
		bodyShortName: labels.bodies[e.bodyId]?.shortName || nameOf(e.bodyId),
		rank: e.rankInCategory,
		tie: ties.get(e.bodyId) ?? null,
		presentationScore: e.presentation?.score ?? null,
		finalScore: e.finalScore,
		band: e.band
	});
	if (policy === 'staged') {
		// Only revealed lines are built; a tie note of one names its own score group, revealed whole.
		const reveals = await revealCounts(db, evaluation.id);
		const leaderboards: RevealBoard[] = labels.categories
			.map((category) => {
				const lines = categoryLines(resultSet, category.id);
				const shown = revealedLines(lines, reveals.get(category.id) ?? 0);
				return { categoryId: category.id, categoryName: category.name, entries: shown.map(line), hidden: lines.length - shown.length };
			})
			.filter((board) => board.entries.length + board.hidden > 0);
		return { kind: 'staged', published: published && labelOf(published), focusCategoryId: evaluation.reveal_category_id, leaderboards };
	}
	const leaderboards = boards(resultSet.entries, labels.categories, line);
	return published ? { kind: 'published', ...labelOf(published), leaderboards } : { kind: 'provisional', leaderboards };
}

/**
 * A body's line of the published version, for its presenter page; none before publication (never
 * a rank computed from what is live now), during a staged reveal until the line is revealed, and
 * while the version ranks the body without its presentation (published before its slot, or below
 * quorum): `slotState` is the body's slot's state now (null: it has no slot).
 *
 * @example await presenterResult(db, evaluation, bodyId, 'certified') // { pending: null, result: { rankInCategory: 2, tie: { kind: 'shared', … }, version: 1, … } }
 */
export async function presenterResult(
	db: DB,
	evaluation: Evaluation,
	bodyId: string,
	slotState: SlotState | null
): Promise<{ pending: PresenterView['resultPending']; result: PresenterView['result'] }> {
	const hidden = { pending: 'not_published', result: null } as const;
	const published = await publishedVersion(db, evaluation);
	const entry = published?.resultSet.entries.find((e) => e.bodyId === bodyId);
	if (!published || !entry) return hidden;
	if (evaluation.public_results === 'staged') {
		const revealed = (await revealCounts(db, evaluation.id)).get(entry.categoryId) ?? 0;
		if (!revealedLines(categoryLines(published.resultSet, entry.categoryId), revealed).includes(entry)) return hidden;
	}
	if (!publishedLineShown(entry, slotState)) return { pending: 'after_presentation', result: null };
	return {
		pending: null,
		result: {
			...labelOf(published),
			finalScore: entry.finalScore,
			band: entry.band,
			rankInCategory: entry.rankInCategory,
			categorySize: categoryLines(published.resultSet, entry.categoryId).length,
			presentationScore: entry.presentation?.score ?? null,
			tie: tieNotes(published.resultSet, 'category').get(bodyId) ?? null
		}
	};
}
