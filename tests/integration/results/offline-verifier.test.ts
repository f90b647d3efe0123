/**
 * The offline verifier (issue 11, item 4): the bundle exported from the documents hub checks with
 * `juri-verify` run as a command, without a server: two signed versions, each anchored in an
 * unbroken audit log extract. A result set edited in the bundle, a signature checked against
 * another key, or an audit row changed in the extract each fail, named.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verificationBundle } from '$lib/server/documents/verification-bundle';
import { publishResults } from '$lib/server/services/results/publish';
import { newSigningKeyPem, signingKeyFrom } from '$lib/server/signing-key';
import { checkBundle } from '../../../bin/juri-verify.js';
import { resultsSession, type ResultsSession } from './support';

let s: ResultsSession;
let dir: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let bundle: any;
const key = signingKeyFrom(newSigningKeyPem(), 'test');

beforeAll(async () => {
	s = await resultsSession();
	s.app.ctx.signingKey = key;
	dir = mkdtempSync(join(tmpdir(), 'juri-verify-'));
	const evaluationId = s.fx.evaluationId;
	await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
	await publishResults(s.app.ctx, s.admin, { evaluationId, reason: 'Hasil resmi', decreeNumber: '1/KEP', decreeDate: '2023-12-19' });
	await s.present(s.fx.panelA.slots[1].id, [70, 75, 72]);
	await publishResults(s.app.ctx, s.admin, { evaluationId, reason: 'Hasil kedua', decreeNumber: '2/KEP', decreeDate: '2023-12-20' });
	bundle = JSON.parse(new TextDecoder().decode((await verificationBundle(s.app.ctx, s.admin, { evaluationId })).bytes));
});
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	await s.close();
});

const run = promisify(execFile);
async function verifyFile(content: unknown, ...args: string[]): Promise<{ code: number; out: string }> {
	const file = join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(file, JSON.stringify(content));
	try {
		const { stdout } = await run(process.execPath, ['bin/juri-verify.js', file, ...args]);
		return { code: 0, out: stdout };
	} catch (e) {
		const failed = e as { code: number; stdout: string; stderr: string };
		return { code: failed.code, out: failed.stdout + failed.stderr };
	}
}

const failures = (b: unknown, pem: string | null = null) =>
	checkBundle(b, pem)
		.filter((f) => !f.ok)
		.map((f) => f.text);

describe('juri-verify', () => {
	test('checks the exported bundle as a command: both versions signed and anchored, exit 0', async () => {
		expect(bundle.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
		const { code, out } = await verifyFile(bundle);
		expect(out).toContain(`OK   key ${key.fingerprint}`);
		expect(out).toMatch(/OK {3}version 1: signature valid/);
		expect(out).toMatch(/OK {3}version 2: recorded in the audit log at \d+/);
		expect(out).toContain('Everything checks.');
		expect(code).toBe(0);
	});

	test('a number edited in a result set fails that version, exit 1', async () => {
		const edited = structuredClone(bundle);
		const resultSet = JSON.parse(edited.versions[0].resultSet);
		resultSet.entries[0].finalScore += 1;
		edited.versions[0].resultSet = JSON.stringify(resultSet);
		expect(failures(edited)).toEqual(['version 1: the signature does NOT check']);
		const { code, out } = await verifyFile(edited);
		expect(out).toContain('FAIL version 1: the signature does NOT check');
		expect(code).toBe(1);
	});

	test('checked against another key (--key), every signature fails', async () => {
		const other = join(dir, 'other.pem');
		writeFileSync(other, signingKeyFrom(newSigningKeyPem(), 'other').publicKeyPem);
		const { code, out } = await verifyFile(bundle, '--key', other);
		expect(out).toContain('FAIL version 1: the signature does NOT check');
		expect(out).toContain('FAIL version 2: the signature does NOT check');
		expect(code).toBe(1);
	});

	test('an audit row changed or removed in the extract is named', () => {
		const changed = structuredClone(bundle);
		const row = changed.audit[1];
		row.after = JSON.stringify({ ...JSON.parse(row.after ?? '{}'), tampered: true });
		expect(failures(changed)).toEqual([`audit log: row ${row.seq} was changed (its hash does not match)`]);
		const cut = structuredClone(bundle);
		const [removed] = cut.audit.splice(1, 1);
		expect(failures(cut)).toContain(`audit log: row ${removed.seq} is missing from the extract`);
	});

	test('a file that is no bundle is refused, exit 2', async () => {
		expect(await verifyFile({ hello: 'world' })).toMatchObject({ code: 2 });
	});
});
