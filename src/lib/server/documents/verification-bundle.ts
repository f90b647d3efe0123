/**
 * The verification bundle of an evaluation: what an auditor needs to check its published results
 * on their own machine with `npx juri-verify` (bin/juri-verify.js), without a server: every
 * published version (its result set exactly as stored, hash, decree, audit anchor, signature), the
 * public key that signs them, and the stretch of the audit log from the first version's anchor to
 * the last one's, so the anchors can be checked against an unbroken chain.
 */
import { z } from 'zod';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { notFound } from '../services/errors';
import { loadEvaluation } from '../services/evaluation-rules';
import { parseInput } from '../services/validation';
import { requireSecretariat } from './access';
import { CONTENT_TYPES, fileSlug, type DocumentFile } from './files';

/** Bumped when the bundle's layout changes; the verifier refuses a format it does not know. */
export const BUNDLE_FORMAT = 'juri-verification-bundle/1';

/**
 * @example const file = await verificationBundle(ctx, admin, { evaluationId }); // { name: 'verifikasi-monev-kip-2023-presentasi.json', … }
 */
export async function verificationBundle(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentFile> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(z.object({ evaluationId: z.string().min(1).max(64) }), raw);
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	const versions = await ctx.db
		.selectFrom('result_versions')
		.selectAll()
		.where('evaluation_id', '=', evaluationId)
		.orderBy('version')
		.execute();
	if (versions.length === 0) throw notFound('Published results version');
	const anchors = versions.flatMap((v) => (v.audit_seq === null ? [] : [v.audit_seq]));
	const audit =
		anchors.length === 0
			? []
			: await ctx.db
					.selectFrom('audit_log')
					.select(['seq', 'at', 'actor_id', 'evaluation_id', 'action', 'entity', 'entity_id', 'before', 'after', 'prev_hash', 'hash'])
					.where('seq', '>=', Math.min(...anchors))
					.where('seq', '<=', Math.max(...anchors))
					.orderBy('seq')
					.execute();
	const bundle = {
		format: BUNDLE_FORMAT,
		evaluation: { id: evaluation.id, name: evaluation.name },
		signingKey: ctx.signingKey?.publicKeyPem ?? null,
		versions: versions.map((v) => ({
			evaluationId: v.evaluation_id,
			version: v.version,
			hash: v.hash,
			resultSet: v.result_set,
			auditHead: v.audit_seq !== null && v.audit_hash !== null ? { seq: v.audit_seq, hash: v.audit_hash } : null,
			decreeNumber: v.decree_number,
			decreeDate: v.decree_date,
			signature: v.signature
		})),
		audit
	};
	return {
		name: `verifikasi-${fileSlug(evaluation.name)}.json`,
		contentType: CONTENT_TYPES.json,
		bytes: new TextEncoder().encode(JSON.stringify(bundle, null, 1))
	};
}
