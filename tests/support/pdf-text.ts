/**
 * Reads a generated PDF's text back, as a person reads the page: per page, per printed line, the
 * pieces of text on that line from left to right (a table row reads as its cells). pdf.js (the
 * legacy build, which runs in Node) does the reading; tests check numbers and names, not just that
 * a file exists.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
	/** Per page, per line top to bottom, the texts of the line left to right. */
	pages: string[][][];
	/** Every line of every page, its pieces joined by " | ". */
	lines: string[];
	/** Everything, lines joined by newlines. */
	text: string;
	info: Record<string, unknown>;
}

interface Piece {
	x: number;
	y: number;
	text: string;
}

/** Pieces closer than this vertically (points) are on one line. */
const SAME_LINE = 2;

/**
 * @example const { lines } = await readPdf(bytes); expect(lines).toContain('2= | Pemerintah Provinsi Aceh | 96,50 | — | 96,50 | Informatif');
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
	const pages: string[][][] = [];
	for (let n = 1; n <= pdf.numPages; n++) {
		const page = await pdf.getPage(n);
		const content = await page.getTextContent();
		const pieces: Piece[] = [];
		for (const item of content.items) {
			if (!('str' in item) || item.str.trim() === '') continue;
			pieces.push({ x: item.transform[4], y: item.transform[5], text: item.str });
		}
		// Top of the page first; on a line, left to right.
		pieces.sort((a, b) => b.y - a.y || a.x - b.x);
		const lines: Piece[][] = [];
		for (const piece of pieces) {
			const line = lines.at(-1);
			if (line && Math.abs(line[0].y - piece.y) < SAME_LINE) line.push(piece);
			else lines.push([piece]);
		}
		pages.push(lines.map((line) => line.sort((a, b) => a.x - b.x).map((p) => p.text.trim())));
	}
	const info = (await pdf.getMetadata()).info as Record<string, unknown>;
	await pdf.destroy();
	const lines = pages.flat().map((line) => line.join(' | '));
	return { pages, lines, text: lines.join('\n'), info };
}
