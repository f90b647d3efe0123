/**
 * A published results version as its documents read it: the result set exactly as it was stored
 * (never recomputed), the decree that announces it, and the names its ids stand for. The URL's
 * parameters are checked here: a version that is not a whole number is refused (400), one the
 * evaluation does not have is not found (404), and nothing is read beyond that.
 */
import { z } from 'zod';
import type { ResultSet } from '$lib/domain/scoring';
import type { AuditHead } from '$lib/domain/audit';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { notFound } from '../services/errors';
import { parseInput } from '../services/validation';
import { requireSecretariat } from './access';
import { versionSeal, type VersionSeal } from './verification';

const id = z.string().min(1, 'required').max(64);

/** The route's `[evaluationId]` and `[version]`: a version is written as a whole number from 1, without leading zeros. */
const versionParams = z.object({
	evaluationId: id,
	version: z
		.string()
		.regex(/^[1-9]\d{0,8}$/, 'invalid_version')
		.transform(Number)
});

export interface StoredVersion {
	evaluationId: string;
	evaluationName: string;
	/** What the prior stage is called (the method's wording: "SAQ"). */
	priorLabel: string;
	version: number;
	resultSet: ResultSet;
	hash: string;
	reason: string;
	publishedAt: number;
	/** The version's own audit anchor (null for versions published before anchors were stored). */
	anchor: AuditHead | null;
	decreeNumber: string | null;
	/** YYYY-MM-DD. */
	decreeDate: string | null;
	/** The evaluation's categories in their order (the order of every results document). */
	categories: { id: string; name: string }[];
	bodyName: (bodyId: string) => string;
	/** What the document prints for checking it (see verification.ts). */
	seal: VersionSeal;
}

/**
 * Loads one stored version of an evaluation for the secretariat.
 *
 * @example const stored = await loadStoredVersion(ctx, admin, { evaluationId, version: '2' });
 */
export async function loadStoredVersion(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<StoredVersion> {
	requireSecretariat(actor);
	const { evaluationId, version } = parseInput(versionParams, raw);
	const stored = await readStoredVersion(ctx, evaluationId, version);
	if (!stored) throw notFound('Results version');
	return stored;
}

/**
 * One published version as its documents read it, or null when the evaluation has no such
 * version. No role is checked: a published version is public (the verification page reads it).
 *
 * @example const stored = await readStoredVersion(ctx, evaluationId, 2);
 */
export async function readStoredVersion(ctx: ServiceContext, evaluationId: string, version: number): Promise<StoredVersion | null> {
	const evaluation = await ctx.db.selectFrom('evaluations').selectAll().where('id', '=', evaluationId).executeTakeFirst();
	if (!evaluation) return null;
	const row = await ctx.db
		.selectFrom('result_versions')
		.selectAll()
		.where('evaluation_id', '=', evaluationId)
		.where('version', '=', version)
		.executeTakeFirst();
	if (!row) return null;
	const resultSet: ResultSet = JSON.parse(row.result_set);
	const [categories, bodies] = await Promise.all([
		ctx.db
			.selectFrom('categories')
			.select(['id', 'name'])
			.where('evaluation_id', '=', evaluationId)
			.orderBy('sort_order')
			.orderBy('name')
			.execute(),
		ctx.db.selectFrom('bodies').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	const names = new Map(bodies.map((b) => [b.id, b.name]));
	return {
		evaluationId,
		evaluationName: evaluation.name,
		priorLabel: evaluation.prior_stage_label,
		version,
		resultSet,
		hash: row.hash,
		reason: row.reason,
		publishedAt: row.created_at,
		anchor: row.audit_seq !== null && row.audit_hash !== null ? { seq: row.audit_seq, hash: row.audit_hash } : null,
		decreeNumber: row.decree_number,
		decreeDate: row.decree_date,
		// Names as they are now, matched by id; only the categories the version ranks.
		categories: categories.filter((c) => resultSet.entries.some((e) => e.categoryId === c.id)),
		bodyName: (bodyId) => names.get(bodyId) ?? bodyId,
		seal: versionSeal(ctx, { evaluationId, version, hash: row.hash, signingKey: row.signing_key })
	};
}
