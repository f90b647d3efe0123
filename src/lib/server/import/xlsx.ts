import ExcelJS from 'exceljs';
import { parseScore } from '$lib/domain/setup/body-import';
import { ImportFileError } from './errors';
import { columnNames, MAX_ROWS, type ImportTable } from './table';

/** A cell's value as validation reads it: numbers stay numbers, dates stay dates, a failed formula is `{ error }`. */
export type CellValue = string | number | boolean | Date | { error: string } | null;

/**
 * What a spreadsheet cell holds, as validation expects it. Formulas are read by the result Excel
 * cached when it saved the file (nothing is recalculated); rich text and hyperlinks by their text.
 */
export function cellValue(value: ExcelJS.CellValue): CellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
	if ('error' in value) return { error: String(value.error) };
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('formula' in value || 'sharedFormula' in value) {
		const result = (value as { result?: ExcelJS.CellValue }).result;
		return result === undefined ? { error: 'no cached result' } : cellValue(result);
	}
	if ('text' in value) return typeof value.text === 'string' ? value.text : cellValue(value.text);
	return null;
}

function headerText(value: CellValue): string {
	if (value === null) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return '';
	return String(value).trim();
}

/** Reads the first worksheet of an XLSX workbook; its first non-empty row is the header. */
export async function readXlsx(bytes: Uint8Array): Promise<ImportTable> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
	} catch {
		throw new ImportFileError('unreadable_xlsx', 'The file is not a readable XLSX workbook');
	}
	const sheet = workbook.worksheets[0];
	if (!sheet || sheet.actualRowCount === 0) throw new ImportFileError('empty', 'The file is empty');
	if (sheet.actualRowCount > MAX_ROWS + 1)
		throw new ImportFileError('too_many_rows', `The file has more than ${MAX_ROWS} rows`, { max: MAX_ROWS });

	let headers: string[] | null = null;
	const rows: ImportTable['rows'] = [];
	sheet.eachRow({ includeEmpty: false }, (row, line) => {
		const values: CellValue[] = [];
		row.eachCell({ includeEmpty: true }, (cell, column) => {
			values[column - 1] = cellValue(cell.value);
		});
		if (values.every((v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))) return;
		if (!headers) {
			const cells = Array.from(values, headerText);
			if (Array.from(values).some((v) => typeof v === 'number' || (typeof v === 'string' && parseScore(v) !== null))) {
				throw new ImportFileError('no_header', 'The first row must name the columns (a header row), not hold data');
			}
			headers = columnNames(cells);
			return;
		}
		const names = headers;
		rows.push({ line, cells: Object.fromEntries(names.map((h, c) => [h, values[c] ?? null])) });
	});
	if (!headers) throw new ImportFileError('empty', 'The file is empty');
	if (rows.length === 0) throw new ImportFileError('no_rows', 'The file has a header but no rows');
	return { format: 'xlsx', headers, rows };
}
