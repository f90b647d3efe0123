import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database, JoinCodeTable } from '../db/schema';
import { generateReadableCode } from './password';

const JOIN_CODE_LENGTH = 12;
/** Long enough to hand out codes before the event, short enough that a lost sheet stops working. */
const JOIN_CODE_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export function hashJoinCode(code: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseJoinCode(code))));
}

/** People type codes from paper: ignore case, spaces and dashes. */
export function normaliseJoinCode(code: string): string {
	return code.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * Issues a fresh one-time join code for a chair, juror or presenter and revokes any earlier one.
 * Only the hash is stored: the returned code is shown once (printed sheet, seed output).
 */
export async function issueJoinCode(db: DB | Transaction<Database>, userId: string): Promise<string> {
	const code = generateReadableCode(JOIN_CODE_LENGTH);
	const now = Date.now();
	await revokeJoinCodes(db, userId, now);
	await db
		.insertInto('join_codes')
		.values({
			code_hash: hashJoinCode(code),
			user_id: userId,
			created_at: now,
			expires_at: now + JOIN_CODE_LIFETIME_MS,
			used_at: null,
			revoked_at: null
		})
		.execute();
	return code;
}

/**
 * Revokes a person's unused codes (a lost sheet, an archived person); returns how many stopped
 * working. Used codes stay as they were: they record when the person joined.
 */
export async function revokeJoinCodes(db: DB | Transaction<Database>, userId: string, now = Date.now()): Promise<number> {
	const result = await db
		.updateTable('join_codes')
		.set({ revoked_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

export type JoinCodeState = 'none' | 'active' | 'used' | 'revoked' | 'expired';

/** The state of a person's most recent code, which is the one that matters to them. */
export function joinCodeState(
	latest: Pick<JoinCodeTable, 'used_at' | 'revoked_at' | 'expires_at'> | undefined,
	now = Date.now()
): JoinCodeState {
	if (!latest) return 'none';
	if (latest.used_at !== null) return 'used';
	if (latest.revoked_at !== null) return 'revoked';
	return latest.expires_at <= now ? 'expired' : 'active';
}

/**
 * Consumes a join code: returns its user id once, then never again. The update is conditional so
 * two devices racing with the same code cannot both win.
 */
export async function redeemJoinCode(db: DB, code: string): Promise<string | null> {
	const now = Date.now();
	const row = await db
		.updateTable('join_codes')
		.set({ used_at: now })
		.where('code_hash', '=', hashJoinCode(code))
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', now)
		.returning('user_id')
		.executeTakeFirst();
	return row?.user_id ?? null;
}
