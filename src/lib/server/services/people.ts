import { appendAudit } from '../audit';
import { issueJoinCode } from '../auth/join-code';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { ServiceError, forbidden, notFound } from './errors';

/**
 * The secretariat issues a fresh one-time join link for a chair, juror or presenter (a lost sheet,
 * a new tablet). Earlier unused codes of that person stop working.
 */
export async function reissueJoinCode(ctx: ServiceContext, actor: SessionUser, userId: string): Promise<string> {
	if (actor.role !== 'admin') throw forbidden('Only the secretariat issues join codes');
	const person = await ctx.db.selectFrom('users').select(['id', 'role', 'evaluation_id']).where('id', '=', userId).executeTakeFirst();
	if (!person) throw notFound('Person');
	if (person.role === 'admin') throw new ServiceError('invalid_input', 'The secretariat signs in with a password, not a join code');
	return ctx.db.transaction().execute(async (trx) => {
		const code = await issueJoinCode(trx, person.id);
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: person.evaluation_id,
			action: 'join_code.issue',
			entity: 'user',
			entityId: person.id
		});
		return code;
	});
}
