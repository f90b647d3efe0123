import { redeemJoinCode } from '../auth/join-code';
import { verifyPasswordHash } from '../auth/password';
import { createSession, generateSessionToken, invalidateSession, type Session } from '../auth/session';
import type { DB } from '../db';
import type { Role } from '../db/schema';
import type { ServiceContext } from './context';
import { ServiceError } from './errors';

const WINDOW_MS = 15 * 60_000;
const FREE_FAILURES = 5;
const MAX_BLOCK_MS = 15 * 60_000;

/**
 * Failures are counted per address and per account-from-address, never per account alone: an
 * attacker elsewhere can slow themselves down but cannot lock the real secretariat out.
 */
async function throttleCheck(db: DB, keys: string[], now: number): Promise<void> {
	const rows = await db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
	const blockedUntil = Math.max(0, ...rows.map((r) => r.blocked_until));
	if (blockedUntil > now) {
		throw new ServiceError('rate_limited', `Too many failed attempts; try again in ${Math.ceil((blockedUntil - now) / 1000)} s`);
	}
}

async function recordFailure(db: DB, keys: string[], now: number): Promise<void> {
	for (const key of keys) {
		const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
		const fresh = !row || now - row.window_started_at > WINDOW_MS;
		const failures = fresh ? 1 : row.failures + 1;
		// Exponential back-off once the free failures are used up: 2 s, 4 s, 8 s … up to 15 minutes.
		// The block starts with the FREE_FAILURES-th failure (it used to start one failure later, so a
		// sixth guess was still let through): after 5 failures, the next attempt is refused.
		const blockedUntil = failures >= FREE_FAILURES ? now + Math.min(MAX_BLOCK_MS, 1000 * 2 ** (failures - FREE_FAILURES + 1)) : 0;
		await db
			.insertInto('login_throttle')
			.values({ key, failures, window_started_at: fresh ? now : row.window_started_at, blocked_until: blockedUntil })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({ failures, window_started_at: fresh ? now : row!.window_started_at, blocked_until: blockedUntil })
			)
			.execute();
	}
}

export interface SignedIn {
	token: string;
	session: Session;
	role: Role;
}

/** The secretariat's password sign-in. A new session every time (no fixation). */
export async function signInWithPassword(ctx: ServiceContext, username: string, password: string, address: string): Promise<SignedIn> {
	const now = Date.now();
	const keys = [`ip:${address}`, `account:${username.toLowerCase()}@${address}`];
	await throttleCheck(ctx.db, keys, now);
	const user = await ctx.db.selectFrom('users').select(['id', 'role', 'password_hash']).where('username', '=', username).executeTakeFirst();
	// Verify even when the account is unknown, so timing does not reveal which usernames exist.
	const valid = await verifyPasswordHash(
		user?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
		password
	);
	if (!user || !valid) {
		await recordFailure(ctx.db, keys, now);
		throw new ServiceError('unauthenticated', 'Wrong username or password');
	}
	await ctx.db.deleteFrom('login_throttle').where('key', 'in', keys.slice(1)).execute();
	const token = generateSessionToken();
	return { token, session: await createSession(ctx.db, token, user.id), role: user.role };
}

/** A chair, juror or presenter joins on this device with their one-time code. */
export async function signInWithJoinCode(ctx: ServiceContext, code: string, address: string): Promise<SignedIn> {
	const now = Date.now();
	const keys = [`join:${address}`];
	await throttleCheck(ctx.db, keys, now);
	const userId = await redeemJoinCode(ctx.db, code);
	if (!userId) {
		await recordFailure(ctx.db, keys, now);
		throw new ServiceError('unauthenticated', 'This join code is not valid: it may be mistyped, already used, revoked or expired');
	}
	const user = await ctx.db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirstOrThrow();
	const token = generateSessionToken();
	return { token, session: await createSession(ctx.db, token, userId), role: user.role };
}

/** Ends the session and disconnects the live connections it opened. */
export async function signOut(ctx: ServiceContext, session: Session): Promise<void> {
	await invalidateSession(ctx.db, session.id);
	ctx.publisher.disconnectSession(session.id);
}
