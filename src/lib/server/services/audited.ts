import type { Transaction } from 'kysely';
import { appendAudit, type AuditEntry } from '../audit';
import type { SessionUser } from '../auth/session';
import type { Database } from '../db/schema';
import type { ServiceContext } from './context';
import { secretariatOnly } from './errors';

/**
 * The shape of every secretariat setup change: admin only, one transaction, the change and its
 * audit row (who, when, what, before and after) together. `work` returns the result and the
 * audit entry describing what it changed.
 *
 * @example await auditedAdminChange(ctx, actor, async (trx) => { …; return { result, audit: { evaluationId, action: 'body.update', entity: 'body', entityId, before, after } }; });
 */
export async function auditedAdminChange<T>(
	ctx: ServiceContext,
	actor: SessionUser,
	work: (trx: Transaction<Database>) => Promise<{ result: T; audit: Omit<AuditEntry, 'actorId'> }>
): Promise<T> {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat can change the evaluation setup');
	return ctx.db.transaction().execute(async (trx) => {
		const { result, audit } = await work(trx);
		await appendAudit(trx, { ...audit, actorId: actor.id });
		return result;
	});
}
