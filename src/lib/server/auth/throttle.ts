/**
 * Sign-in throttling that holds under concurrency. An attempt is reserved (counted as a failure)
 * in one transaction BEFORE the password is hashed or the code looked up, and refunded only when it
 * succeeds: twenty wrong passwords sent at the same moment are twenty reservations made one after
 * another, so at most the free ones are ever checked. Counting after the slow hash, as before, let
 * every concurrent guess pass the check while none had been recorded yet.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database } from '../db/schema';

/** How many failures a key gets for free in a window, and how the back-off grows after them. */
export interface ThrottlePolicy {
	freeFailures: number;
	windowMs: number;
	firstBlockMs: number;
	maxBlockMs: number;
}

const MINUTE = 60_000;

/**
 * The secretariat's password: five free guesses, then 30 s, 1 min, 2 min … up to 15 minutes. The
 * first block is long enough that no honest retry (nor a slow test step) outlasts it by accident.
 */
export const PASSWORD_POLICY: ThrottlePolicy = { freeFailures: 5, windowMs: 15 * MINUTE, firstBlockMs: 30_000, maxBlockMs: 15 * MINUTE };

/**
 * Join codes: a venue's jurors and presenters share one public address, and people mistype codes
 * from paper, so the free budget is larger and the blocks shorter. A code has 60 random bits:
 * guessing one is hopeless even without a limit; the limit keeps the hashing load down.
 */
export const JOIN_CODE_POLICY: ThrottlePolicy = { freeFailures: 30, windowMs: 15 * MINUTE, firstBlockMs: 30_000, maxBlockMs: 5 * MINUTE };

/**
 * Documents checked on the public verification page, per address: reading an upload costs a worker
 * for up to 20 s, so anyone gets 20 checks in 10 minutes, then waits 1 minute, 2 … up to 10. Every
 * check counts (none is refunded): it limits work, not guesses. A hash pasted costs one query and
 * is not limited.
 */
export const DOCUMENT_CHECK_POLICY: ThrottlePolicy = {
	freeFailures: 20,
	windowMs: 10 * MINUTE,
	firstBlockMs: MINUTE,
	maxBlockMs: 10 * MINUTE
};

export interface ThrottleKey {
	key: string;
	policy: ThrottlePolicy;
}

/** The state of one key after `failures` failures in its window: when it is blocked until (0 = not). */
export function blockedUntilAfter(failures: number, policy: ThrottlePolicy, now: number): number {
	if (failures < policy.freeFailures) return 0;
	return now + Math.min(policy.maxBlockMs, policy.firstBlockMs * 2 ** (failures - policy.freeFailures));
}

/**
 * A reserved attempt: the most failures any key now counts, when (should the attempt fail) the
 * block it started ends, and per key the block it set, so a refund can lift exactly that block.
 */
export type Reservation =
	{ ok: true; failures: number; blockedUntil: number; setBlocks: Record<string, number> } | { ok: false; retryAfterMs: number };

/**
 * Reserves one attempt on every key, or refuses when any key is blocked. A refused attempt tests
 * nothing, so it is neither counted nor audited one by one (an attacker could otherwise grow the
 * audit log at request rate); the failure that starts a block is audited with its end.
 *
 * @example const r = await reserveAttempt(db, [{ key: `ip:${address}`, policy: PASSWORD_POLICY }], now); if (!r.ok) refuse(r.retryAfterMs);
 */
export async function reserveAttempt(db: DB, keys: readonly ThrottleKey[], now: number): Promise<Reservation> {
	return db.transaction().execute(async (trx) => {
		const rows = await trx
			.selectFrom('login_throttle')
			.selectAll()
			.where(
				'key',
				'in',
				keys.map((k) => k.key)
			)
			.execute();
		const blockedUntil = Math.max(0, ...rows.map((r) => r.blocked_until));
		if (blockedUntil > now) return { ok: false, retryAfterMs: blockedUntil - now };
		const reservation = { ok: true as const, failures: 0, blockedUntil: 0, setBlocks: {} as Record<string, number> };
		for (const { key, policy } of keys) {
			const row = rows.find((r) => r.key === key);
			const fresh = !row || now - row.window_started_at > policy.windowMs;
			const failures = fresh ? 1 : row.failures + 1;
			const windowStartedAt = fresh ? now : row.window_started_at;
			const until = blockedUntilAfter(failures, policy, now);
			await trx
				.insertInto('login_throttle')
				.values({ key, failures, window_started_at: windowStartedAt, blocked_until: until })
				.onConflict((oc) => oc.column('key').doUpdateSet({ failures, window_started_at: windowStartedAt, blocked_until: until }))
				.execute();
			reservation.failures = Math.max(reservation.failures, failures);
			reservation.blockedUntil = Math.max(reservation.blockedUntil, until);
			reservation.setBlocks[key] = until;
		}
		return reservation;
	});
}

/**
 * Gives back what a successful attempt reserved: the per-account key is cleared (the person is who
 * they said), the per-address keys lose the one failure this attempt had counted, and a block this
 * attempt's own reservation started is lifted (one started by someone else's failure meanwhile stays).
 */
export async function refundAttempt(
	trx: Transaction<Database>,
	keys: readonly ThrottleKey[],
	reservation: Extract<Reservation, { ok: true }>,
	clear: readonly string[]
): Promise<void> {
	if (clear.length > 0) await trx.deleteFrom('login_throttle').where('key', 'in', clear).execute();
	for (const { key } of keys.filter((k) => !clear.includes(k.key))) {
		const row = await trx.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
		if (!row) continue;
		const ownBlock = row.blocked_until === reservation.setBlocks[key];
		await trx
			.updateTable('login_throttle')
			.set({ failures: Math.max(0, row.failures - 1), blocked_until: ownBlock ? 0 : row.blocked_until })
			.where('key', '=', key)
			.execute();
	}
}
