import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditBreak, AuditHead } from '$lib/domain/audit';
import { auditMac, type AuditKey } from './audit-key';
import type { DB } from './db';
import type { AuditLogTable, Database } from './db/schema';
import { auditRowHash, GENESIS } from './proof.js';

export type { AuditBreak, AuditHead } from '$lib/domain/audit';

export interface AuditEntry {
	actorId: string | null;
	evaluationId: string | null;
	action: string;
	entity: string;
	entityId: string | null;
	before?: unknown;
	after?: unknown;
}

/** The columns a row's hash covers: all but the chain links and the MAC. */
export type AuditRowContent = Omit<Selectable<AuditLogTable>, 'prev_hash' | 'hash' | 'mac'>;

/**
 * The hash of one audit row (see `proof.js`, shared with the offline verifier). Public because
 * anyone checking the log (a verifier, a replay, an auditor's own script) recomputes it.
 */
export { auditRowHash };

/**
 * The key rows are MACed with. Process-wide on purpose: `appendAudit` is called with only a
 * transaction from every service, and a process serves one database; the app sets it at start.
 */
let activeKey: AuditKey | null = null;

/**
 * Sets (or, with null, clears) the key with which `appendAudit` MACs every row from now on.
 *
 * @example useAuditKey(loadAuditKey({ databaseUrl, create: true }));
 */
export function useAuditKey(key: AuditKey | null): void {
	activeKey = key;
}

/**
 * Appends one entry to the hash-chained audit log. Call it inside the transaction that makes the
 * change, so the change and its record commit together or not at all. Returns the new head (this
 * row's seq and hash): stored with a publication or certification, it anchors the log up to and
 * including that change's own record.
 *
 * @example const head = await appendAudit(trx, { actorId: user.id, evaluationId, action: 'slot.certify', entity: 'slot', entityId: slot.id, before, after });
 */
export async function appendAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<AuditHead> {
	const last = await auditHead(trx);
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
	const hash = auditRowHash(prevHash, seq, content);
	const mac = activeKey ? auditMac(activeKey, hash) : null;
	await trx
		.insertInto('audit_log')
		.values({ seq, ...content, prev_hash: prevHash, hash, mac })
		.execute();
	return { seq, hash };
}

/**
 * The newest row's seq and hash, or null for an empty log: what documents print and anchors store.
 *
 * @example const head = await auditHead(db); // { seq: 1234, hash: '9f86…' }
 */
export async function auditHead(db: Kysely<Database>): Promise<AuditHead | null> {
	const row = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
	return row ?? null;
}

/**
 * Walks the whole chain and names every row that was changed, removed (a gap in the sequence)
 * or inserted out of order outside the app. An empty list means the chain is unbroken; it cannot
 * tell a rewrite whose later hashes were all recomputed, or a cut tail: anchors and the MAC can
 * (`verifyAudit`).
 *
 * @example expect(await verifyAuditChain(db)).toEqual([]);
 */
export async function verifyAuditChain(db: DB): Promise<AuditBreak[]> {
	return chainBreaks(await db.selectFrom('audit_log').selectAll().orderBy('seq').execute());
}

/** The chain walk of `verifyAuditChain`, over rows already read (in seq order). */
export function chainBreaks(rows: readonly Selectable<AuditLogTable>[]): AuditBreak[] {
	const breaks: AuditBreak[] = [];
	let prevHash = GENESIS;
	let expectedSeq = 1;
	for (const row of rows) {
		if (row.seq !== expectedSeq) breaks.push({ seq: row.seq, problem: 'gap' });
		if (row.prev_hash !== prevHash) breaks.push({ seq: row.seq, problem: 'relinked' });
		if (auditRowHash(row.prev_hash, row.seq, row) !== row.hash) breaks.push({ seq: row.seq, problem: 'changed' });
		prevHash = row.hash;
		expectedSeq = row.seq + 1;
	}
	return breaks;
}

/** What `adoptAuditKey` found, for the start banner. */
export interface AuditKeyAdoption {
	key: AuditKey | null;
	/** The newest row carries a MAC that this key does not reproduce: most likely another key. */
	mismatch: boolean;
}

/**
 * Makes `key` the key of every row appended from now on. When the log already has rows and the
 * newest carries no MAC (the key is new to this log), appends an 'audit.key' row, MACed: from it on
 * every row must carry a MAC, so a rewrite that strips MACs cannot pass for a log without a key.
 *
 * @example const { mismatch } = await adoptAuditKey(db, loadAuditKey({ databaseUrl, create: true }));
 */
export async function adoptAuditKey(db: DB, key: AuditKey | null): Promise<AuditKeyAdoption> {
	useAuditKey(key);
	if (!key) return { key, mismatch: false };
	const newest = await db.selectFrom('audit_log').select(['hash', 'mac']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
	if (newest && newest.mac === null) {
		await db.transaction().execute((trx) =>
			appendAudit(trx, {
				actorId: null,
				evaluationId: null,
				action: 'audit.key',
				entity: 'audit_key',
				entityId: key.fingerprint,
				after: { fingerprint: key.fingerprint }
			})
		);
	}
	return { key, mismatch: newest !== undefined && newest.mac !== null && newest.mac !== auditMac(key, newest.hash) };
}
