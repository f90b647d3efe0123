/**
 * Signed versions (issue 11): every published version carries the Ed25519 signature of its
 * statement (identity, hash, the stored result set, audit anchor, decree) by the app's signing key.
 * A genuine signature verifies; one made with another key, or over an altered result set, fails.
 * The key is injected: no key file is written in the repository's tree.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { annexFile } from '$lib/server/documents/annex';
import { publishResults } from '$lib/server/services/results/publish';
import { signVersion, verifyVersion, type VersionRecord } from '$lib/server/proof.js';
import { loadSigningKey, newSigningKeyPem, signingKeyFrom } from '$lib/server/signing-key';
import { GET as signingKeyEndpoint } from '../../../src/routes/.well-known/juri-signing-key/+server';
import { readPdf } from '../../support/pdf-text';
import { resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
const key = signingKeyFrom(newSigningKeyPem(), 'test');
const otherKey = signingKeyFrom(newSigningKeyPem(), 'another');

beforeAll(async () => {
	s = await resultsSession();
	s.app.ctx.signingKey = key;
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
	await publishResults(s.app.ctx, s.admin, {
		evaluationId: s.fx.evaluationId,
		reason: 'Hasil resmi tahap presentasi',
		decreeNumber: '1/KEP/KIP/XII/2023',
		decreeDate: '2023-12-19'
	});
});
afterAll(() => s.close());

async function versionOne(): Promise<{ record: VersionRecord; signature: string | null; signingKey: string | null }> {
	const row = await s.app.db.selectFrom('result_versions').selectAll().where('version', '=', 1).executeTakeFirstOrThrow();
	return {
		record: {
			evaluationId: row.evaluation_id,
			version: row.version,
			hash: row.hash,
			resultSet: row.result_set,
			auditHead: { seq: row.audit_seq!, hash: row.audit_hash! },
			decreeNumber: row.decree_number,
			decreeDate: row.decree_date
		},
		signature: row.signature,
		signingKey: row.signing_key
	};
}

describe('a published version', () => {
	test('carries a signature that verifies with the app key, and names that key', async () => {
		const { record, signature, signingKey } = await versionOne();
		expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
		expect(signingKey).toBe(key.publicKeyPem);
		expect(verifyVersion(key.publicKeyPem, record, signature)).toBe(true);
	});

	test('fails with another key, and a signature made with another key fails', async () => {
		const { record, signature } = await versionOne();
		expect(verifyVersion(otherKey.publicKeyPem, record, signature)).toBe(false);
		expect(verifyVersion(key.publicKeyPem, record, signVersion(otherKey.privateKey, record))).toBe(false);
	});

	test('fails when a number of the stored result set, the hash, the version or the decree changed', async () => {
		const { record, signature } = await versionOne();
		const resultSet = JSON.parse(record.resultSet);
		resultSet.entries[0].finalScore += 0.01;
		for (const altered of [
			{ ...record, resultSet: JSON.stringify(resultSet) },
			{ ...record, hash: '0'.repeat(64) },
			{ ...record, version: 2 },
			{ ...record, decreeNumber: '2/KEP/KIP/XII/2023' }
		]) {
			expect(verifyVersion(key.publicKeyPem, altered, signature)).toBe(false);
		}
		expect(verifyVersion(key.publicKeyPem, record, 'not a signature')).toBe(false);
	});
});

test('the decree annex prints the signing key, the hash, the audit anchor and the verification link', async () => {
	s.app.ctx.publicOrigin = 'https://juri.example';
	const { record } = await versionOne();
	const file = await annexFile(s.app.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '1' }, 'pdf');
	const text = (await readPdf(file.bytes)).lines.join(' ').replace(/\s+/g, ' ');
	expect(text).toContain(record.hash);
	expect(text).toContain(`${record.auditHead!.seq}:${record.auditHead!.hash}`);
	expect(text).toContain(`kunci Juri bersidik jari ${key.fingerprint}`);
	// Long addresses wrap at their hyphens: compared without the line breaks.
	const compact = text.replace(/ /g, '');
	expect(compact).toContain('https://juri.example/.well-known/juri-signing-key');
	expect(compact).toContain(`https://juri.example/verify?e=${s.fx.evaluationId}&v=1&h=${record.hash}`);
});

describe('the signing key', () => {
	test('is served, public key only, at the well-known address', async () => {
		const call = (ctx: unknown) => signingKeyEndpoint({ locals: { ctx } } as never) as Response;
		const response = call(s.app.ctx);
		expect(response.headers.get('x-juri-key-fingerprint')).toBe(key.fingerprint);
		const pem = await response.text();
		expect(pem).toBe(key.publicKeyPem);
		expect(pem).not.toMatch(/PRIVATE/);
		expect(() => call({ ...s.app.ctx, signingKey: null })).toThrow();
	});

	test('is created next to a SQLite database on first start (0600), then read back unchanged', () => {
		const dir = mkdtempSync(join(tmpdir(), 'juri-signing-'));
		try {
			const databaseUrl = join(dir, 'juri.sqlite');
			expect(loadSigningKey({ env: {}, databaseUrl, create: false })).toBeNull();
			const created = loadSigningKey({ env: {}, databaseUrl, create: true })!;
			expect(created).toMatchObject({ created: true, source: join(dir, 'juri-signing.key') });
			expect(created.fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
			expect(statSync(join(dir, 'juri-signing.key')).mode & 0o777).toBe(0o600);
			const again = loadSigningKey({ env: {}, databaseUrl, create: true })!;
			expect(again).toMatchObject({ created: false, fingerprint: created.fingerprint });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('comes from JURI_SIGNING_KEY first; a malformed one stops the start', () => {
		const pem = newSigningKeyPem();
		const fromEnv = loadSigningKey({ env: { JURI_SIGNING_KEY: pem }, databaseUrl: ':memory:', create: true })!;
		expect(fromEnv.fingerprint).toBe(signingKeyFrom(pem, 'x').fingerprint);
		expect(() => loadSigningKey({ env: { JURI_SIGNING_KEY: 'abc' }, databaseUrl: ':memory:', create: true })).toThrow(/Ed25519/);
		expect(loadSigningKey({ env: {}, databaseUrl: 'postgres://juri@127.0.0.1/juri', create: true })).toBeNull();
	});
});
