import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from './db';
import type { Selectable } from 'kysely';
import type { AuditLogTable, Database } from './db/schema';

export interface AuditEntry {
	actorId: string | null;
	evaluationId: string | null;
	action: string;
	entity: string;
	entityId: string | null;
	before?: unknown;
	after?: unknown;
}

const GENESIS = '0'.repeat(64);

function rowHash(prevHash: string, seq: number, row: Omit<AuditRowContent, 'seq'>): string {
	// Field order is fixed here, so the hash does not depend on how a driver orders columns.
	const canonical = JSON.stringify([
		seq,
		row.at,
		row.actor_id,
		row.evaluation_id,
		row.action,
		row.entity,
		row.entity_id,
		row.before,
		row.after
	]);
	return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** The columns a row's hash covers: all but the chain links themselves. */
type AuditRowContent = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash'>;

/**
 * Appends one entry to the hash-chained audit log. Call it inside the transaction that makes the
 * change, so the change and its record commit together or not at all.
 *
 * @example await appendAudit(trx, { actorId: user.id, evaluationId, action: 'slot.certify', entity: 'slot', entityId: slot.id, before, after });
 */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
	const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
	const seq = (last?.seq ?? 0) + 1;
	const prevHash = last?.hash ?? GENESIS;
	const content = {
		at: Date.now(),
		actor_id: entry.actorId,
		evaluation_id: entry.evaluationId,
		action: entry.action,
		entity: entry.entity,
		entity_id: entry.entityId,
		before: entry.before === undefined ? null : JSON.stringify(entry.before),
		after: entry.after === undefined ? null : JSON.stringify(entry.after)
	};
	await trx
		.insertInto('audit_log')
		.values({ seq, ...content, prev_hash: prevHash, hash: rowHash(prevHash, seq, content) })
		.execute();
}

export interface AuditBreak {
	seq: number;
	problem: 'changed' | 'gap' | 'relinked';
}

/**
 * Walks the whole chain and names every row that was changed, removed (a gap in the sequence)
 * or inserted out of order outside the app. An empty list means the log is intact.
 */
export async function verifyAuditChain(db: DB): Promise<AuditBreak[]> {
	const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
	const breaks: AuditBreak[] = [];
	let prevHash = GENESIS;
	let expectedSeq = 1;
	for (const row of rows) {
		if (row.seq !== expectedSeq) breaks.push({ seq: row.seq, problem: 'gap' });
		if (row.prev_hash !== prevHash) breaks.push({ seq: row.seq, problem: 'relinked' });
		if (rowHash(row.prev_hash, row.seq, row) !== row.hash) breaks.push({ seq: row.seq, problem: 'changed' });
		prevHash = row.hash;
		expectedSeq = row.seq + 1;
	}
	return breaks;
}
