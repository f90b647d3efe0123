/**
 * Reads a PDF's text back as a person reads the page: per page, per printed line (top to bottom),
 * the pieces of text on that line from left to right with where each starts, so a table row reads
 * as its cells. pdf.js (the legacy build, which runs in Node) does the reading. The verification
 * page reads an uploaded decree annex with it (on a worker, see `read-pdf.ts`); tests read the
 * documents Juri generates with it.
 */
export interface PdfPiece {
	/** Where the piece starts on its line, in points from the page's left edge. */
	x: number;
	text: string;
}

export interface PdfTextPages {
	/** Per page, per line top to bottom, the pieces of the line left to right. */
	pages: PdfPiece[][][];
	/** The document's information dictionary (title, author, dates). */
	info: Record<string, unknown>;
}

/** Pieces closer than this vertically (points) are on one line. */
const SAME_LINE = 2;

/** A PDF that pdf.js cannot open, or one with more pages than the reader accepts. */
export class PdfTextError extends Error {
	constructor(
		readonly problem: 'unreadable' | 'too_many_pages',
		message: string
	) {
		super(message);
		this.name = 'PdfTextError';
	}
}

/**
 * @example const { pages } = await readPdfText(bytes); pages[0][3].map((p) => p.text) // ['2=', 'Pemerintah Provinsi Aceh', '96,50', '—', '96,50', 'Informatif']
 */
export async function readPdfText(bytes: Uint8Array, maxPages = Infinity): Promise<PdfTextPages> {
	// Loaded on first use: the import worker that reads spreadsheets never pays for pdf.js.
	const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
	// No eval, no system fonts, no font loading: a hostile file gets a parser and nothing else.
	const loading = getDocument({
		data: new Uint8Array(bytes),
		isEvalSupported: false,
		useSystemFonts: false,
		disableFontFace: true,
		verbosity: 0
	});
	const pdf = await loading.promise.catch((e: unknown) => {
		throw new PdfTextError('unreadable', `Not a readable PDF: ${e instanceof Error ? e.message : String(e)}`);
	});
	try {
		if (pdf.numPages > maxPages) throw new PdfTextError('too_many_pages', `The PDF has more than ${maxPages} pages`);
		const pages: PdfPiece[][][] = [];
		for (let n = 1; n <= pdf.numPages; n++) {
			const content = await (await pdf.getPage(n)).getTextContent();
			const pieces: (PdfPiece & { y: number })[] = [];
			for (const item of content.items) {
				if (!('str' in item) || item.str.trim() === '') continue;
				pieces.push({ x: item.transform[4], y: item.transform[5], text: item.str.trim() });
			}
			// Top of the page first; on a line, left to right.
			pieces.sort((a, b) => b.y - a.y || a.x - b.x);
			const lines: (PdfPiece & { y: number })[][] = [];
			for (const piece of pieces) {
				const line = lines.at(-1);
				if (line && Math.abs(line[0].y - piece.y) < SAME_LINE) line.push(piece);
				else lines.push([piece]);
			}
			pages.push(lines.map((line) => line.sort((a, b) => a.x - b.x).map(({ x, text }) => ({ x, text }))));
		}
		const info = (await pdf.getMetadata()).info as Record<string, unknown>;
		return { pages, info };
	} finally {
		await pdf.destroy();
	}
}
