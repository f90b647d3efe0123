/**
 * Secretariat accounts: each member of the secretariat signs in with a username and password of
 * their own (so the audit log names who did what), changes their password, and a member who leaves
 * is deactivated. Chairs, jurors and presenters have no password: they join with codes (people.ts).
 */
import { z } from 'zod';
import { appendAudit } from '../audit';
import { generatePassword, hashPassword, verifyPasswordHash } from '../auth/password';
import { endSessionsOf, type SessionUser } from '../auth/session';
import { PASSWORD_POLICY, refundAttempt, reserveAttempt, type ThrottleKey } from '../auth/throttle';
import { auditedAdminChange } from './audited';
import { nowOf, type ServiceContext } from './context';
import { ServiceError, notFound, secretariatOnly, tooManyAttempts } from './errors';
import { parseInput } from './validation';
import { MIN_PASSWORD_LENGTH } from '$lib/shared/accounts';

/** Why an account change was refused; the page turns each into text in the user's language. */
export type AccountRefusalReason = 'wrong_current_password' | 'username_taken' | 'last_active_admin' | 'own_account' | 'already_inactive';

export class AccountRefusal extends ServiceError {
	constructor(
		code: ConstructorParameters<typeof ServiceError>[0],
		readonly reason: AccountRefusalReason,
		message: string
	) {
		super(code, message, [{ path: '_form', message: reason }]);
	}
}

const newPassword = z.string().min(MIN_PASSWORD_LENGTH, 'too_short').max(200, 'too_long');

export const changePasswordInput = z
	.object({
		current: z.string().min(1, 'required').max(200, 'too_long'),
		next: newPassword,
		confirm: z.string()
	})
	.refine((v) => v.next === v.confirm, { path: ['confirm'], message: 'mismatch' })
	.refine((v) => v.next !== v.current, { path: ['next'], message: 'unchanged' });

export const createAccountInput = z.object({
	name: z.string().trim().min(1, 'required').max(120, 'too_long'),
	username: z
		.string()
		.trim()
		.toLowerCase()
		.min(3, 'too_short')
		.max(40, 'too_long')
		.regex(/^[a-z0-9._-]+$/, 'username_chars')
});

export const accountIdInput = z.object({ userId: z.string().min(1).max(64) });

export interface AdminAccount {
	id: string;
	name: string;
	username: string;
	createdAt: number;
	active: boolean;
}

function requireAdmin(actor: SessionUser) {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat manages secretariat accounts');
}

/**
 * The secretariat's accounts, active first.
 *
 * @example const accounts = await listAdminAccounts(ctx, admin);
 */
export async function listAdminAccounts(ctx: ServiceContext, actor: SessionUser): Promise<AdminAccount[]> {
	requireAdmin(actor);
	const rows = await ctx.db
		.selectFrom('users')
		.select(['id', 'name', 'username', 'created_at', 'archived_at'])
		.where('role', '=', 'admin')
		.orderBy('archived_at')
		.orderBy('name')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, username: r.username ?? '', createdAt: r.created_at, active: r.archived_at === null }));
}

/**
 * Changes the signed-in secretary's own password. The current password is required (a session left
 * open on a shared laptop cannot take the account over), attempts are throttled like sign-ins, and
 * every other session of the account ends: whoever else was signed in with the old password is out.
 *
 * @example const { sessionsEnded } = await changeOwnPassword(ctx, admin, { current, next, confirm }, { sessionId, address });
 */
export async function changeOwnPassword(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown,
	from: { sessionId: string; address: string }
): Promise<{ sessionsEnded: number }> {
	requireAdmin(actor);
	const input = parseInput(changePasswordInput, raw);
	const keys: ThrottleKey[] = [{ key: `password-change:${actor.id}`, policy: PASSWORD_POLICY }];
	const reservation = await reserveAttempt(ctx.db, keys, nowOf(ctx));
	if (!reservation.ok) throw tooManyAttempts(reservation.retryAfterMs);
	const user = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
	if (!user.password_hash || !(await verifyPasswordHash(user.password_hash, input.current))) {
		await ctx.db.transaction().execute((trx) =>
			appendAudit(trx, {
				actorId: actor.id,
				evaluationId: null,
				action: 'account.password_change_failed',
				entity: 'user',
				entityId: actor.id,
				after: { address: from.address, failures: reservation.failures, blockedUntil: reservation.blockedUntil || null }
			})
		);
		throw new AccountRefusal('invalid_input', 'wrong_current_password', 'The current password is wrong');
	}
	const hash = await hashPassword(input.next);
	const ended = await ctx.db.transaction().execute(async (trx) => {
		await refundAttempt(
			trx,
			keys,
			reservation,
			keys.map((k) => k.key)
		);
		await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', actor.id).execute();
		const ended = await endSessionsOf(trx, [actor.id], { except: from.sessionId });
		await appendAudit(trx, {
			actorId: actor.id,
			evaluationId: null,
			action: 'account.password_change',
			entity: 'user',
			entityId: actor.id,
			// Never a password or its hash: only what happened.
			after: { address: from.address, sessionsEnded: ended.length }
		});
		return ended;
	});
	for (const sessionId of ended) ctx.publisher.disconnectSession(sessionId);
	return { sessionsEnded: ended.length };
}

/**
 * Adds a secretariat account with a generated password, returned once to be handed over; its owner
 * changes it after signing in. Usernames are unique, case-insensitive.
 *
 * @example const { userId, password } = await createAdminAccount(ctx, admin, { name: 'Rina', username: 'rina' });
 */
export async function createAdminAccount(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown
): Promise<{ userId: string; password: string }> {
	requireAdmin(actor);
	const input = parseInput(createAccountInput, raw);
	const password = generatePassword();
	const hash = await hashPassword(password);
	const userId = crypto.randomUUID();
	await auditedAdminChange(ctx, actor, async (trx) => {
		const taken = await trx
			.selectFrom('users')
			.select('id')
			.where((eb) => eb(eb.fn('lower', ['username']), '=', input.username))
			.executeTakeFirst();
		if (taken) throw new AccountRefusal('conflict', 'username_taken', `The username ${input.username} is taken`);
		await trx
			.insertInto('users')
			.values({
				id: userId,
				role: 'admin',
				name: input.name,
				username: input.username,
				password_hash: hash,
				evaluation_id: null,
				body_id: null,
				title: null,
				affiliation: null,
				expertise: null,
				created_at: nowOf(ctx),
				archived_at: null
			})
			.execute();
		return {
			result: undefined,
			audit: {
				evaluationId: null,
				action: 'account.create',
				entity: 'user',
				entityId: userId,
				after: { name: input.name, username: input.username }
			}
		};
	});
	return { userId, password };
}

/**
 * Deactivates a secretariat account (a member left): it can no longer sign in and its sessions end
 * at once. Nobody deactivates their own account, and the last active one stays, so the evaluation
 * can never be left without a secretariat.
 *
 * @example await deactivateAdminAccount(ctx, admin, { userId });
 */
export async function deactivateAdminAccount(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<void> {
	requireAdmin(actor);
	const { userId } = parseInput(accountIdInput, raw);
	if (userId === actor.id) throw new AccountRefusal('invalid_state', 'own_account', 'You cannot deactivate your own account');
	const ended = await auditedAdminChange(ctx, actor, async (trx) => {
		const account = await trx
			.selectFrom('users')
			.select(['id', 'archived_at'])
			.where('id', '=', userId)
			.where('role', '=', 'admin')
			.executeTakeFirst();
		if (!account) throw notFound('Account');
		if (account.archived_at !== null) throw new AccountRefusal('invalid_state', 'already_inactive', 'This account is already inactive');
		const active = await trx
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('role', '=', 'admin')
			.where('archived_at', 'is', null)
			.executeTakeFirstOrThrow();
		if (Number(active.n) <= 1) throw new AccountRefusal('invalid_state', 'last_active_admin', 'The last active secretariat account stays');
		const now = nowOf(ctx);
		await trx.updateTable('users').set({ archived_at: now }).where('id', '=', userId).execute();
		const ended = await endSessionsOf(trx, [userId]);
		return {
			result: ended,
			audit: {
				evaluationId: null,
				action: 'account.deactivate',
				entity: 'user',
				entityId: userId,
				before: { archivedAt: null },
				after: { archivedAt: now, sessionsEnded: ended.length }
			}
		};
	});
	for (const sessionId of ended) ctx.publisher.disconnectSession(sessionId);
}
