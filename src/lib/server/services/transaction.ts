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
	work: (trx: Transaction<Database>) => Promise<T>,
	visibility: Visibility = 'internal'
): Promise<{ result: T; version: number }> {
	return db.transaction().execute(async (trx) => {
		const result = await work(trx);
		return { result, version: await bumpLiveVersion(trx, evaluationId, visibility) };
	});
}

/** 'public' for changes audience and presenter views may show; they also bump the public version. */
export type Visibility = 'internal' | 'public';

/**
 * Bumps an evaluation's live version inside a transaction that changes what live views show
 * (for transactions not opened by `commitLiveChange`, such as audited setup changes).
 *
 * @example const version = await bumpLiveVersion(trx, evaluationId); // publish { evaluationId, version } after commit
 */
export async function bumpLiveVersion(
	trx: Transaction<Database>,
	evaluationId: string,
	visibility: Visibility = 'internal'
): Promise<number> {
	const row = await trx
		.updateTable('evaluations')
		.set((eb) => ({
			live_version: eb('live_version', '+', 1),
			...(visibility === 'public' ? { public_version: eb('public_version', '+', 1) } : {})
		}))
		.where('id', '=', evaluationId)
		.returning('live_version')
		.executeTakeFirstOrThrow();
	return row.live_version;
}
