/**
 * Published result versions as the history keeps them: the list, one version exactly as it was
 * published (its stored result set and names, never recomputed), the draft (the results as they
 * stand now, corrections applied) and comparisons between any two of them.
 */
import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { FINISHED_STATES } from '$lib/domain/live/slot-machine';
import { compareResults, tieNotes, type ResultSet, type ShortlistRule } from '$lib/domain/scoring';
import type { ComparedSide, DraftChanges, ResultsComparison, ResultsView, VersionInfo, VersionLabels } from '$lib/shared/results';
import type { SessionUser } from '../../auth/session';
import type { DB } from '../../db';
import type { Database, Evaluation, ResultVersionTable } from '../../db/schema';
import type { ServiceContext } from '../context';
import { FieldRefusal, secretariatOnly } from '../errors';
import { loadEvaluation } from '../evaluation-rules';
import { computeEvaluationResults } from '../results';
import { parseInput } from '../validation';
import { drawShortlist, visitationRule } from '../visitation';
import { currentLabels, resultsView } from './views';

type Reader = DB | Transaction<Database>;

export function requireSecretariat(actor: SessionUser): void {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat reads and publishes results');
}

export const evaluationOnly = z.object({ evaluationId: z.string().min(1).max(64) });
/** A version number as a URL or form gives it. */
const versionNumber = z.coerce.number('invalid_version').int('invalid_version').min(1, 'invalid_version').max(1_000_000, 'invalid_version');

type VersionRow = Selectable<ResultVersionTable> & { publisher: string | null };

function versionRows(db: Reader, evaluationId: string) {
	return db
		.selectFrom('result_versions')
		.leftJoin('users', 'users.id', 'result_versions.created_by')
		.selectAll('result_versions')
		.select('users.name as publisher')
		.where('result_versions.evaluation_id', '=', evaluationId);
}

function versionInfo(row: VersionRow): VersionInfo {
	return {
		version: row.version,
		hash: row.hash,
		reason: row.reason,
		decreeNumber: row.decree_number,
		decreeDate: row.decree_date,
		publishedAt: row.created_at,
		publishedBy: row.publisher,
		auditHead: row.audit_seq !== null && row.audit_hash !== null ? { seq: row.audit_seq, hash: row.audit_hash } : null
	};
}

export interface StoredVersion {
	info: VersionInfo;
	/** Exactly as published: parsed from the stored JSON, never recomputed. */
	resultSet: ResultSet;
	/** The names it was published with (today's for a version published before names were kept). */
	labels: VersionLabels;
}

/**
 * One published version as it was published, or null when there is no such version. For
 * documents too: an annex printed from it reads like the version on screen.
 *
 * @example const v1 = await storedVersion(db, evaluationId, 1); v1?.resultSet.entries
 */
export async function storedVersion(db: Reader, evaluationId: string, version: number): Promise<StoredVersion | null> {
	const row = await versionRows(db, evaluationId).where('result_versions.version', '=', version).executeTakeFirst();
	if (!row) return null;
	return {
		info: versionInfo(row),
		resultSet: JSON.parse(row.result_set),
		labels: row.labels ? JSON.parse(row.labels) : await currentLabels(db, evaluationId)
	};
}

/**
 * The version published last (what the public and presenters are shown), as stored, or null before
 * publication.
 *
 * @example const published = await publishedVersion(db, evaluation); published?.info.auditHead
 */
export async function publishedVersion(
	db: Reader,
	evaluation: Pick<Evaluation, 'id' | 'published_result_version'>
): Promise<StoredVersion | null> {
	return evaluation.published_result_version === null ? null : storedVersion(db, evaluation.id, evaluation.published_result_version);
}

/** The newest published version, or null before the first publication. */
export async function latestVersion(db: Reader, evaluationId: string): Promise<StoredVersion | null> {
	const last = await db
		.selectFrom('result_versions')
		.select((eb) => eb.fn.max('version').as('v'))
		.where('evaluation_id', '=', evaluationId)
		.executeTakeFirst();
	return last?.v ? storedVersion(db, evaluationId, last.v) : null;
}

/**
 * Every published version, newest first: number, time, who published, decree, reason, hash, audit head.
 *
 * @example const history = await listVersions(ctx, admin, { evaluationId }); history[0].decreeNumber
 */
export async function listVersions(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<VersionInfo[]> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(evaluationOnly, raw);
	await loadEvaluation(ctx.db, evaluationId);
	const rows = await versionRows(ctx.db, evaluationId).orderBy('result_versions.version', 'desc').execute();
	return rows.map(versionInfo);
}

async function requireVersion(db: Reader, evaluationId: string, version: number, field = 'version'): Promise<StoredVersion> {
	const stored = await storedVersion(db, evaluationId, version);
	if (!stored) throw new FieldRefusal('not_found', 'version_not_found', `Version ${version} has not been published`, field);
	return stored;
}

/**
 * One published version's views (per category, national, shortlist, method), from what was stored.
 *
 * @example const view = await versionResults(ctx, admin, { evaluationId, version: '1' });
 */
export async function versionResults(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<ResultsView> {
	requireSecretariat(actor);
	const { evaluationId, version } = parseInput(evaluationOnly.extend({ version: versionNumber }), raw);
	await loadEvaluation(ctx.db, evaluationId);
	const stored = await requireVersion(ctx.db, evaluationId, version);
	return resultsView(ctx.db, evaluationId, stored.resultSet, stored.labels, { kind: 'version', info: stored.info });
}

/** One side of a comparison: the draft or a version, with its result set and names. */
export interface Side {
	side: ComparedSide;
	resultSet: ResultSet;
	labels: VersionLabels;
}

async function draftSide(db: DB, evaluationId: string, lastPublished: number | null): Promise<Side> {
	const resultSet = await computeEvaluationResults(db, evaluationId, 'all');
	return {
		side: { kind: 'draft' },
		resultSet: { ...resultSet, version: (lastPublished ?? 0) + 1 },
		labels: await currentLabels(db, evaluationId)
	};
}

const versionSide = (stored: StoredVersion): Side => ({ side: { kind: 'version', info: stored.info }, ...stored });

/** Moves, bands and the shortlist between two sides, with names; the shortlist is left out when the rule does not fit. */
function compareSides(from: Side, to: Side, rule: ShortlistRule | null): ResultsComparison {
	const fits = rule !== null && drawShortlist(from.resultSet, rule).ok && drawShortlist(to.resultSet, rule).ok;
	const comparison = compareResults(from.resultSet, to.resultSet, fits ? { shortlistRule: rule } : {});
	const name = (id: string) => to.labels.bodies[id]?.name ?? from.labels.bodies[id]?.name ?? id;
	const categoryNames = new Map([...from.labels.categories, ...to.labels.categories].map((c) => [c.id, c.name]));
	const [before, after] = [from, to].map((s) => tieNotes(s.resultSet, 'category'));
	return {
		from: from.side,
		to: to.side,
		moves: comparison.moves.map((m) => ({
			...m,
			name: name(m.bodyId),
			categoryName: categoryNames.get(m.categoryId) ?? m.categoryId,
			tieBefore: before.get(m.bodyId) ?? null,
			tieAfter: after.get(m.bodyId) ?? null
		})),
		bands: comparison.bands.map((b) => ({ ...b, enteredNames: b.entered.map(name), leftNames: b.left.map(name) })),
		shortlist: comparison.shortlist
	};
}

/**
 * The draft (results as they stand now, numbered as the next version) and what publishing it would
 * change against the last published version.
 *
 * @example const { draft, changes } = await draftWithChanges(db, evaluationId); draft.resultSet.hash
 */
export async function draftWithChanges(db: DB, evaluationId: string): Promise<{ draft: Side; changes: DraftChanges }> {
	const published = await latestVersion(db, evaluationId);
	const draft = await draftSide(db, evaluationId, published?.info.version ?? null);
	const draftHash = draft.resultSet.hash;
	if (!published) return { draft, changes: { published: null, pending: draft.resultSet.entries.length > 0, draftHash, comparison: null } };
	const comparison = compareSides(versionSide(published), draft, await visitationRule(db, evaluationId));
	return { draft, changes: { published: published.info, pending: draftHash !== published.resultSet.hash, draftHash, comparison } };
}

/**
 * The draft against the last published version: whether publishing now would change anything,
 * and what (who moved, bands, shortlist). The hub, the corrections page and the visitation page
 * show it before anything is published.
 *
 * @example const { pending, comparison } = await draftChanges(db, evaluationId);
 */
export async function draftChanges(db: DB, evaluationId: string): Promise<DraftChanges> {
	return (await draftWithChanges(db, evaluationId)).changes;
}

/**
 * The results hub: the draft's views (as the results stand now, not published) and what
 * publishing it would change against the last published version.
 *
 * @example const { view, changes } = await resultsHub(ctx, admin, { evaluationId });
 */
export async function resultsHub(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown
): Promise<{ view: ResultsView; changes: DraftChanges; slotsToScore: number }> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(evaluationOnly, raw);
	await loadEvaluation(ctx.db, evaluationId);
	const { draft, changes } = await draftWithChanges(ctx.db, evaluationId);
	const view = await resultsView(ctx.db, evaluationId, draft.resultSet, draft.labels, {
		kind: 'draft',
		lastPublished: changes.published?.version ?? null
	});
	// Publishing stays possible (a day's results may be announced), but the secretariat is warned.
	const toScore = await ctx.db
		.selectFrom('slots')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('evaluation_id', '=', evaluationId)
		.where('state', 'not in', FINISHED_STATES)
		.executeTakeFirst();
	return { view, changes, slotsToScore: Number(toScore?.n ?? 0) };
}

/** "draft" or a version number, as the compare page's URL gives it. */
const sideInput = z.union([z.literal('draft'), versionNumber], 'invalid_version');

export const compareInput = evaluationOnly.extend({ from: sideInput, to: sideInput });

/**
 * Two results compared: two published versions, or a version and the draft. Rank and score
 * moves per body, bodies entering or leaving a band, and the shortlist (each side's drawn with
 * the evaluation's visitation rule).
 *
 * @example const { moves, bands, shortlist } = await compareVersions(ctx, admin, { evaluationId, from: '1', to: '2' });
 */
export async function compareVersions(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<ResultsComparison> {
	requireSecretariat(actor);
	const input = parseInput(compareInput, raw);
	await loadEvaluation(ctx.db, input.evaluationId);
	const latest = await latestVersion(ctx.db, input.evaluationId);
	const side = async (which: 'draft' | number, field: string) =>
		which === 'draft'
			? draftSide(ctx.db, input.evaluationId, latest?.info.version ?? null)
			: versionSide(await requireVersion(ctx.db, input.evaluationId, which, field));
	const [from, to] = [await side(input.from, 'from'), await side(input.to, 'to')];
	return compareSides(from, to, await visitationRule(ctx.db, input.evaluationId));
}
