/**
 * Where a published results version can be checked by anyone: the public verification page (a
 * document's QR code opens it for that version) and the signing key's well-known address.
 */

/** The public key published versions are signed with (SPKI PEM). */
export const SIGNING_KEY_PATH = '/.well-known/juri-signing-key';

export interface VersionRef {
	evaluationId: string;
	version: number;
	hash: string;
}

/**
 * The verification page for one version, from `origin` (none: a path).
 *
 * @example verifyLink({ evaluationId: 'e1', version: 2, hash: '9f86…' }, 'https://juri.example') // → 'https://juri.example/verify?e=e1&v=2&h=9f86…'
 */
export function verifyLink(ref: VersionRef, origin = ''): string {
	const query = new URLSearchParams({ e: ref.evaluationId, v: String(ref.version), h: ref.hash });
	return `${origin}/verify?${query}`;
}
