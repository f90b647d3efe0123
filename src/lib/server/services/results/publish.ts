/**
 * Publishing results: the draft (the results as they stand now, corrections applied) becomes an
 * immutable, hashed version announced by a decree (SK), with the names it was published with.
 */
import { z } from 'zod';
import type { ComparedBody } from '$lib/shared/results';
import { appendAudit, type AuditHead } from '../../audit';
import type { SessionUser } from '../../auth/session';
import type { ServiceContext } from '../context';
import { FieldRefusal } from '../errors';
import { loadEvaluation } from '../evaluation-rules';
import { commitLiveChange } from '../transaction';
import { parseInput } from '../validation';
import { signVersion } from '../../proof.js';
import { draftWithChanges, evaluationOnly, latestVersion, requireSecretariat } from './versions';

/** A calendar date as a date field sends it (YYYY-MM-DD), checked to exist (no 31 November). */
const calendarDate = z
	.string('required')
	.trim()
	.min(1, 'required')
	.refine((v) => {
		const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
		if (!m) return false;
		const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
		return date.toISOString().slice(0, 10) === v;
	}, 'invalid_date');

export const publishInput = evaluationOnly.extend({
	reason: z.string('reason_short').trim().min(3, 'reason_short').max(500, 'too_long'),
	decreeNumber: z.string('required').trim().min(1, 'required').max(120, 'too_long'),
	decreeDate: calendarDate,
	/** The draft the secretariat reviewed (its hash): publishing refuses a draft that changed since. */
	draftHash: z
		.string()
		.trim()
		.transform((v) => v || undefined)
		.pipe(
			z
				.string()
				.regex(/^[0-9a-f]{64}$/, 'invalid')
				.optional()
		)
		.optional()
});

export interface Publication {
	version: number;
	hash: string;
	auditHead: AuditHead;
	/** Who moved against the version before (empty for the first one). */
	changes: ComparedBody[];
}

/**
 * The secretariat publishes the results as they stand now as the next official version, with the
 * reason and the decree (SK) that announces it. Presenters, and the audience as the public-results
 * policy decides, then see this version until the next one. The version keeps the audit head of
 * its own audit row (an anchor, see `$lib/domain/audit`), the names it was published with and,
 * when the app has a signing key, the Ed25519 signature of its statement (see `proof.js`).
 * Refused, changing nothing: a missing or bad field (next to it), a decree number already used, a
 * draft that changed since it was reviewed, or nothing changed since the last version.
 *
 * @example const { version, changes } = await publishResults(ctx, admin, { evaluationId, reason: 'Second decree: visit corrections', decreeNumber: '2/KIP/XII/2023', decreeDate: '2023-12-19' });
 */
export async function publishResults(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<Publication> {
	requireSecretariat(actor);
	const input = parseInput(publishInput, raw);
	const { evaluationId } = input;
	await loadEvaluation(ctx.db, evaluationId);
	// Computed before the transaction: SQLite's one connection is not held while results are computed.
	const { draft, changes } = await draftWithChanges(ctx.db, evaluationId);
	const { resultSet, labels } = draft;
	if (input.draftHash && input.draftHash !== resultSet.hash)
		throw new FieldRefusal('conflict', 'draft_changed', 'The results changed since you reviewed them: review the changes again');
	const { result, version } = await commitLiveChange(
		ctx.db,
		evaluationId,
		async (trx) => {
			const last = await latestVersion(trx, evaluationId);
			if (last && last.resultSet.hash === resultSet.hash)
				throw new FieldRefusal('invalid_state', 'nothing_to_publish', `The results have not changed since version ${last.info.version}`);
			const used = await trx
				.selectFrom('result_versions')
				.select('version')
				.where('evaluation_id', '=', evaluationId)
				.where((eb) => eb(eb.fn('lower', ['decree_number']), '=', input.decreeNumber.toLowerCase()))
				.executeTakeFirst();
			if (used)
				throw new FieldRefusal(
					'conflict',
					'decree_used',
					`Decree ${input.decreeNumber} already announced version ${used.version}`,
					'decreeNumber'
				);
			const resultVersion = (last?.info.version ?? 0) + 1;
			const decree = { decreeNumber: input.decreeNumber, decreeDate: input.decreeDate };
			// The audit row first: the version stores the head that includes its own record.
			const auditHead = await appendAudit(trx, {
				actorId: actor.id,
				evaluationId,
				action: 'results.publish',
				entity: 'result_version',
				entityId: String(resultVersion),
				after: { version: resultVersion, hash: resultSet.hash, reason: input.reason, ...decree }
			});
			const stored = JSON.stringify({ ...resultSet, version: resultVersion });
			const key = ctx.signingKey;
			const record = { evaluationId, version: resultVersion, hash: resultSet.hash, resultSet: stored, auditHead, ...decree };
			await trx
				.insertInto('result_versions')
				.values({
					id: crypto.randomUUID(),
					evaluation_id: evaluationId,
					version: resultVersion,
					hash: resultSet.hash,
					reason: input.reason,
					result_set: stored,
					signature: key ? signVersion(key.privateKey, record) : null,
					signing_key: key?.publicKeyPem ?? null,
					created_by: actor.id,
					created_at: Date.now(),
					audit_seq: auditHead.seq,
					audit_hash: auditHead.hash,
					decree_number: input.decreeNumber,
					decree_date: input.decreeDate,
					labels: JSON.stringify(labels)
				})
				.execute();
			await trx.updateTable('evaluations').set({ published_result_version: resultVersion }).where('id', '=', evaluationId).execute();
			return { version: resultVersion, hash: resultSet.hash, auditHead };
		},
		'public'
	);
	ctx.publisher.changed({ evaluationId, version, public: true });
	return { ...result, changes: changes.comparison?.moves ?? [] };
}
