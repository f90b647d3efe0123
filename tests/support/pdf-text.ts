/**
 * Reads a generated PDF's text back for a test, as lines of text: tests check numbers and names,
 * not just that a file exists. The reading itself is the app's own (`readPdfText`), the one the
 * verification page reads an uploaded annex with.
 */
import { readPdfText } from '../../src/lib/server/documents/pdf-text';

export interface PdfText {
	/** Per page, per line top to bottom, the texts of the line left to right. */
	pages: string[][][];
	/** Every line of every page, its pieces joined by " | ". */
	lines: string[];
	/** Everything, lines joined by newlines. */
	text: string;
	info: Record<string, unknown>;
}

/**
 * @example const { lines } = await readPdf(bytes); expect(lines).toContain('2= | Pemerintah Provinsi Aceh | 96,50 | — | 96,50 | Informatif');
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfText> {
	const read = await readPdfText(bytes);
	const pages = read.pages.map((page) => page.map((line) => line.map((piece) => piece.text)));
	const lines = pages.flat().map((line) => line.join(' | '));
	return { pages, lines, text: lines.join('\n'), info: read.info };
}
