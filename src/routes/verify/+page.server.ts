import { fail } from '@sveltejs/kit';
import { ImportFileError } from '$lib/server/import/read-table';
import { ServiceError } from '$lib/server/services/errors';
import { verifyDocument, verifyHash } from '$lib/server/services/verification';
import type { Actions, PageServerLoad } from './$types';

/**
 * Public (no sign-in): anyone checks published results. A document's QR code opens this page with
 * its version (`?e=…&v=…&h=…`), which is checked at once.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const hash = url.searchParams.get('h');
	if (!hash) return { fromLink: null };
	const named = { hash, evaluationId: url.searchParams.get('e') ?? undefined, version: url.searchParams.get('v') ?? undefined };
	try {
		return { fromLink: await verifyHash(locals.ctx, locals.user, named) };
	} catch (e) {
		if (e instanceof ServiceError) return { fromLink: null, linkInvalid: true };
		throw e;
	}
};

export const actions: Actions = {
	hash: async ({ request, locals }) => {
		const hash = String((await request.formData()).get('hash') ?? '');
		try {
			return { verification: await verifyHash(locals.ctx, locals.user, { hash }), hash };
		} catch (e) {
			if (e instanceof ServiceError) return fail(400, { hash, error: 'invalid_hash' as const });
			throw e;
		}
	},
	document: async ({ request, locals, getClientAddress }) => {
		const file = (await request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { error: 'file_required' as const });
		try {
			const bytes = new Uint8Array(await file.arrayBuffer());
			return { verification: await verifyDocument(locals.ctx, locals.user, bytes, { address: getClientAddress() }), fileName: file.name };
		} catch (e) {
			if (e instanceof ImportFileError)
				return fail(400, { error: e.problem === 'too_large' ? ('file_too_large' as const) : ('file_unreadable' as const) });
			if (e instanceof ServiceError && e.refusal.reason === 'too_many_checks') return fail(429, { refusal: e.refusal });
			throw e;
		}
	}
};
