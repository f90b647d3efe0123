/**
 * Results as the secretariat reads them: a result set with the names it goes with (today's for
 * the draft, the ones kept with a published version), per category in category order then rank,
 * nationally, and the shortlist the visitation rule draws from it. Ties are the scoring core's
 * tie notes, attached here once so that no page works one out.
 */
import type { Transaction } from 'kysely';
import { tieNotes, type ResultSet } from '$lib/domain/scoring';
import type { CategoryResults, ResultRow, ResultsSource, ResultsView, ShortlistView, VersionLabels } from '$lib/shared/results';
import type { DB } from '../../db';
import type { Database } from '../../db/schema';
import { drawShortlist, visitationRule } from '../visitation';

type Reader = DB | Transaction<Database>;

/**
 * The names results are shown with today: bodies, categories in their order, the prior stage's
 * label. Kept with each version at publication.
 *
 * @example const labels = await currentLabels(db, evaluationId); labels.bodies[bodyId].name
 */
export async function currentLabels(db: Reader, evaluationId: string): Promise<VersionLabels> {
	const [evaluation, categories, bodies] = await Promise.all([
		db.selectFrom('evaluations').select('prior_stage_label').where('id', '=', evaluationId).executeTakeFirstOrThrow(),
		db
			.selectFrom('categories')
			.select(['id', 'name'])
			.where('evaluation_id', '=', evaluationId)
			.orderBy('sort_order')
			.orderBy('name')
			.execute(),
		db.selectFrom('bodies').select(['id', 'name', 'short_name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	return {
		priorLabel: evaluation.prior_stage_label,
		categories,
		bodies: Object.fromEntries(bodies.map((b) => [b.id, { name: b.name, shortName: b.short_name }]))
	};
}

/**
 * Each entry of a result set as a table line with its names and ties, in the set's order.
 *
 * @example resultRows(resultSet, labels)[0] // { name: 'Aceh', rankInCategory: 2, categoryTie: { kind: 'shared', … }, … }
 */
export function resultRows(resultSet: Pick<ResultSet, 'entries'>, labels: VersionLabels): ResultRow[] {
	const categoryName = new Map(labels.categories.map((c) => [c.id, c.name]));
	const inCategory = tieNotes(resultSet, 'category');
	const national = tieNotes(resultSet, 'national');
	return resultSet.entries.map((e) => ({
		bodyId: e.bodyId,
		name: labels.bodies[e.bodyId]?.name ?? e.bodyId,
		categoryId: e.categoryId,
		categoryName: categoryName.get(e.categoryId) ?? e.categoryId,
		priorScore: e.priorScore,
		presentationScore: e.presentation?.score ?? null,
		belowQuorum: e.presentation?.status === 'below_quorum',
		finalScore: e.finalScore,
		band: e.band,
		rankInCategory: e.rankInCategory,
		nationalRank: e.nationalRank,
		categoryTie: inCategory.get(e.bodyId) ?? null,
		nationalTie: national.get(e.bodyId) ?? null,
		corrected: (['presentation', 'final'] as const).filter((k) => e.overridden && k in e.overridden)
	}));
}

/** By rank, and bodies sharing a rank by name: the order the method states ("within it, by name"). */
const byRank = (rank: (r: ResultRow) => number) => (a: ResultRow, b: ResultRow) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'id');

/** Rows grouped per category, in the labels' category order (categories unknown to them last), each by rank. */
function byCategory(rows: ResultRow[], labels: VersionLabels): CategoryResults[] {
	const order = [...labels.categories.map((c) => c.id), ...rows.map((r) => r.categoryId)];
	return [...new Set(order)]
		.map((id) => ({
			id,
			name: rows.find((r) => r.categoryId === id)?.categoryName ?? '',
			rows: rows.filter((r) => r.categoryId === id).sort(byRank((r) => r.rankInCategory))
		}))
		.filter((c) => c.rows.length > 0);
}

/**
 * The shortlist the evaluation's visitation rule draws from these results, with each body's
 * reasons (drawn as the visitation page draws it), or why there is none.
 *
 * @example const view = await shortlistView(db, evaluationId, resultSet, rows); if (view.ok) view.rows[0].reasons
 */
export async function shortlistView(db: Reader, evaluationId: string, resultSet: ResultSet, rows: ResultRow[]): Promise<ShortlistView> {
	const rule = await visitationRule(db, evaluationId);
	if (!rule) return { ok: false, problem: 'no_rule', rule: null };
	const drawn = drawShortlist(resultSet, rule);
	if (!drawn.ok) return { ok: false, problem: 'rule_invalid', rule };
	const row = new Map(rows.map((r) => [r.bodyId, r]));
	return {
		ok: true,
		rule,
		rows: drawn.shortlist.entries.map((e) => {
			const { bodyId, name, categoryName, finalScore, band, rankInCategory, nationalRank, categoryTie, nationalTie } = row.get(
				e.bodyId
			) as ResultRow;
			return {
				bodyId,
				name,
				categoryName,
				finalScore,
				band,
				rankInCategory,
				nationalRank,
				categoryTie,
				nationalTie,
				reasons: e.reasons,
				tiedAtCut: e.tiedAtCut,
				bubble: e.bubble
			};
		})
	};
}

/**
 * Every view of one result set: per category, nationally, the shortlist, with its rules (the
 * method) and what it is (the draft or a published version).
 *
 * @example const view = await resultsView(db, evaluationId, resultSet, labels, { kind: 'draft', lastPublished: 1 });
 */
export async function resultsView(
	db: Reader,
	evaluationId: string,
	resultSet: ResultSet,
	labels: VersionLabels,
	source: ResultsSource
): Promise<ResultsView> {
	const rows = resultRows(resultSet, labels);
	return {
		source,
		hash: resultSet.hash,
		rules: resultSet.rules,
		priorLabel: labels.priorLabel,
		categories: byCategory(rows, labels),
		national: [...rows].sort(byRank((r) => r.nationalRank)),
		shortlist: await shortlistView(db, evaluationId, resultSet, rows)
	};
}
