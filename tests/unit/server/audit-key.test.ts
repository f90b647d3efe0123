/**
 * The audit key: from JURI_AUDIT_KEY, a named key file, or a file next to the database created on
 * first start with mode 0600; never created by a verifier; malformed keys refused.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { auditMac, defaultAuditKeyFile, describeAuditKey, loadAuditKey } from '$lib/server/audit-key';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'juri-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const hex = 'ab'.repeat(32);

test('the first start creates the key file next to the database, 0600; later starts read the same key', () => {
	const databaseUrl = join(dir, 'juri.sqlite');
	expect(defaultAuditKeyFile(databaseUrl)).toBe(join(dir, 'juri-audit.key'));
	const created = loadAuditKey({ env: {}, databaseUrl, create: true })!;
	expect(created).toMatchObject({ source: join(dir, 'juri-audit.key'), created: true, exposed: false });
	expect(statSync(created.source).mode & 0o777).toBe(0o600);
	expect(created.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
	const again = loadAuditKey({ env: {}, databaseUrl: `file:${databaseUrl}`, create: true })!;
	expect(again).toMatchObject({ created: false, fingerprint: created.fingerprint });
	expect(again.secret.equals(created.secret)).toBe(true);
	// The fingerprint is not the key.
	expect(readFileSync(created.source, 'utf8')).not.toContain(created.fingerprint.replaceAll(' ', ''));
});

test('a verifier (create: false) never creates a key; an in-memory database has no default key file', () => {
	expect(loadAuditKey({ env: {}, databaseUrl: join(dir, 'juri.sqlite'), create: false })).toBeNull();
	expect(() => statSync(join(dir, 'juri-audit.key'))).toThrow();
	expect(loadAuditKey({ env: {}, databaseUrl: ':memory:', create: true })).toBeNull();
});

test('JURI_AUDIT_KEY wins over every file; JURI_AUDIT_KEY_FILE over the default place', () => {
	const file = join(dir, 'elsewhere.key');
	writeFileSync(file, `# comment\n${'cd'.repeat(32)}\n`, { mode: 0o600 });
	const fromEnv = loadAuditKey({
		env: { JURI_AUDIT_KEY: hex, JURI_AUDIT_KEY_FILE: file },
		databaseUrl: join(dir, 'x.sqlite'),
		create: true
	})!;
	expect(fromEnv.source).toBe('JURI_AUDIT_KEY');
	expect(fromEnv.secret.toString('hex')).toBe(hex);
	const fromFile = loadAuditKey({ env: { JURI_AUDIT_KEY_FILE: file }, databaseUrl: join(dir, 'x.sqlite'), create: true })!;
	expect(fromFile).toMatchObject({ source: file, created: false });
	expect(fromFile.secret.toString('hex')).toBe('cd'.repeat(32));
	expect(fromFile.fingerprint).not.toBe(fromEnv.fingerprint);
});

test('a malformed key is refused with a clear message; a key readable by others is flagged', () => {
	expect(() => loadAuditKey({ env: { JURI_AUDIT_KEY: 'short' }, databaseUrl: ':memory:', create: false })).toThrow(
		/JURI_AUDIT_KEY must be 64 hexadecimal characters/
	);
	const loose = join(dir, 'loose.key');
	writeFileSync(loose, hex, { mode: 0o644 });
	const key = loadAuditKey({ env: { JURI_AUDIT_KEY_FILE: loose }, databaseUrl: ':memory:', create: false })!;
	expect(key.exposed).toBe(true);
	expect(describeAuditKey(key, false).join('\n')).toMatch(/can be read by other users: chmod 600/);
});

test('the MAC is HMAC-SHA256 of the row hash: same key, same MAC; another key, another MAC', () => {
	const a = loadAuditKey({ env: { JURI_AUDIT_KEY: hex }, databaseUrl: ':memory:', create: false })!;
	const b = loadAuditKey({ env: { JURI_AUDIT_KEY: 'ef'.repeat(32) }, databaseUrl: ':memory:', create: false })!;
	const hash = '9'.repeat(64);
	expect(auditMac(a, hash)).toMatch(/^[0-9a-f]{64}$/);
	expect(auditMac(a, hash)).toBe(auditMac(a, hash));
	expect(auditMac(b, hash)).not.toBe(auditMac(a, hash));
});
