/**
 * The national summary of one published version: how many bodies of each category reached each
 * qualification, with totals per category, per qualification and overall. From the version's
 * stored result set, under the same decree title as the annex.
 */
import { m } from '$lib/paraglide/messages';
import { methodLines } from '$lib/shared/results-text';
import type { DocumentStamp } from '../audit-stamp';
import { documentStamp } from '../audit-stamp';
import type { SessionUser } from '../auth/session';
import { xlsxFile, type ExportColumn } from '../export/spreadsheet';
import { nowOf, type ServiceContext } from '../services/context';
import { decreeTitle, versionLine } from './annex';
import { CONTENT_TYPES, fileSlug, type DocumentFile } from './files';
import { pdfFiles } from './render';
import { verificationBlock } from './verification';
import { heading, numbered, table, titleBlock, type PdfCell, type PdfDocument } from './pdf';
import { loadStoredVersion, type StoredVersion } from './version';
import { DOCUMENT_LOCALE as id, pdfFooter } from './words';

const o = { locale: id };

export interface SummaryRow {
	category: string;
	/** Bodies per qualification, in the bands' order (high to low). */
	counts: number[];
	total: number;
}

export interface Summary {
	stored: StoredVersion;
	stamp: DocumentStamp;
	/** The qualifications, high to low, as the version's rules name them. */
	bands: string[];
	rows: SummaryRow[];
	/** Per qualification, then the grand total last. */
	totals: number[];
}

/**
 * Counts per qualification per category, for the version named by the URL.
 *
 * @example const summary = await loadSummary(ctx, admin, { evaluationId, version: '1' }); // summary.totals → [3, 10, 12, 1, 0, 26]
 */
export async function loadSummary(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<Summary> {
	const stored = await loadStoredVersion(ctx, actor, raw);
	const bands = stored.resultSet.rules.bands.map((b) => b.label);
	const rows = stored.categories.map((category) => {
		const entries = stored.resultSet.entries.filter((e) => e.categoryId === category.id);
		const counts = bands.map((band) => entries.filter((e) => e.band === band).length);
		return { category: category.name, counts, total: entries.length };
	});
	const totals = [...bands.map((_, i) => rows.reduce((n, r) => n + r.counts[i], 0)), rows.reduce((n, r) => n + r.total, 0)];
	const stamp = { ...(await documentStamp(ctx.db, stored.evaluationId, nowOf(ctx))), version: stored.version };
	return { stored, stamp, bands, rows, totals };
}

const subject = (stored: StoredVersion) => m.documents_summary_subject({ evaluation: stored.evaluationName.toLocaleUpperCase('id') }, o);

/** The summary as a PDF document: the decree's title block, one table with a totals row, the method. */
export function summaryPdfDocument({ stored, stamp, bands, rows, totals }: Summary): PdfDocument {
	const total = m.documents_col_total({}, o);
	const bold = (text: string): PdfCell => ({ text, bold: true });
	return {
		title: m.documents_summary_title({ version: stored.version }, o),
		createdAt: stamp.generatedAt,
		footer: pdfFooter(stamp),
		// Qualifications are long words: a column each fits across an A4 page turned sideways.
		orientation: 'landscape',
		content: [
			titleBlock(decreeTitle(stored, subject(stored))),
			heading(m.documents_summary_heading({}, o)),
			table(
				[
					{ header: m.documents_col_category({}, o), width: '*' },
					...bands.map((band) => ({ header: band, width: 82, align: 'right' as const })),
					{ header: total, width: 50, align: 'right' as const }
				],
				[
					...rows.map((r) => [r.category, ...r.counts.map(String), bold(String(r.total))]),
					[bold(total), ...totals.map((n) => bold(String(n)))]
				]
			),
			heading(m.documents_method_heading({}, o)),
			numbered(methodLines(stored.resultSet.rules, stored.priorLabel, id)),
			verificationBlock(stored.seal, versionLine(stored, stamp.timeZone))
		]
	};
}

/** The summary as XLSX: the title block, the table (numbers), its totals row, the version under it. */
export async function summaryXlsx(summary: Summary): Promise<DocumentFile> {
	const { stored, bands, rows, totals } = summary;
	type Row = Record<string, string | number>;
	const columns: ExportColumn<Row>[] = [
		{ key: 'category', header: m.documents_col_category({}, o), width: 34 },
		...bands.map((band, i) => ({ key: `b${i}`, header: band, width: 18 })),
		{ key: 'total', header: m.documents_col_total({}, o), width: 10 }
	];
	const line = (category: string, counts: number[], total: number): Row => ({
		category,
		...Object.fromEntries(counts.map((n, i) => [`b${i}`, n])),
		total
	});
	const bytes = await xlsxFile(
		[
			{
				name: m.documents_summary_sheet({}, o),
				title: decreeTitle(stored, subject(stored)),
				columns,
				rows: [
					...rows.map((r) => line(r.category, r.counts, r.total)),
					line(m.documents_col_total({}, o), totals.slice(0, -1), totals.at(-1)!)
				],
				notes: [versionLine(stored, summary.stamp.timeZone)]
			}
		],
		summary.stamp
	);
	return { name: `${summaryBaseName(stored)}.xlsx`, contentType: CONTENT_TYPES.xlsx, bytes };
}

/** "ringkasan-nasional-monev-kip-2023-presentasi-v2" */
export const summaryBaseName = (stored: StoredVersion) =>
	`${m.documents_summary_file({}, o)}-${fileSlug(stored.evaluationName)}-v${stored.version}`;

/**
 * The national summary of the version named by the URL, as a file in the given format.
 *
 * @example const file = await summaryFile(ctx, admin, { evaluationId, version: '1' }, 'xlsx');
 */
export async function summaryFile(ctx: ServiceContext, actor: SessionUser, raw: unknown, format: 'pdf' | 'xlsx'): Promise<DocumentFile> {
	const summary = await loadSummary(ctx, actor, raw);
	if (format === 'xlsx') return summaryXlsx(summary);
	return (await pdfFiles([{ name: `${summaryBaseName(summary.stored)}.pdf`, document: summaryPdfDocument(summary) }]))[0];
}
