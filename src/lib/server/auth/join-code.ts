import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database } from '../db/schema';
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
	await db
		.updateTable('join_codes')
		.set({ revoked_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.where('revoked_at', 'is', null)
		.execute();
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
