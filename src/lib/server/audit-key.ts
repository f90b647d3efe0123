/**
 * The audit key: a secret kept OUTSIDE the database file, with which every audit row gets a MAC
 * (HMAC-SHA256 of its hash). Someone who can edit the database but not read this key can no longer
 * rewrite the log and recompute the hashes unnoticed: the MACs would not match.
 *
 * Where it comes from, first match wins: `JURI_AUDIT_KEY` (64 hex characters), the file named by
 * `JURI_AUDIT_KEY_FILE`, or `juri-audit.key` in the database's folder, created on first start
 * with mode 0600. Keep a copy somewhere safe: backups of the database do not contain it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databaseFile, engineOf } from './db';

export interface AuditKey {
	secret: Buffer;
	/** Safe to print and compare: 'ab12 cd34 ef56 7890'. */
	fingerprint: string;
	/** Where the key was read: 'JURI_AUDIT_KEY' or the key file's path. */
	source: string;
	/** Whether this call created the key file (the start banner says so once). */
	created: boolean;
	/** The key file can be read by other users of the machine (mode not 0600). */
	exposed: boolean;
}

export interface AuditKeyOptions {
	env?: Record<string, string | undefined>;
	databaseUrl: string;
	/** Create the default key file when there is none (the app does; verifiers never do). */
	create: boolean;
}

const KEY_HEX = /^[0-9a-f]{64}$/i;
const KEY_FILE_NAME = 'juri-audit.key';

/**
 * The key file's default place: next to a SQLite database; none for an in-memory one, nor for
 * PostgreSQL, where every process must MAC with the same key: a file each process created for
 * itself would give each its own, so there the key is configured (JURI_AUDIT_KEY or _FILE).
 *
 * @example defaultAuditKeyFile('db/juri.sqlite') // → 'db/juri-audit.key'
 */
export function defaultAuditKeyFile(databaseUrl: string): string | null {
	return keyFileNextToDatabase(databaseUrl, KEY_FILE_NAME);
}

/**
 * A key file's place next to a SQLite database file (the audit key's, the signing key's); null
 * for an in-memory database and for PostgreSQL (see `defaultAuditKeyFile` for why).
 *
 * @example keyFileNextToDatabase('db/juri.sqlite', 'juri-signing.key') // → 'db/juri-signing.key'
 */
export function keyFileNextToDatabase(databaseUrl: string, name: string): string | null {
	if (engineOf(databaseUrl) === 'postgres') return null;
	const path = databaseFile(databaseUrl);
	return path === ':memory:' ? null : join(dirname(path), name);
}

/**
 * Finds the audit key (see the module comment for the order), creating the default key file when
 * `create` is set. Null when there is no key. Throws on a malformed key: better no start than a
 * silent start without MACs.
 *
 * @example const key = loadAuditKey({ databaseUrl: 'db/juri.sqlite', create: true }); // key?.fingerprint → 'ab12 cd34 ef56 7890'
 */
export function loadAuditKey({ env = process.env, databaseUrl, create }: AuditKeyOptions): AuditKey | null {
	if (env.JURI_AUDIT_KEY) return keyFrom(parseKey(env.JURI_AUDIT_KEY, 'JURI_AUDIT_KEY'), 'JURI_AUDIT_KEY', false, false);
	const path = env.JURI_AUDIT_KEY_FILE || defaultAuditKeyFile(databaseUrl);
	if (!path) return null;
	if (existsSync(path)) {
		const line = readFileSync(path, 'utf8')
			.split('\n')
			.map((l) => l.trim())
			.find((l) => l !== '' && !l.startsWith('#'));
		// Group and others: the key only proves something while nobody else can read it.
		const exposed = (statSync(path).mode & 0o077) !== 0;
		return keyFrom(parseKey(line ?? '', path), path, false, exposed);
	}
	if (!create) return null;
	const hex = randomBytes(32).toString('hex');
	// 'wx': never overwrite a key another process created meanwhile; 0600: only this user reads it.
	writeFileSync(path, `# Juri audit key. Keep a copy outside this machine; database backups do not contain it.\n${hex}\n`, {
		mode: 0o600,
		flag: 'wx'
	});
	return keyFrom(Buffer.from(hex, 'hex'), path, true, false);
}

function parseKey(text: string, source: string): Buffer {
	if (!KEY_HEX.test(text.trim())) throw new Error(`The audit key in ${source} must be 64 hexadecimal characters (32 random bytes)`);
	return Buffer.from(text.trim(), 'hex');
}

function keyFrom(secret: Buffer, source: string, created: boolean, exposed: boolean): AuditKey {
	const digest = createHash('sha256').update('juri-audit-key-fingerprint\0').update(secret).digest('hex');
	const fingerprint = digest.slice(0, 16).match(/.{4}/g)!.join(' ');
	return { secret, fingerprint, source, created, exposed };
}

/**
 * The MAC of one audit row: HMAC-SHA256 of its hash. The hash covers the row and every row before
 * it, so the MAC does too.
 *
 * @example auditMac(key, row.hash) // → '5d41…' (64 hex)
 */
export function auditMac(key: Pick<AuditKey, 'secret'>, hash: string): string {
	return createHmac('sha256', key.secret).update(hash).digest('hex');
}

/**
 * The start banner's lines about the key: where it is, its fingerprint, and what to do about it.
 *
 * @example describeAuditKey(key, false) // → ['  Audit key: db/juri-audit.key (fingerprint ab12 cd34 ef56 7890)']
 */
export function describeAuditKey(key: AuditKey | null, mismatch: boolean): string[] {
	if (!key) return ['  Audit key: none, so audit rows get no MAC (set JURI_AUDIT_KEY or JURI_AUDIT_KEY_FILE, the same for every process)'];
	const lines = [`  Audit key: ${key.source} (fingerprint ${key.fingerprint})`];
	if (key.created) lines.push('  (created now: keep a copy outside this machine; database backups do not contain it)');
	if (key.exposed) lines.push(`  WARNING: ${key.source} can be read by other users: chmod 600 it`);
	if (mismatch) lines.push('  WARNING: the newest audit row was MACed with another key: is this the right key file?');
	return lines;
}
