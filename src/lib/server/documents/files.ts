/**
 * What a document service hands back (a named file), and how a file is named: a slug of the
 * evaluation's name that is safe in a header, a zip and any file system.
 */

/** A generated document, ready to send or to put into a zip. */
export interface DocumentFile {
	name: string;
	contentType: string;
	bytes: Uint8Array;
}

export const CONTENT_TYPES = {
	pdf: 'application/pdf',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	zip: 'application/zip',
	json: 'application/json; charset=utf-8'
} as const;

/**
 * A name as a file-name part: lower case ASCII letters and digits joined by hyphens, accents
 * dropped, at most 60 characters; `fallback` when nothing is left.
 *
 * @example fileSlug('Monev KIP 2023 — Presentasi') // 'monev-kip-2023-presentasi'
 */
export function fileSlug(name: string, fallback = 'evaluasi'): string {
	const slug = name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60)
		.replace(/-$/, '');
	return slug || fallback;
}
