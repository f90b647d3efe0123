/**
 * The signing key: an Ed25519 key pair with which every published results version is signed, so
 * that anyone holding the public key (served at /.well-known/juri-signing-key and printed, by
 * fingerprint, on every official document) can check a version without trusting the database.
 * The private key is kept OUTSIDE the database: whoever can edit the database but not read this
 * key cannot publish, nor alter, a version that still verifies.
 *
 * Where it comes from, first match wins: `JURI_SIGNING_KEY` (the private key as PKCS#8 PEM), the
 * file named by `JURI_SIGNING_KEY_FILE`, or `juri-signing.key` in the database's folder, created
 * on first start with mode 0600. Keep a copy somewhere safe: backups of the database do not contain it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { keyFileNextToDatabase } from './audit-key';
import { keyFingerprint } from './proof.js';

export interface SigningKey {
	privateKey: KeyObject;
	/** SPKI PEM: what the well-known URL serves and verifiers check with. */
	publicKeyPem: string;
	/** 'ab12 cd34 ef56 7890'. */
	fingerprint: string;
	/** 'JURI_SIGNING_KEY' or the key file's path. */
	source: string;
	/** Whether this call created the key file. */
	created: boolean;
}

export interface SigningKeyOptions {
	env?: Record<string, string | undefined>;
	databaseUrl: string;
	create: boolean;
}

const KEY_FILE_NAME = 'juri-signing.key';

/**
 * Finds the signing key (see the module comment for the order), creating the default key file
 * when `create` is set. Null when there is none (PostgreSQL without a configured key: versions are
 * then published unsigned, and the start banner says so). Throws on a key that is not an Ed25519
 * private key: better no start than a start that signs nothing.
 *
 * @example const key = loadSigningKey({ databaseUrl: 'db/juri.sqlite', create: true }); // key?.fingerprint → 'ab12 cd34 ef56 7890'
 */
export function loadSigningKey({ env = process.env, databaseUrl, create }: SigningKeyOptions): SigningKey | null {
	if (env.JURI_SIGNING_KEY) return signingKeyFrom(env.JURI_SIGNING_KEY, 'JURI_SIGNING_KEY');
	const path = env.JURI_SIGNING_KEY_FILE || keyFileNextToDatabase(databaseUrl, KEY_FILE_NAME);
	if (!path) return null;
	if (existsSync(path)) return signingKeyFrom(readFileSync(path, 'utf8'), path);
	if (!create) return null;
	const pem = newSigningKeyPem();
	// 'wx': never overwrite a key another process created meanwhile; 0600: only this user reads it.
	writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
	return { ...signingKeyFrom(pem, path), created: true };
}

/** A fresh Ed25519 private key as PKCS#8 PEM (what the key file and JURI_SIGNING_KEY hold). */
export function newSigningKeyPem(): string {
	return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * A signing key from its PKCS#8 PEM text (tests inject keys this way).
 *
 * @example const key = signingKeyFrom(newSigningKeyPem(), 'test');
 */
export function signingKeyFrom(pem: string, source: string): SigningKey {
	let privateKey: KeyObject;
	try {
		privateKey = createPrivateKey(pem);
	} catch {
		throw new Error(`The signing key in ${source} must be an Ed25519 private key in PEM (PKCS#8)`);
	}
	if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`The signing key in ${source} must be an Ed25519 key`);
	const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
	return { privateKey, publicKeyPem, fingerprint: keyFingerprint(publicKeyPem), source, created: false };
}

/**
 * The start banner's lines about the signing key.
 *
 * @example describeSigningKey(key) // → ['  Signing key: db/juri-signing.key (fingerprint ab12 cd34 ef56 7890)']
 */
export function describeSigningKey(key: SigningKey | null): string[] {
	if (!key) return ['  Signing key: none, so published results are not signed (set JURI_SIGNING_KEY or JURI_SIGNING_KEY_FILE)'];
	const lines = [`  Signing key: ${key.source} (fingerprint ${key.fingerprint})`];
	if (key.created) lines.push('  (created now: keep a copy outside this machine; database backups do not contain it)');
	return lines;
}
