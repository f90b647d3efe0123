/**
 * Public verification of published results (no sign-in): a version's hash, or a results document
 * Juri exported (the decree annex as PDF or XLSX), is matched against the published versions; the
 * version's signature is checked with this server's signing key; the document's rows are compared
 * with the version's stored rows, and each difference is named.
 */
import type { EventZone } from '$lib/domain/setup/event-zone';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { RowDifference, RowField, SignatureCheck, Verification, VerifiedVersion } from '$lib/shared/verification';
import { annexCategories, type AnnexRow } from '../documents/annex';
import { readStoredVersion } from '../documents/version';
import type { DB } from '../db';
import type { ResultVersionTable } from '../db/schema';
import { DOCUMENT_CHECK_POLICY, reserveAttempt } from '../auth/throttle';
import { annexRowsFromGrid, annexRowsFromPdf, hashInGrid, hashInPdf, shownScore, type AnnexDocumentRow } from '../documents/annex-readback';
import { isPdf, readPdfPages, readSheetGrid, type ReadOptions } from '../import/read-table';
import { keyFingerprint, verifyVersion } from '../proof.js';
import { nowOf, type ServiceContext } from './context';
import { refusal } from './errors';
import { parseInput } from './validation';

const HASH = /^[0-9a-f]{64}$/;

export const hashInput = z.object({
	hash: z.string('required').trim().toLowerCase().regex(HASH, 'invalid_hash'),
	/** From a document's QR link: which evaluation and version it names (a hash may recur). */
	evaluationId: z.string().max(64).optional(),
	version: z.coerce.number().int().min(1).max(1_000_000).optional()
});

type VersionRow = Selectable<ResultVersionTable> & { evaluation_name: string; time_zone: EventZone };

/** The published version with this hash: the one named (evaluation, number) if given, else the newest. */
async function findVersion(db: DB, hash: string, named: { evaluationId?: string; version?: number } = {}): Promise<VersionRow | null> {
	let query = db
		.selectFrom('result_versions')
		.innerJoin('evaluations', 'evaluations.id', 'result_versions.evaluation_id')
		.selectAll('result_versions')
		.select(['evaluations.name as evaluation_name', 'evaluations.time_zone'])
		.where('result_versions.hash', '=', hash);
	if (named.evaluationId) query = query.where('result_versions.evaluation_id', '=', named.evaluationId);
	if (named.version) query = query.where('result_versions.version', '=', named.version);
	return (await query.orderBy('result_versions.created_at', 'desc').limit(1).executeTakeFirst()) ?? null;
}

/** The version's signature against this server's key (the trust anchor; the key stored with the row only names who signed). */
function checkSignature(ctx: ServiceContext, row: VersionRow): SignatureCheck {
	if (!row.signature || !row.signing_key) return 'unsigned';
	const record = {
		evaluationId: row.evaluation_id,
		version: row.version,
		hash: row.hash,
		resultSet: row.result_set,
		auditHead: row.audit_seq !== null && row.audit_hash !== null ? { seq: row.audit_seq, hash: row.audit_hash } : null,
		decreeNumber: row.decree_number,
		decreeDate: row.decree_date
	};
	const key = ctx.signingKey?.publicKeyPem;
	if (key && verifyVersion(key, record, row.signature)) return 'valid';
	// Not this server's key: valid with the key it names means another key signed it, else it was altered.
	return key !== row.signing_key && verifyVersion(row.signing_key, record, row.signature) ? 'other_key' : 'invalid';
}

async function describeVersion(db: DB, row: VersionRow): Promise<VerifiedVersion> {
	const newer = await db
		.selectFrom('result_versions')
		.select('version')
		.where('evaluation_id', '=', row.evaluation_id)
		.where('version', '>', row.version)
		.executeTakeFirst();
	return {
		evaluationId: row.evaluation_id,
		evaluationName: row.evaluation_name,
		timeZone: row.time_zone,
		version: row.version,
		hash: row.hash,
		decreeNumber: row.decree_number,
		decreeDate: row.decree_date,
		publishedAt: row.created_at,
		auditAnchor: row.audit_seq !== null && row.audit_hash !== null ? `${row.audit_seq}:${row.audit_hash}` : null,
		keyFingerprint: row.signing_key ? keyFingerprint(row.signing_key) : null,
		superseded: newer !== undefined
	};
}

function verdictOf(signature: SignatureCheck, differences: RowDifference[]): Verification['verdict'] {
	if (signature === 'invalid' || differences.length > 0) return 'altered';
	return signature === 'valid' ? 'genuine' : 'unverified';
}

const UNKNOWN = (hash: string | null): Verification => ({ verdict: 'unknown', hash, version: null, signature: null, rows: null });

/**
 * Anyone checks a version's hash (pasted, or from a document's QR code): which published version it
 * is, and whether its signature checks. `actor` is whoever is signed in, or nobody.
 *
 * @example const { verdict, version } = await verifyHash(ctx, null, { hash: '26854cc3…' }); // 'genuine', { version: 1, decreeNumber: '1/KEP/KIP/XII/2023', … }
 */
export async function verifyHash(ctx: ServiceContext, _actor: unknown, raw: unknown): Promise<Verification> {
	const { hash, ...named } = parseInput(hashInput, raw);
	const row = await findVersion(ctx.db, hash, named);
	if (!row) return UNKNOWN(hash);
	const signature = checkSignature(ctx, row);
	return { verdict: verdictOf(signature, []), hash, version: await describeVersion(ctx.db, row), signature, rows: null };
}

/** Where an uploaded document comes from, and how it is read (tests tighten the reader's limits). */
export interface DocumentCheck {
	/** The uploader's address: checks are limited per address (`DOCUMENT_CHECK_POLICY`). */
	address: string;
	reading?: ReadOptions;
}

/**
 * Anyone uploads a decree annex Juri exported, as PDF or XLSX (told apart by content): the hash it
 * prints names the version; every row (category, body, rank, scores, qualification) is compared
 * with the version as published. The file is read like an import (size limits, on a worker, with a
 * deadline); a file that is neither a readable PDF nor an XLSX workbook is refused with the
 * reader's problem (`ImportFileError`). Each address may check 20 documents in 10 minutes.
 *
 * @example const { verdict, rows } = await verifyDocument(ctx, null, bytes, { address }); // 'altered', { checked: 34, differences: [{ kind: 'changed', body: 'Pemerintah Provinsi Aceh', field: 'final', inDocument: '99,05', published: '93,05' }] }
 */
export async function verifyDocument(ctx: ServiceContext, _actor: unknown, bytes: Uint8Array, check: DocumentCheck): Promise<Verification> {
	const reservation = await reserveAttempt(ctx.db, [{ key: `verify:${check.address}`, policy: DOCUMENT_CHECK_POLICY }], nowOf(ctx));
	if (!reservation.ok) {
		const seconds = Math.ceil(reservation.retryAfterMs / 1000);
		throw refusal('rate_limited', 'too_many_checks', `Too many documents checked; try again in ${seconds} s`, { seconds });
	}
	const document = await readAnnexDocument(bytes, check.reading ?? ctx.importReading);
	const row = document.hash ? await findVersion(ctx.db, document.hash) : null;
	if (!document.hash || !row) return UNKNOWN(document.hash);
	const stored = await readStoredVersion(ctx, row.evaluation_id, row.version);
	const categories = stored ? annexCategories(stored) : [];
	const published = categories.flatMap((c) => c.rows);
	const differences = compareRows(document.rows(categories.map((c) => c.name)), published);
	const signature = checkSignature(ctx, row);
	return {
		verdict: verdictOf(signature, differences),
		hash: document.hash,
		version: await describeVersion(ctx.db, row),
		signature,
		rows: { checked: published.length, differences }
	};
}

/** An uploaded annex read back: the hash it prints, and its rows (a PDF's sections are matched to the version's categories). */
async function readAnnexDocument(
	bytes: Uint8Array,
	reading: ReadOptions | undefined
): Promise<{ hash: string | null; rows: (categories: string[]) => AnnexDocumentRow[] }> {
	if (isPdf(bytes)) {
		const pages = await readPdfPages(bytes, reading);
		return { hash: hashInPdf(pages), rows: (categories) => annexRowsFromPdf(pages, categories) };
	}
	const grid = await readSheetGrid(bytes, reading);
	return { hash: hashInGrid(grid), rows: () => annexRowsFromGrid(grid) };
}

const FIELDS: RowField[] = ['rank', 'prior', 'presentation', 'final', 'qualification'];

function compareRows(document: AnnexDocumentRow[], published: AnnexRow[]): RowDifference[] {
	const key = (category: string, body: string) => `${category}\u0000${body}`;
	const inDocument = new Map(document.map((r) => [key(r.category, r.body), r]));
	const differences: RowDifference[] = [];
	for (const p of published) {
		const k = key(p.category, p.body);
		const d = inDocument.get(k);
		if (!d) {
			differences.push({ kind: 'missing', body: p.body });
			continue;
		}
		inDocument.delete(k);
		const expected: Record<RowField, string> = {
			rank: p.rank,
			prior: shownScore(p.prior),
			presentation: shownScore(p.presentation),
			final: shownScore(p.final),
			qualification: p.qualification
		};
		for (const field of FIELDS) {
			if (d.fields[field] !== expected[field])
				differences.push({ kind: 'changed', body: p.body, field, inDocument: d.fields[field], published: expected[field] });
		}
	}
	for (const extra of inDocument.values()) differences.push({ kind: 'extra', body: extra.body });
	return differences;
}
