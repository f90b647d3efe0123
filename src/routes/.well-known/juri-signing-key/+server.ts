import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Public: the key published results versions are signed with (SPKI PEM), for verifiers such as
 * `juri-verify`; its fingerprint is printed on every official document. 404 when the app signs nothing.
 */
export const GET: RequestHandler = ({ locals }) => {
	const key = locals.ctx.signingKey;
	if (!key) error(404, 'This server has no signing key');
	return new Response(key.publicKeyPem, {
		headers: {
			'content-type': 'application/x-pem-file; charset=utf-8',
			'x-juri-key-fingerprint': key.fingerprint,
			'cache-control': 'public, max-age=300'
		}
	});
};
