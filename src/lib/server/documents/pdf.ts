/**
 * The one PDF module: every official document (decree annex, national summary, minutes, score
 * sheets, visitation documents) is laid out with these few blocks and rendered here, with pdfmake
 * (see docs/architecture.md for why pdfmake and not bare pdfkit). Nothing else in the code base
 * imports pdfmake.
 *
 * A document is plain data (`PdfDocument`): blocks that are pdfmake content without functions,
 * the texts already worded in the document's language, and the stamp's words for the foot of
 * every page. Plain data crosses to a worker thread unchanged, so `renderPdf` runs the same on the
 * request's thread and in `pdf.worker.ts`. This module therefore imports no SvelteKit or paraglide
 * code: the wording happens before (documents/words.ts and each document's module).
 *
 * Every page is A4, in Roboto (the font pdfmake ships in its package: Latin with its extensions,
 * so any Indonesian name prints; embedded, subset, nothing fetched), and footed with the stamp and
 * "page x of y". Tables repeat their header row on every page and never split a row.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, ContentQr, TableCell } from 'pdfmake/interfaces';

export type PdfContent = Content;

/** The stamp at the foot of every page, worded in the document's language (see documents/words.ts). */
export interface PdfFooter {
	/** The stamp's lines: evaluation, version and generation time (WIB); then the audit head. */
	lines: string[];
	/** The page number's words with `{page}` and `{pages}` in them, e.g. "Halaman {page} dari {pages}". */
	pageOf: string;
}

export interface PdfDocument {
	/** The PDF's title (its document properties). */
	title: string;
	/** Epoch ms: the PDF's creation date, the stamp's time. */
	createdAt: number;
	orientation?: 'portrait' | 'landscape';
	content: PdfContent[];
	footer: PdfFooter;
}

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const FONT_FILES = {
	normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
	bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
	italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
	bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf')
};
const FONT_PATHS = new Set(Object.values(FONT_FILES));

pdfmake.setFonts({ Roboto: FONT_FILES });
// A document names no image or font of its own: it may read our four font files and fetch nothing.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_PATHS.has(path));

const MARGIN = 40;
const GREY = '#555555';
const RULE = '#999999';
const FOOTER = 'juriFooter';
/** Points a section heading needs below it to stay on its page: itself, a table's header row and two rows. */
const KEEP_WITH_NEXT = 90;

/** Thin grey rules around every cell, a shaded header row. */
const TABLE_LAYOUT = {
	hLineWidth: () => 0.5,
	vLineWidth: () => 0.5,
	hLineColor: () => RULE,
	vLineColor: () => RULE,
	paddingLeft: () => 4,
	paddingRight: () => 4,
	paddingTop: () => 2.5,
	paddingBottom: () => 2.5,
	fillColor: (row: number, node: { table: { headerRows?: number } }) => (row < (node.table.headerRows ?? 0) ? '#eeeeee' : null)
};
// Registered by name: a document names its layout ('juri') and stays plain data.
pdfmake.addTableLayouts({ juri: TABLE_LAYOUT });

/**
 * Renders a document to PDF bytes. CPU-bound: a large one belongs on a worker (pdf.worker.ts).
 *
 * @example const bytes = await renderPdf({ title: 'Lampiran', createdAt: stamp.generatedAt, content: [heading('LAMPIRAN')], footer });
 */
export async function renderPdf(document: PdfDocument): Promise<Uint8Array> {
	const { footer } = document;
	const created = pdfmake.createPdf({
		pageSize: 'A4',
		pageOrientation: document.orientation ?? 'portrait',
		pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN + 14],
		info: { title: document.title, creator: 'Juri', producer: 'Juri', creationDate: new Date(document.createdAt) },
		defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
		styles: { [FOOTER]: { fontSize: 6.5, color: GREY, lineHeight: 1.1 } },
		// pdfmake writes its layout into the nodes it is given: a copy keeps the document plain data.
		content: structuredClone(document.content),
		footer: (page: number, pages: number) => ({
			margin: [MARGIN, 8, MARGIN, 0],
			columns: [
				{ stack: footer.lines.map((text) => ({ text, style: FOOTER })), width: '*' },
				{
					text: footer.pageOf.replace('{page}', String(page)).replace('{pages}', String(pages)),
					style: FOOTER,
					width: 90,
					alignment: 'right'
				}
			],
			columnGap: 12
		}),
		// A section heading never ends a page: with less room under it than its table's header and
		// first rows need, it starts the next page. (Asking pdfmake what follows on the page does not
		// work: a table that moved on to the next page still reports its first try on this one.)
		pageBreakBefore: (node) =>
			node.headlineLevel === 1 && node.startPosition.top > MARGIN + node.startPosition.pageInnerHeight - KEEP_WITH_NEXT
	});
	return new Uint8Array(await created.getBuffer());
}

// ---------------------------------------------------------------- blocks

/**
 * A section heading: it keeps with what follows it (never alone at a page's foot).
 *
 * @example heading('A. KEMENTERIAN')
 */
export function heading(text: string): PdfContent {
	return { text, bold: true, fontSize: 11, margin: [0, 10, 0, 4], headlineLevel: 1 };
}

/** A paragraph of running text. */
export function paragraph(text: string, options: { alignment?: 'left' | 'justify' } = {}): PdfContent {
	return { text, alignment: options.alignment ?? 'left', margin: [0, 2, 0, 4] };
}

/** Small grey lines under a table: a legend, notes, the method. */
export function notes(lines: readonly string[]): PdfContent {
	return { stack: lines.map((text) => ({ text, fontSize: 8, color: GREY, margin: [0, 1, 0, 1] })), margin: [0, 2, 0, 6] };
}

/** A numbered list (the method of a results document). */
export function numbered(lines: readonly string[]): PdfContent {
	return { ol: [...lines], fontSize: 8.5, margin: [0, 2, 0, 6] };
}

/** A title block of centred bold lines (a decree annex's "LAMPIRAN … NOMOR … TANGGAL …"). */
export function titleBlock(lines: readonly string[]): PdfContent {
	return { stack: lines.map((text) => ({ text, bold: true, fontSize: 10.5 })), alignment: 'center', margin: [0, 0, 0, 10] };
}

/** Label–value pairs, two columns without rules (room, chair, date…). */
export function fields(rows: readonly (readonly [string, string])[]): PdfContent {
	return {
		table: { widths: ['auto', '*'], body: rows.map(([label, value]) => [{ text: label, color: GREY }, { text: value }]) },
		layout: 'noBorders',
		margin: [0, 2, 0, 8]
	};
}

export interface PdfColumn {
	header: string;
	/** Points, '*' (a share of what is left) or 'auto' (as wide as its content). */
	width: number | '*' | 'auto';
	align?: 'left' | 'right' | 'center';
}

/** A cell: text, or text with a style of its own (a total row in bold). */
export type PdfCell = string | { text: string; bold?: boolean };

/**
 * A ruled table whose header row repeats on every page it spans; rows are never split across pages.
 *
 * @example table([{ header: 'Peringkat', width: 44, align: 'center' }, { header: 'Badan publik', width: '*' }], [['1', 'Pemerintah Provinsi Aceh']])
 */
export function table(columns: readonly PdfColumn[], rows: readonly (readonly PdfCell[])[]): PdfContent {
	const header: TableCell[] = columns.map((c) => ({ text: c.header, bold: true, alignment: c.align ?? 'left' }));
	const cellOf = (cell: PdfCell, column: PdfColumn | undefined): TableCell => ({
		...(typeof cell === 'string' ? { text: cell } : cell),
		alignment: column?.align ?? 'left'
	});
	const body = rows.map((row) => row.map((cell, i) => cellOf(cell, columns[i])));
	return {
		table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths: columns.map((c) => c.width), body: [header, ...body] },
		layout: 'juri',
		fontSize: 8.5,
		margin: [0, 2, 0, 4]
	};
}

export interface Signer {
	/** What the person signs as ("Ketua panel", "Juri"). */
	role: string;
	/** Their name; null prints a dotted line to write it on. */
	name: string | null;
}

/**
 * Signature lines, three to a row: what the person signs as, room to sign, a line, their name
 * under it (or a dotted line to write it on). A signer's block is never split across pages.
 *
 * @example signatures([{ role: 'Ketua panel', name: 'Dr. Arif' }, { role: 'Juri', name: 'Ani' }])
 */
export function signatures(signers: readonly Signer[], options: { heading?: string; alignment?: 'left' | 'right' } = {}): PdfContent {
	const block = (s: Signer) =>
		({
			width: 165,
			unbreakable: true,
			stack: [
				{ text: s.role, margin: [0, 0, 0, 40] },
				{ canvas: [{ type: 'line', x1: 0, y1: 0, x2: 155, y2: 0, lineWidth: 0.5, lineColor: RULE }] },
				{ text: s.name ?? '(……………………………………)', bold: s.name !== null, margin: [0, 2, 0, 0] }
			],
			margin: [0, 0, 0, 16]
		}) as PdfContent;
	const rows: PdfContent[] = [];
	for (let i = 0; i < signers.length; i += 3) {
		const chunk = signers.slice(i, i + 3).map(block);
		rows.push({ columns: options.alignment === 'right' ? [{ text: '', width: '*' }, ...chunk] : chunk, columnGap: 18 });
	}
	const lead: PdfContent[] = options.heading
		? [{ text: options.heading, alignment: options.alignment ?? 'left', margin: [0, 0, 0, 8] }]
		: [];
	// A short block (one row) stays whole; a long one may break between its rows.
	return { stack: [...lead, ...rows], margin: [0, 16, 0, 0], unbreakable: signers.length <= 3 };
}

/**
 * A QR code of a link, drawn by pdfmake as vector squares (sharp at any print size, nothing fetched).
 *
 * @example qrCode('https://juri.example/join/ABCD-EFGH') // scans as that link
 */
export function qrCode(text: string, size = 120): PdfContent {
	return { ...qrNode(text, size), margin: [0, 4, 0, 4] };
}

/** Medium error correction: a printed code still scans with a fold or a smudge across it. */
const qrNode = (text: string, size: number): ContentQr => ({ qr: text, fit: size, eccLevel: 'M' });

/**
 * A seal: a QR code of `link` beside small grey lines (a results document's verification block);
 * kept whole on one page.
 *
 * @example seal(['Hasil versi 2 …; hash 9f86…', 'Ditandatangani …'], 'https://juri.example/verify?e=…')
 */
export function seal(lines: readonly string[], link: string): PdfContent {
	return {
		columns: [
			{ ...qrNode(link, 84), width: 'auto' },
			{ stack: lines.map((text) => ({ text, fontSize: 8, color: GREY, margin: [0, 1, 0, 1] })), width: '*' }
		],
		columnGap: 10,
		unbreakable: true,
		margin: [0, 6, 0, 6]
	};
}

/** Starts the next block on a new page. */
export function pageBreak(): PdfContent {
	return { text: '', pageBreak: 'after' };
}
