/**
 * A document as an HTTP download, and a document service's refusal as an HTTP error: a malformed
 * parameter is 400, something that does not exist (a version, a panel of another evaluation, a day
 * without slots) is 404. Nothing else about the request is the endpoint's business.
 */
import { error } from '@sveltejs/kit';
import { ServiceError } from '../services/errors';
import type { DocumentFile } from './files';

const STATUS: Partial<Record<ServiceError['code'], number>> = { invalid_input: 400, not_found: 404, forbidden: 403, invalid_state: 409 };

/**
 * Runs a document service and answers its file as an attachment; a refusal becomes its HTTP status.
 *
 * @example export const GET = ({ locals, params }) => { const admin = requireArea(locals, 'admin'); return sendDocument(() => annexFile(locals.ctx, admin, params, 'pdf')); };
 */
export async function sendDocument(make: () => Promise<DocumentFile>): Promise<Response> {
	let file: DocumentFile;
	try {
		file = await make();
	} catch (e) {
		// With its reason, so the error page words it in the reader's language.
		if (e instanceof ServiceError && STATUS[e.code]) error(STATUS[e.code]!, { message: e.message, ...e.refusal });
		throw e;
	}
	return new Response(file.bytes as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.bytes.length),
			'content-disposition': `attachment; filename="${file.name}"`,
			'cache-control': 'no-store'
		}
	});
}
