/**
 * What a reader outside the secretariat recomputes to check Juri's records: an audit row's hash,
 * the statement a results version is signed over, and the Ed25519 signature on it. Plain Node ESM
 * (typed by JSDoc) on purpose: the server imports it, and so does the offline verifier
 * (`bin/juri-verify.js`), which runs without a build; one implementation, so the two can never
 * disagree about what a hash or a signature covers.
 */
import { createHash, createPublicKey, sign, verify } from 'node:crypto';

/** The hash the first audit row links to. */
export const GENESIS = '0'.repeat(64);

/**
 * @typedef {object} AuditRowFields The columns an audit row's hash covers, besides its seq.
 * @property {number} at
 * @property {string | null} actor_id
 * @property {string | null} evaluation_id
 * @property {string} action
 * @property {string} entity
 * @property {string | null} entity_id
 * @property {string | null} before
 * @property {string | null} after
 */

/**
 * The hash of one audit row: SHA-256 of the previous row's hash and the row's content.
 *
 * @param {string} prevHash
 * @param {number} seq
 * @param {AuditRowFields} row
 * @returns {string}
 * @example auditRowHash(previous.hash, 5, { at, actor_id, evaluation_id, action, entity, entity_id, before, after }) // → '9f86…'
 */
export function auditRowHash(prevHash, seq, row) {
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

/**
 * @typedef {object} VersionRecord What a published results version's signature covers.
 * @property {string} evaluationId
 * @property {number} version
 * @property {string} hash The version's hash (of its inputs), as publication computed it.
 * @property {string} resultSet The result set exactly as stored (JSON text): every number the documents print.
 * @property {{ seq: number, hash: string } | null} auditHead The head of the version's own audit row.
 * @property {string | null} decreeNumber
 * @property {string | null} decreeDate
 */

/** Bumped whenever the statement's layout changes, so an old signature never reads as a new one. */
const STATEMENT = 'juri-result-version/1';

/**
 * The text a version is signed over: its identity, its hash, the SHA-256 of the result set as
 * stored (so every published number is covered, not only the inputs' hash), its audit anchor and
 * its decree. One JSON array, field order fixed.
 *
 * @param {VersionRecord} record
 * @returns {string}
 * @example versionStatement({ evaluationId, version: 2, hash, resultSet: row.result_set, auditHead: { seq: 41, hash: 'ab…' }, decreeNumber: '2/KEP', decreeDate: '2023-12-19' })
 */
export function versionStatement(record) {
	return JSON.stringify([
		STATEMENT,
		record.evaluationId,
		record.version,
		record.hash,
		createHash('sha256').update(record.resultSet).digest('hex'),
		record.auditHead ? `${record.auditHead.seq}:${record.auditHead.hash}` : null,
		record.decreeNumber,
		record.decreeDate
	]);
}

/**
 * A public key's fingerprint, safe to print and compare by eye: the first 16 hex digits of the
 * SHA-256 of its DER encoding, in groups of four.
 *
 * @param {string} publicKeyPem
 * @returns {string}
 * @example keyFingerprint(pem) // → 'ab12 cd34 ef56 7890'
 */
export function keyFingerprint(publicKeyPem) {
	const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
	return /** @type {string[]} */ (createHash('sha256').update(der).digest('hex').slice(0, 16).match(/.{4}/g)).join(' ');
}

/**
 * Signs a version's statement with an Ed25519 private key; the signature in base64.
 *
 * @param {import('node:crypto').KeyObject} privateKey
 * @param {VersionRecord} record
 * @returns {string}
 */
export function signVersion(privateKey, record) {
	return sign(null, Buffer.from(versionStatement(record)), privateKey).toString('base64');
}

/**
 * Whether `signature` (base64) is the Ed25519 signature of this version's statement by the key
 * `publicKeyPem`. False, never a throw, for a malformed signature or key.
 *
 * @param {string} publicKeyPem
 * @param {VersionRecord} record
 * @param {string | null} signature
 * @returns {boolean}
 */
export function verifyVersion(publicKeyPem, record, signature) {
	if (!signature) return false;
	try {
		return verify(null, Buffer.from(versionStatement(record)), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
	} catch {
		return false;
	}
}
