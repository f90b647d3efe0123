/**
 * One worksheet's cells, streamed: each `<c>` becomes the value a cell shows, counted against the
 * reading's limits as it is met (cells, rows with values, text length), so a hostile sheet is
 * refused before it is kept. Values follow what exceljs's full loader gave imports before (kept by
 * tests/unit/server/import/xlsx-reader.test.ts), with deliberate differences: a formula's cached
 * result of 0, FALSE or "" is that result (exceljs reported "no cached result"); hyperlinks are not
 * looked up (exceljs only turned a hyperlinked formula without a result into an empty cell); rows
 * and cells without their optional `r` attribute are read (exceljs dropped or refused them); and a
 * column past XFD is refused (exceljs tried to allocate it).
 */
import type JSZip from 'jszip';
import { ImportFileError } from './errors';
import { checkTextLength, decodeExcelEscapes, type WorkbookParts } from './xlsx-parts';
import { MAX_ROWS, type CellValue, type ReadLimits } from './table';
import { readXmlPart, type InflatedBytes } from './xml-part';

/** A row as read: values by column (holes are empty cells), and whether any cell holds a value. */
export interface SheetRow {
	values: CellValue[];
	/** Columns the row spans, counting styled empty cells and merged areas. */
	width: number;
	hasValues: boolean;
}

/** Rows by their number (1-based), in no particular order. */
export type SheetRows = Map<number, SheetRow>;

interface Range {
	top: number;
	left: number;
	bottom: number;
	right: number;
}

const MAX_COLUMN = 16_384; // XFD, Excel's last column
const unreadable = (why: string) => new ImportFileError('unreadable_xlsx', `The file is not a readable XLSX workbook: ${why}`);

function columnOf(letters: string): number {
	let column = 0;
	for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
	if (column > MAX_COLUMN) throw unreadable(`column ${letters} is past XFD`);
	return column;
}

/** "B3" or "$B$3" → { row: 3, column: 2 }. */
function decodeAddress(reference: string): { row: number; column: number } {
	const match = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(reference.trim());
	if (!match) throw unreadable(`bad cell reference ${reference}`);
	return { row: Number(match[2]), column: columnOf(match[1]) };
}

function decodeRange(reference: string): Range {
	const [from, to = from] = reference.split(':').map(decodeAddress);
	return {
		top: Math.min(from.row, to.row),
		left: Math.min(from.column, to.column),
		bottom: Math.max(from.row, to.row),
		right: Math.max(from.column, to.column)
	};
}

const overlaps = (a: Range, b: Range) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** The XML escapes exceljs decoded a second time in plain formula strings (`t="str"`). */
const xmlDecode = (text: string) =>
	text.replace(/&([a-z]*);/g, (entity) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[entity] ?? entity);

// Any cached result of a date-formatted formula is converted, as exceljs did (a text becomes an invalid date).
const excelToDate = (serial: unknown, date1904: boolean) =>
	new Date(Math.round(((serial as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

/** A `<c>` element being read. */
interface CellXml {
	reference?: string;
	type?: string;
	style: number;
	formula: string;
	/** `<f t="shared">` (or array): a formula even without text of its own. */
	typedFormula: boolean;
	/** Text of `<v>`, or of `<is><t>`; undefined while there is none. */
	text?: string;
	/** A `<v>` was there, even empty: an empty one is a formula's cached empty string. */
	hasValueElement: boolean;
	runs?: string[];
}

/**
 * Reads the rows of one worksheet, merged areas applied (every cell of an area shows the value of
 * its top-left cell).
 *
 * @example const rows = await readSheetRows(entries.get(parts.firstSheet)!, parts, inflated, READ_LIMITS);
 */
export async function readSheetRows(
	entry: JSZip.JSZipObject,
	parts: WorkbookParts,
	inflated: InflatedBytes,
	limits: ReadLimits
): Promise<SheetRows> {
	const rows: SheetRows = new Map();
	const merges: Range[] = [];
	let cells = 0;
	let rowsWithValues = 0;
	const countCells = (count: number) => {
		cells += count;
		if (cells > limits.cells)
			throw new ImportFileError('too_many_cells', `The sheet has more than ${limits.cells} cells`, { max: limits.cells });
	};
	// A later row of the same number replaces the earlier one; a row without cells is not kept.
	const putRow = (number: number, row: SheetRow) => {
		rowsWithValues += Number(row.hasValues) - Number(rows.get(number)?.hasValues ?? false);
		if (row.width > 0) rows.set(number, row);
		else rows.delete(number);
		if (rowsWithValues > MAX_ROWS + 1)
			throw new ImportFileError('too_many_rows', `The file has more than ${MAX_ROWS} rows`, { max: MAX_ROWS });
	};

	let inSheetData = false;
	let rowNumber = 0;
	let row: SheetRow | null = null;
	let lastColumn = 0;
	let cell: CellXml | null = null;
	let into: 'formula' | 'text' | 'run' | null = null;
	let run: string[] | null = null;

	function cellValue(c: CellXml): CellValue | undefined {
		const isDate = c.style > 0 && parts.dateStyles.has(c.style);
		const text = c.runs ? c.runs.join('') : c.text;
		if (c.formula || c.typedFormula) {
			let result: CellValue | undefined;
			if (text !== undefined) {
				result =
					c.type === 'str'
						? xmlDecode(text)
						: c.type === 'b'
							? parseInt(text, 10) !== 0
							: c.type === 'e'
								? { error: text }
								: parseFloat(text);
			} else if (c.hasValueElement && c.type === 'str') result = '';
			if (result === undefined) return { error: 'no cached result' };
			return isDate ? excelToDate(result, parts.date1904) : result;
		}
		if (text === undefined) return undefined;
		switch (c.type) {
			case 's': {
				const index = parseInt(text, 10);
				if (!parts.sharedStrings) return index;
				if (!(index in parts.sharedStrings)) throw unreadable(`shared string ${text} does not exist`);
				return parts.sharedStrings[index];
			}
			case 'str':
				return xmlDecode(text);
			case 'inlineStr':
				return text;
			case 'b':
				return parseInt(text, 10) !== 0;
			case 'e':
				return { error: text };
			default:
				return isDate ? excelToDate(parseFloat(text), parts.date1904) : parseFloat(text);
		}
	}

	await readXmlPart(entry, inflated, {
		open(name, attributes) {
			if (name === 'sheetData') inSheetData = true;
			else if (name === 'row' && inSheetData) {
				// `r` may be left out, meaning the next row; a garbled one is skipped, as exceljs did.
				rowNumber = attributes.r === undefined ? rowNumber + 1 : parseInt(attributes.r, 10);
				row = { values: [], width: 0, hasValues: false };
				lastColumn = 0;
			} else if (name === 'c' && row) {
				countCells(1);
				cell = {
					reference: attributes.r,
					type: attributes.t,
					style: parseInt(attributes.s, 10) || 0,
					formula: '',
					typedFormula: false,
					hasValueElement: false
				};
			} else if (cell) {
				if (name === 'f') {
					into = 'formula';
					cell.typedFormula = !!attributes.t;
				} else if (name === 'v') {
					into = 'text';
					cell.hasValueElement = true;
				} else if (name === 'r') run = [];
				else if (name === 't') into = run ? 'run' : 'text';
			} else if (name === 'mergeCell' && attributes.ref) merges.push(decodeRange(attributes.ref));
		},
		text(text) {
			if (!cell || !into) return;
			if (into === 'formula') cell.formula += text;
			else if (into === 'run') run!.push(text);
			else cell.text = (cell.text ?? '') + text;
		},
		close(name) {
			if (name === 'sheetData') inSheetData = false;
			else if (name === 'row' && row) {
				if (Number.isInteger(rowNumber) && rowNumber >= 1) putRow(rowNumber, row);
				row = null;
			} else if (name === 'c' && cell && row) {
				const value = cellValue(cell);
				const column = cell.reference ? decodeAddress(cell.reference).column : lastColumn + 1;
				// A cell with neither a value nor a style is not a cell at all (it does not widen its row).
				if (value !== undefined || cell.style > 0) {
					if (typeof value === 'string') checkTextLength(value, limits.textChars);
					row.values[column - 1] = value ?? null;
					row.width = Math.max(row.width, column);
					row.hasValues ||= value !== undefined;
					lastColumn = column;
				}
				cell = null;
			} else if (name === 'r' && run && cell) {
				(cell.runs ??= []).push(decodeExcelEscapes(run.join('')));
				run = null;
			} else if (name === 'f' || name === 'v' || name === 't' || name === 'is') into = null;
		}
	});
	applyMerges(rows, merges, countCells, putRow);
	return rows;
}

/** Every cell of a merged area but its top-left one shows the top-left cell's value, and counts as a value. */
function applyMerges(rows: SheetRows, merges: Range[], countCells: (n: number) => void, putRow: (number: number, row: SheetRow) => void) {
	merges.forEach((merge, i) => {
		if (merges.slice(0, i).some((earlier) => overlaps(earlier, merge))) throw unreadable('merged areas overlap');
		countCells((merge.bottom - merge.top + 1) * (merge.right - merge.left + 1));
	});
	const rowAt = (number: number) => rows.get(number) ?? { values: [], width: 0, hasValues: false };
	for (const merge of merges) {
		const masterRow = rowAt(merge.top);
		const master = masterRow.values[merge.left - 1] ?? null;
		masterRow.width = Math.max(masterRow.width, merge.left);
		putRow(merge.top, masterRow);
		for (let number = merge.top; number <= merge.bottom; number++) {
			const row = rowAt(number);
			for (let column = merge.left; column <= merge.right; column++) {
				if (number === merge.top && column === merge.left) continue;
				row.values[column - 1] = master;
				row.hasValues = true;
			}
			row.width = Math.max(row.width, merge.right);
			putRow(number, row);
		}
	}
}
