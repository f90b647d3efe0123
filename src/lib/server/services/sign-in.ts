import { appendAudit } from '../audit';
import { redeemJoinCode } from '../auth/join-code';
import { verifyPasswordHash } from '../auth/password';
import { createSession, generateSessionToken, invalidateSession, type Session } from '../auth/session';
import { JOIN_CODE_POLICY, PASSWORD_POLICY, refundAttempt, reserveAttempt, type ThrottleKey } from '../auth/throttle';
import type { Role } from '../db/schema';
import { nowOf, type ServiceContext } from './context';
import { refusal, tooManyAttempts } from './errors';

export interface SignedIn {
	token: string;
	session: Session;
	role: Role;
}

/** Verified against when the account does not exist, so timing does not reveal which usernames do. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** A failed attempt goes into the audit log with the address and, when it started one, the block's end. */
async function auditFailure(
	ctx: ServiceContext,
	entry: { method: 'password' | 'join_code'; address: string; failures: number; blockedUntil: number; username?: string; userId?: string }
) {
	const { userId, ...after } = entry;
	await ctx.db.transaction().execute((trx) =>
		appendAudit(trx, {
			actorId: null,
			evaluationId: null,
			action: 'auth.sign_in_failed',
			entity: 'user',
			entityId: userId ?? null,
			after: { ...after, blockedUntil: after.blockedUntil || null }
		})
	);
}

/**
 * The secretariat's password sign-in. A new session every time (no fixation). Failures are counted
 * per address and per account-from-address, never per account alone: an attacker elsewhere can slow
 * themselves down but cannot lock the real secretariat out.
 */
export async function signInWithPassword(ctx: ServiceContext, username: string, password: string, address: string): Promise<SignedIn> {
	const accountKey = `account:${username.toLowerCase()}@${address}`;
	const keys: ThrottleKey[] = [
		{ key: `ip:${address}`, policy: PASSWORD_POLICY },
		{ key: accountKey, policy: PASSWORD_POLICY }
	];
	const reservation = await reserveAttempt(ctx.db, keys, nowOf(ctx));
	if (!reservation.ok) throw tooManyAttempts(reservation.retryAfterMs);
	// A deactivated secretariat account is treated as unknown: same answer, same timing.
	const user = await ctx.db
		.selectFrom('users')
		.select(['id', 'role', 'password_hash'])
		.where('username', '=', username)
		.where('archived_at', 'is', null)
		.executeTakeFirst();
	const valid = await verifyPasswordHash(user?.password_hash ?? DUMMY_HASH, password);
	if (!user || !valid) {
		await auditFailure(ctx, { method: 'password', username, address, userId: user?.id, ...reservation });
		throw refusal('unauthenticated', 'wrong_password', 'Wrong username or password');
	}
	const token = generateSessionToken();
	const session = await ctx.db.transaction().execute(async (trx) => {
		await refundAttempt(trx, keys, reservation, [accountKey]);
		const created = await createSession(trx, token, user.id);
		await appendAudit(trx, {
			actorId: user.id,
			evaluationId: null,
			action: 'auth.sign_in',
			entity: 'user',
			entityId: user.id,
			after: { method: 'password', address }
		});
		return created;
	});
	return { token, session, role: user.role };
}

/**
 * A chair, juror or presenter joins on this device with their one-time code. The code is redeemed,
 * the session created and the sign-in audited in one transaction: a failure leaves the code unused.
 */
export async function signInWithJoinCode(ctx: ServiceContext, code: string, address: string): Promise<SignedIn> {
	const keys: ThrottleKey[] = [{ key: `join:${address}`, policy: JOIN_CODE_POLICY }];
	const reservation = await reserveAttempt(ctx.db, keys, nowOf(ctx));
	if (!reservation.ok) throw tooManyAttempts(reservation.retryAfterMs);
	const token = generateSessionToken();
	const signedIn = await ctx.db.transaction().execute(async (trx) => {
		const userId = await redeemJoinCode(trx, code);
		if (!userId) return null;
		const user = await trx.selectFrom('users').select(['role', 'evaluation_id']).where('id', '=', userId).executeTakeFirstOrThrow();
		await refundAttempt(trx, keys, reservation, []);
		const session = await createSession(trx, token, userId);
		await appendAudit(trx, {
			actorId: userId,
			evaluationId: user.evaluation_id,
			action: 'auth.sign_in',
			entity: 'user',
			entityId: userId,
			after: { method: 'join_code', address }
		});
		return { token, session, role: user.role };
	});
	if (!signedIn) {
		// The code itself is never recorded: a mistyped code may be one character from a valid one.
		await auditFailure(ctx, { method: 'join_code', address, ...reservation });
		throw refusal(
			'unauthenticated',
			'join_code_invalid',
			'This join code is not valid: it may be mistyped, already used, revoked or expired'
		);
	}
	return signedIn;
}

/** Ends the session, audits it, and disconnects the live connections it opened. */
export async function signOut(ctx: ServiceContext, session: Session): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		await invalidateSession(trx, session.id);
		await appendAudit(trx, {
			actorId: session.userId,
			evaluationId: null,
			action: 'auth.sign_out',
			entity: 'user',
			entityId: session.userId
		});
	});
	ctx.publisher.disconnectSession(session.id);
}
