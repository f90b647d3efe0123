/**
 * Reads the first worksheet of an XLSX workbook into a table, streaming: only the parts an import
 * needs are inflated (workbook, relationships, styles, shared strings, that one sheet), and every
 * limit is checked while they are read. Cells read as Excel cached them: numbers stay numbers,
 * dates become dates, formulas are read by the result Excel cached when it saved the file (nothing
 * is recalculated), rich text by its text, and a failed formula as `{ error: '#REF!' }`.
 */
import JSZip from 'jszip';
import { parseScore } from '$lib/domain/setup/body-import';
import { ImportFileError } from './errors';
import { columnNames, type CellValue, type GridRow, type ImportTable, type ReadLimits } from './table';
import { archiveEntries, readWorkbookParts } from './xlsx-parts';
import { readSheetRows, type SheetRows } from './xlsx-sheet';
import { InflatedBytes } from './xml-part';

function headerText(value: CellValue): string {
	if (value === null) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return '';
	return String(value).trim();
}

const isBlank = (values: readonly CellValue[]) => values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));

/**
 * Reads the first worksheet (in tab order); its first non-empty row is the header.
 *
 * @example const table = await readXlsx(bytes, READ_LIMITS);
 */
export async function readXlsx(bytes: Uint8Array, limits: ReadLimits): Promise<ImportTable> {
	return tableOf(await firstSheetRows(bytes, limits), limits);
}

/**
 * Every non-blank row of the first worksheet as its cells in column order, with its row number:
 * for reading back a document Juri exported (title lines above the table, notes under it), which
 * has no header in its first row.
 *
 * @example const rows = await readXlsxGrid(bytes, READ_LIMITS); // [{ line: 1, values: ['LAMPIRAN'] }, …]
 */
export async function readXlsxGrid(bytes: Uint8Array, limits: ReadLimits): Promise<GridRow[]> {
	const sheet = await firstSheetRows(bytes, limits);
	return [...sheet.keys()]
		.sort((a, b) => a - b)
		.map((line) => ({ line, values: Array.from({ length: sheet.get(line)!.width }, (_, i) => sheet.get(line)!.values[i] ?? null) }))
		.filter((row) => !isBlank(row.values));
}

async function firstSheetRows(bytes: Uint8Array, limits: ReadLimits): Promise<SheetRows> {
	let zip: JSZip;
	try {
		zip = await JSZip.loadAsync(bytes);
	} catch {
		throw new ImportFileError('unreadable_xlsx', 'The file is not a readable XLSX workbook');
	}
	const entries = archiveEntries(zip);
	const inflated = new InflatedBytes(limits.inflatedBytes);
	const parts = await readWorkbookParts(entries, inflated, limits.textChars);
	if (!parts.firstSheet) throw new ImportFileError('empty', 'The file is empty');
	return readSheetRows(entries.get(parts.firstSheet)!, parts, inflated, limits);
}

function tableOf(sheet: SheetRows, limits: ReadLimits): ImportTable {
	const numbers = [...sheet.keys()].filter((n) => sheet.get(n)!.hasValues).sort((a, b) => a - b);
	if (numbers.length === 0) throw new ImportFileError('empty', 'The file is empty');
	let headers: string[] | null = null;
	const rows: ImportTable['rows'] = [];
	for (const line of numbers) {
		const { values: cells, width } = sheet.get(line)!;
		const values = Array.from({ length: width }, (_, i) => cells[i] ?? null);
		if (isBlank(values)) continue;
		if (!headers) {
			if (values.some((v) => typeof v === 'number' || (typeof v === 'string' && parseScore(v) !== null))) {
				throw new ImportFileError('no_header', 'The first row must name the columns (a header row), not hold data');
			}
			headers = columnNames(values.map(headerText));
			continue;
		}
		// Each row becomes a record of every column: wide files cost rows × columns, not what the sheet stored.
		if ((rows.length + 1) * headers.length > limits.cells) {
			throw new ImportFileError('too_many_cells', `The file has more than ${limits.cells} cells`, { max: limits.cells });
		}
		const names = headers;
		rows.push({ line, cells: Object.fromEntries(names.map((h, c) => [h, values[c] ?? null])) });
	}
	if (!headers) throw new ImportFileError('empty', 'The file is empty');
	if (rows.length === 0) throw new ImportFileError('no_rows', 'The file has a header but no rows');
	return { format: 'xlsx', headers, rows };
}
