/**
 * The results decree annex (lampiran keputusan) of one published version: per category, in the
 * categories' order, each body's rank (a shared rank marked "2=" and explained once), prior-stage,
 * presentation and final scores and qualification, under the decree's title block, with the method
 * and the signature of the commission's chair at the end. PDF for the decree, XLSX and CSV for
 * anyone who works with the numbers; all from the version's stored result set, never recomputed.
 */
import { formatAnchor } from '$lib/domain/audit';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { roundHalfUp2, tieNotes, type ResultEntry } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { methodLines, rankCell, scoreText, tieExplanation, tieLegend } from '$lib/shared/results-text';
import { documentStamp, type DocumentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { csvFile, xlsxFile, type ExportColumn } from '../export/spreadsheet';
import { nowOf, type ServiceContext } from '../services/context';
import { DOCUMENT_LOCALE as id, NONE, dateTimeText, longDate, pdfFooter } from './words';
import { heading, notes, numbered, signatures, table, titleBlock, type PdfDocument } from './pdf';
import { loadStoredVersion, type StoredVersion } from './version';
import { CONTENT_TYPES, fileSlug, type DocumentFile } from './files';
import { pdfFiles } from './render';
import { verificationBlock } from './verification';

const o = { locale: id };

export interface AnnexRow {
	category: string;
	/** "1", or "2=" for a shared rank. */
	rank: string;
	body: string;
	prior: number;
	/** As published (2 decimals); null when the body did not present or its panel was below quorum. */
	presentation: number | null;
	final: number;
	qualification: string;
}

export interface AnnexCategory {
	name: string;
	rows: AnnexRow[];
	/** The table has a shared rank: its legend is printed under it. */
	shared: boolean;
	/** Where the tie-break chain split a shared rank: "Body: shared rank 2 at 98,31; placed 3 by …". */
	splits: string[];
}

export interface Annex {
	stored: StoredVersion;
	stamp: DocumentStamp;
	categories: AnnexCategory[];
}

const presentationOf = (e: ResultEntry) => (e.presentation?.score == null ? null : roundHalfUp2(e.presentation.score));

/**
 * The annex's content, for the version named by the URL (`{ evaluationId, version }`).
 *
 * @example const annex = await loadAnnex(ctx, admin, { evaluationId, version: '1' });
 */
export async function loadAnnex(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<Annex> {
	const stored = await loadStoredVersion(ctx, actor, raw);
	const stamp = { ...(await documentStamp(ctx.db, stored.evaluationId, nowOf(ctx))), version: stored.version };
	return { stored, stamp, categories: annexCategories(stored) };
}

/**
 * The annex's tables of a stored version: per category, each body's row as the annex prints it
 * (the verification page compares an uploaded annex with these).
 *
 * @example annexCategories(stored)[0].rows[0] // { category: 'Pemerintah Provinsi', rank: '1', body: '…', prior: 95.8, presentation: null, final: 95.8, qualification: 'Informatif' }
 */
export function annexCategories(stored: StoredVersion): AnnexCategory[] {
	const ties = tieNotes(stored.resultSet, 'category');
	return stored.categories.map((category) => {
		// Inside a shared rank, by name: the order the method states ("di dalamnya urut nama").
		const entries = stored.resultSet.entries
			.filter((e) => e.categoryId === category.id)
			.sort((a, b) => a.rankInCategory - b.rankInCategory || stored.bodyName(a.bodyId).localeCompare(stored.bodyName(b.bodyId), 'id'));
		return {
			name: category.name,
			rows: entries.map((e) => ({
				category: category.name,
				rank: rankCell(e.rankInCategory, ties.get(e.bodyId), id),
				body: stored.bodyName(e.bodyId),
				prior: e.priorScore,
				presentation: presentationOf(e),
				final: e.finalScore,
				qualification: e.band
			})),
			shared: entries.some((e) => ties.get(e.bodyId)?.kind === 'shared'),
			splits: entries.flatMap((e) => {
				const note = ties.get(e.bodyId);
				return note?.kind === 'split' ? [`${stored.bodyName(e.bodyId)}: ${tieExplanation(note, id)}`] : [];
			})
		};
	});
}

/** "LAMPIRAN / KEPUTUSAN KOMISI INFORMASI … / NOMOR … / TANGGAL … / TENTANG / …": "—" until the decree is issued. */
export function decreeTitle(stored: StoredVersion, subject: string): string[] {
	return [
		m.documents_annex_label({}, o),
		m.documents_decree_issuer({}, o),
		m.documents_decree_number({ number: stored.decreeNumber ?? NONE }, o),
		m.documents_decree_date({ date: stored.decreeDate ? longDate(stored.decreeDate) : NONE }, o),
		m.documents_decree_about({}, o),
		subject
	];
}

/** The version's identity under a results document: number, publication time, hash and its own audit anchor. */
export function versionLine(stored: StoredVersion, zone: EventZone): string {
	return m.documents_version_line(
		{
			version: stored.version,
			time: dateTimeText(stored.publishedAt, zone),
			hash: stored.hash,
			anchor: stored.anchor ? formatAnchor(stored.anchor) : NONE
		},
		o
	);
}

const score = (value: number | null) => (value === null ? NONE : scoreText(value, id));

/** The annex as a PDF document: title block, a table per category, the method, the chair's signature. */
export function annexPdfDocument({ stored, stamp, categories }: Annex): PdfDocument {
	const columns = [
		{ header: m.documents_col_rank({}, o), width: 46, align: 'center' as const },
		{ header: m.documents_col_body({}, o), width: '*' as const },
		{ header: m.documents_col_prior({ label: stored.priorLabel }, o), width: 52, align: 'right' as const },
		{ header: m.documents_col_presentation({}, o), width: 60, align: 'right' as const },
		{ header: m.documents_col_final({}, o), width: 52, align: 'right' as const },
		{ header: m.documents_col_qualification({}, o), width: 88 }
	];
	return {
		title: m.documents_annex_title({ version: stored.version }, o),
		createdAt: stamp.generatedAt,
		footer: pdfFooter(stamp),
		content: [
			titleBlock(decreeTitle(stored, m.documents_annex_subject({ evaluation: stored.evaluationName.toLocaleUpperCase('id') }, o))),
			...categories.flatMap((category, i) => [
				heading(`${letter(i)}. ${category.name.toLocaleUpperCase('id')}`),
				table(
					columns,
					category.rows.map((r) => [r.rank, r.body, score(r.prior), score(r.presentation), score(r.final), r.qualification])
				),
				...(category.shared || category.splits.length > 0
					? [notes([...(category.shared ? [m.documents_legend({ legend: tieLegend(id) }, o)] : []), ...category.splits])]
					: [])
			]),
			heading(m.documents_method_heading({}, o)),
			numbered(methodLines(stored.resultSet.rules, stored.priorLabel, id)),
			verificationBlock(stored.seal, versionLine(stored, stamp.timeZone)),
			signatures([{ role: m.documents_annex_signer({}, o), name: null }], {
				alignment: 'right',
				heading: m.documents_decree_signed_on({ date: stored.decreeDate ? longDate(stored.decreeDate) : NONE }, o)
			})
		]
	};
}

/** A, B, …, Z, AA, AB: the sections of a decree annex. */
function letter(index: number): string {
	const first = index >= 26 ? String.fromCharCode(64 + Math.floor(index / 26)) : '';
	return first + String.fromCharCode(65 + (index % 26));
}

const COLUMN_KEYS = ['category', 'rank', 'body', 'prior', 'presentation', 'final', 'qualification'] as const;
type AnnexSheetRow = Record<(typeof COLUMN_KEYS)[number], string | number>;

function sheetColumns(stored: StoredVersion): ExportColumn<AnnexSheetRow>[] {
	const header = {
		category: m.documents_col_category({}, o),
		rank: m.documents_col_rank({}, o),
		body: m.documents_col_body({}, o),
		prior: m.documents_col_prior({ label: stored.priorLabel }, o),
		presentation: m.documents_col_presentation({}, o),
		final: m.documents_col_final({}, o),
		qualification: m.documents_col_qualification({}, o)
	};
	const widths = { category: 30, rank: 10, body: 48, prior: 12, presentation: 16, final: 12, qualification: 20 };
	const scores = new Set(['prior', 'presentation', 'final']);
	return COLUMN_KEYS.map((key) => ({ key, header: header[key], width: widths[key], ...(scores.has(key) ? { numFmt: '0.00' } : {}) }));
}

/** Numbers stay numbers in a spreadsheet; a missing presentation score is an empty cell. */
const sheetRows = (annex: Annex): AnnexSheetRow[] =>
	annex.categories.flatMap((c) => c.rows.map((r) => ({ ...r, presentation: r.presentation ?? '' })));

/** The annex as CSV: one table (category first), the stamp as the last line. */
export function annexCsv(annex: Annex): DocumentFile {
	return {
		name: `${annexBaseName(annex)}.csv`,
		contentType: CONTENT_TYPES.csv,
		bytes: new TextEncoder().encode(csvFile(sheetColumns(annex.stored), sheetRows(annex), annex.stamp))
	};
}

/** The annex as XLSX: the decree's title block, one table (category first), the legend and the method under it. */
export async function annexXlsx(annex: Annex): Promise<DocumentFile> {
	const { stored } = annex;
	const subject = m.documents_annex_subject({ evaluation: stored.evaluationName.toLocaleUpperCase('id') }, o);
	const bytes = await xlsxFile(
		[
			{
				name: m.documents_annex_sheet({}, o),
				title: decreeTitle(stored, subject),
				columns: sheetColumns(stored),
				rows: sheetRows(annex),
				notes: [
					...(annex.categories.some((c) => c.shared) ? [m.documents_legend({ legend: tieLegend(id) }, o)] : []),
					...annex.categories.flatMap((c) => c.splits),
					m.documents_method_heading({}, o),
					...methodLines(stored.resultSet.rules, stored.priorLabel, id),
					versionLine(stored, annex.stamp.timeZone)
				]
			}
		],
		annex.stamp
	);
	return { name: `${annexBaseName(annex)}.xlsx`, contentType: CONTENT_TYPES.xlsx, bytes };
}

/** "lampiran-sk-monev-kip-2023-presentasi-v2" */
export const annexBaseName = ({ stored }: Pick<Annex, 'stored'>) =>
	`${m.documents_annex_file({}, o)}-${fileSlug(stored.evaluationName)}-v${stored.version}`;

/**
 * The annex of the version named by the URL, as a file in the given format.
 *
 * @example const file = await annexFile(ctx, admin, { evaluationId, version: '2' }, 'pdf'); // { name: 'lampiran-sk-…-v2.pdf', … }
 */
export async function annexFile(
	ctx: ServiceContext,
	actor: SessionUser,
	raw: unknown,
	format: 'pdf' | 'xlsx' | 'csv'
): Promise<DocumentFile> {
	const annex = await loadAnnex(ctx, actor, raw);
	if (format === 'csv') return annexCsv(annex);
	if (format === 'xlsx') return annexXlsx(annex);
	return (await pdfFiles([{ name: `${annexBaseName(annex)}.pdf`, document: annexPdfDocument(annex) }]))[0];
}
