/**
 * Reads a decree annex Juri exported back into rows, as its reader sees them, so the verification
 * page can compare them with the version as published: from the XLSX (the grid of its first
 * sheet) or from the PDF (its text, line by line). Each row is the category, the body and the
 * five printed fields, as text; the hash the document prints names the version it claims to be.
 */
import type { RowField } from '$lib/shared/verification';
import { scoreText } from '$lib/shared/results-text';
import type { GridRow } from '../import/read-table';
import type { PdfPiece } from './pdf-text';

export interface AnnexDocumentRow {
	category: string;
	body: string;
	fields: Record<RowField, string>;
}

const HASH_IN_TEXT = /\bhash ([0-9a-f]{64})\b/;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value).trim());
/** A score as the annex prints it (two decimals, Indonesian comma); an empty cell or a text as it stands. */
export const shownScore = (value: unknown) => (typeof value === 'number' ? scoreText(value, 'id') : text(value) || '—');

/** The version's hash as the workbook prints it, in its identity line ("…; hash 9f86…; …"). */
export function hashInGrid(grid: GridRow[]): string | null {
	for (const { values } of grid) {
		for (const value of values) {
			const match = typeof value === 'string' ? HASH_IN_TEXT.exec(value) : null;
			if (match) return match[1];
		}
	}
	return null;
}

/** The workbook's table rows: the rows under its header (seven named columns) that carry a body. */
export function annexRowsFromGrid(grid: GridRow[]): AnnexDocumentRow[] {
	const header = grid.findIndex((r) => r.values.length >= 7 && r.values.slice(0, 7).every((v) => typeof v === 'string' && v.trim() !== ''));
	if (header < 0) return [];
	const rows: AnnexDocumentRow[] = [];
	for (const { values } of grid.slice(header + 1)) {
		// The table ends where the notes begin: a line with one cell.
		if (values.filter((v) => text(v) !== '').length < 3) break;
		rows.push({
			category: text(values[0]),
			body: text(values[2]),
			fields: {
				rank: text(values[1]),
				prior: shownScore(values[3]),
				presentation: shownScore(values[4]),
				final: shownScore(values[5]),
				qualification: text(values[6])
			}
		});
	}
	return rows;
}

/** The version's hash as the PDF prints it: its identity line may wrap, so the lines are read as one text. */
export function hashInPdf(pages: PdfPiece[][][]): string | null {
	const all = pages.flatMap((page) => page.map((line) => line.map((p) => p.text).join(' '))).join(' ');
	return HASH_IN_TEXT.exec(all)?.[1] ?? null;
}

/** "A. PEMERINTAH PROVINSI": a section of the annex, one per category (letters A … Z, AA …). */
const SECTION = /^[A-Z]{1,2}\. (.+)$/;
/** A table row's first cell: its rank, "2=" when shared. */
const RANK = /^\d+=?$/;
/** Horizontal slack (points) when a wrapped line's text is matched to the column it continues. */
const SLACK = 1.5;

/** A row read from the PDF whose body or qualification may still wrap onto the next line. */
interface OpenRow {
	row: AnnexDocumentRow;
	bodyX: number;
	priorX: number;
	qualificationX: number;
}

/** Which wrapping column of the open row a piece on a following line continues, if any. */
function columnOf(piece: PdfPiece, open: OpenRow): 'body' | 'qualification' | null {
	if (piece.x >= open.bodyX - SLACK && piece.x < open.priorX) return 'body';
	return Math.abs(piece.x - open.qualificationX) <= SLACK ? 'qualification' : null;
}

/**
 * The PDF's table rows. A row begins on a line whose first piece is a rank and which has at least
 * six pieces (rank, body, three scores, qualification); a body or qualification too long for its
 * column wraps onto the lines below, which start at that column. A section heading names the
 * category of the rows under it: `categories` are the names the version has, matched as printed
 * (in capitals), so a row keeps the category's own name; a heading matching none keeps its text,
 * and its rows then differ from every published one.
 *
 * @example annexRowsFromPdf(pages, ['Pemerintah Provinsi'])[0] // { category: 'Pemerintah Provinsi', body: 'Pemerintah Provinsi Jawa Tengah', fields: { rank: '1', prior: '95,80', presentation: '—', final: '95,80', qualification: 'Informatif' } }
 */
export function annexRowsFromPdf(pages: PdfPiece[][][], categories: string[]): AnnexDocumentRow[] {
	const byHeading = new Map(categories.map((name) => [name.toLocaleUpperCase('id'), name]));
	const rows: AnnexDocumentRow[] = [];
	let category = '';
	let open: OpenRow | null = null;
	for (const line of pages.flat()) {
		const section = line.length === 1 ? SECTION.exec(line[0].text) : null;
		if (section) {
			category = byHeading.get(section[1]) ?? section[1];
			open = null;
		} else if (line.length >= 6 && RANK.test(line[0].text)) {
			const n = line.length;
			const body = line
				.slice(1, n - 4)
				.map((p) => p.text)
				.join(' ');
			const [prior, presentation, final, qualification] = line.slice(n - 4).map((p) => p.text);
			const row = { category, body, fields: { rank: line[0].text, prior, presentation, final, qualification } };
			rows.push(row);
			open = { row, bodyX: line[1].x, priorX: line[n - 4].x, qualificationX: line[n - 1].x };
		} else if (open && line.every((p) => columnOf(p, open!) !== null)) {
			for (const piece of line) {
				if (columnOf(piece, open) === 'body') open.row.body += ` ${piece.text}`;
				else open.row.fields.qualification += ` ${piece.text}`;
			}
		} else {
			open = null;
		}
	}
	return rows;
}
