#!/usr/bin/env node
/**
 * juri-verify: checks a verification bundle exported from Juri's documents hub on your own
 * machine, without a server. For every published version: its signature by the bundle's key (or
 * by the key given with --key, fetched yourself from /.well-known/juri-signing-key), that its
 * result set is the one it was published with, and that its audit anchor is a row of an unbroken
 * stretch of the audit log recording that publication. Exit code 0 when everything checks, 1 when
 * something does not, 2 when the bundle cannot be read.
 *
 * Usage: npx juri-verify <bundle.json> [--key signing-key.pem]
 *
 * Plain Node ESM on purpose (no build): it shares the hashing and signature code with the server
 * (src/lib/server/proof.js), so the two cannot disagree.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditRowHash, keyFingerprint, verifyVersion } from '../src/lib/server/proof.js';

const FORMAT = 'juri-verification-bundle/1';

/**
 * The findings for a bundle: one line per check, each { ok, text }.
 *
 * @param {any} bundle
 * @param {string | null} key the public key (PEM) to check with; the bundle's own when null
 * @returns {{ ok: boolean, text: string }[]}
 */
export function checkBundle(bundle, key = null) {
	if (bundle?.format !== FORMAT) throw new Error(`not a Juri verification bundle (${FORMAT})`);
	/** @type {{ ok: boolean, text: string }[]} */
	const findings = [];
	/** @param {boolean} ok @param {string} text */
	const say = (ok, text) => findings.push({ ok, text });
	const publicKey = key ?? bundle.signingKey;
	if (publicKey)
		say(
			true,
			`key ${keyFingerprint(publicKey)}${key ? ' (given with --key)' : ' (from the bundle: compare it with the fingerprint printed on the decree)'}`
		);
	else say(false, 'no signing key: signatures cannot be checked');

	const rows = new Map((bundle.audit ?? []).map((/** @type {any} */ row) => [row.seq, row]));
	let previous = null;
	for (const row of bundle.audit ?? []) {
		if (previous && row.seq !== previous.seq + 1) say(false, `audit log: row ${previous.seq + 1} is missing from the extract`);
		if (previous && row.prev_hash !== previous.hash) say(false, `audit log: row ${row.seq} does not link to row ${previous.seq}`);
		if (auditRowHash(row.prev_hash, row.seq, row) !== row.hash)
			say(false, `audit log: row ${row.seq} was changed (its hash does not match)`);
		previous = row;
	}
	if (bundle.audit?.length) say(true, `audit log: rows ${bundle.audit[0].seq}–${previous.seq} read`);

	for (const v of bundle.versions ?? []) {
		const name = `version ${v.version}`;
		const resultSet = JSON.parse(v.resultSet);
		if (resultSet.hash !== v.hash || resultSet.version !== v.version)
			say(false, `${name}: its result set is not the one published as ${v.hash}`);
		if (!v.signature) say(false, `${name}: unsigned`);
		else if (!publicKey || !verifyVersion(publicKey, v, v.signature)) say(false, `${name}: the signature does NOT check`);
		else say(true, `${name}: signature valid (hash ${v.hash})`);
		const anchor = v.auditHead ? rows.get(v.auditHead.seq) : null;
		if (!v.auditHead) say(false, `${name}: no audit anchor`);
		else if (!anchor || anchor.hash !== v.auditHead.hash)
			say(false, `${name}: its audit anchor ${v.auditHead.seq} is not in the log extract`);
		else {
			const after = JSON.parse(anchor.after ?? '{}');
			const recorded = anchor.action === 'results.publish' && after.version === v.version && after.hash === v.hash;
			say(
				recorded,
				recorded
					? `${name}: recorded in the audit log at ${v.auditHead.seq}`
					: `${name}: the audit row ${v.auditHead.seq} does not record this publication`
			);
		}
	}
	return findings;
}

/** @param {string[]} argv @returns {number} */
function main(argv) {
	const args = argv.slice(2);
	const keyAt = args.indexOf('--key');
	const keyFile = keyAt >= 0 ? args.splice(keyAt, 2)[1] : null;
	if (args.length !== 1) {
		console.error('Usage: juri-verify <bundle.json> [--key signing-key.pem]');
		return 2;
	}
	let findings;
	try {
		findings = checkBundle(JSON.parse(readFileSync(args[0], 'utf8')), keyFile ? readFileSync(keyFile, 'utf8') : null);
	} catch (e) {
		console.error(`juri-verify: ${e instanceof Error ? e.message : e}`);
		return 2;
	}
	for (const f of findings) console.log(`${f.ok ? 'OK  ' : 'FAIL'} ${f.text}`);
	const failed = findings.filter((f) => !f.ok).length;
	console.log(failed === 0 ? 'Everything checks.' : `${failed} check(s) failed.`);
	return failed === 0 ? 0 : 1;
}

// Run as a command (also through npx's link), not when a test imports checkBundle.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv);
