import type { Transaction } from 'kysely';
import type { DB } from '../db';
import type { Database } from '../db/schema';

/**
 * Runs one short transaction that changes an evaluation's live state and bumps its live version,
 * so every snapshot built after commit carries a higher version than any before it.
 * Never await network I/O inside `work`: SQLite holds one connection behind a mutex.
 */
export async function commitLiveChange<T>(
	db: DB,
	evaluationId: string,
	work: (trx: Transaction<Database>) => Promise<T>
): Promise<{ result: T; version: number }> {
	return db.transaction().execute(async (trx) => {
		const result = await work(trx);
		const row = await trx
			.updateTable('evaluations')
			.set((eb) => ({ live_version: eb('live_version', '+', 1) }))
			.where('id', '=', evaluationId)
			.returning('live_version')
			.executeTakeFirstOrThrow();
		return { result, version: row.live_version };
	});
}
