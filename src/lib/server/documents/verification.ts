/**
 * The verification block of a results document: the version's hash and audit anchor, the
 * fingerprint of the key that signed it, and a QR code opening the public verification page for
 * this version. The one place documents say how they can be checked.
 */
import { m } from '$lib/paraglide/messages';
import { SIGNING_KEY_PATH, verifyLink, type VersionRef } from '$lib/shared/verify-link';
import type { ServiceContext } from '../services/context';
import { keyFingerprint } from '../proof.js';
import { seal, type PdfContent } from './pdf';
import { DOCUMENT_LOCALE } from './words';

export interface VersionSeal {
	/** The fingerprint of the key that signed the version; null for an unsigned version. */
	fingerprint: string | null;
	/** The verification page for this version (absolute when ORIGIN is set). */
	verifyUrl: string;
	/** Where the public key is served. */
	keyUrl: string;
}

/**
 * @example versionSeal(ctx, { evaluationId, version: 2, hash, signingKey: row.signing_key }) // { fingerprint: 'ab12 …', verifyUrl: 'https://…/verify?e=…&v=2&h=…', keyUrl: 'https://…/.well-known/juri-signing-key' }
 */
export function versionSeal(ctx: Pick<ServiceContext, 'publicOrigin'>, ref: VersionRef & { signingKey: string | null }): VersionSeal {
	const origin = ctx.publicOrigin ?? '';
	return {
		fingerprint: ref.signingKey ? keyFingerprint(ref.signingKey) : null,
		verifyUrl: verifyLink(ref, origin),
		keyUrl: `${origin}${SIGNING_KEY_PATH}`
	};
}

/**
 * The block under a results document: its identity line (version, time, hash, audit anchor), the
 * signing key, and the QR code with the verification page's address.
 *
 * @example verificationBlock(stored.seal, versionLine(stored))
 */
export function verificationBlock(versionSeal: VersionSeal, identity: string): PdfContent {
	const o = { locale: DOCUMENT_LOCALE };
	const signed = versionSeal.fingerprint
		? m.verify_doc_signed({ fingerprint: versionSeal.fingerprint, keyUrl: versionSeal.keyUrl }, o)
		: m.verify_doc_unsigned({}, o);
	return seal([identity, signed, m.verify_doc_scan({ url: versionSeal.verifyUrl }, o)], versionSeal.verifyUrl);
}
