/**
 * The reference for the streaming XLSX reader: imports' XLSX reading as it was before issue 7
 * (exceljs's full loader and the code that shaped its cells into a table). Tests compare the new
 * reader to it; the import benchmark times it as "before".
 */
import ExcelJS from 'exceljs';
import { parseScore } from '$lib/domain/setup/body-import';
import type { FileProblem } from '$lib/server/import/errors';
import { columnNames, type CellValue, type ImportTable } from '$lib/server/import/table';

function exceljsCell(value: ExcelJS.CellValue): CellValue {
	if (value === null || value === undefined) return null;
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
	if ('error' in value) return { error: String(value.error) };
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('formula' in value || 'sharedFormula' in value) {
		const result = (value as { result?: ExcelJS.CellValue }).result;
		return result === undefined ? { error: 'no cached result' } : exceljsCell(result);
	}
	if ('text' in value) return typeof value.text === 'string' ? value.text : exceljsCell(value.text);
	return null;
}

/**
 * Reads a workbook the way imports did before: exceljs's full loader, the whole workbook in
 * memory, on the calling thread; answers the table or the problem that refused the file.
 */
export async function readWithExceljs(bytes: Uint8Array): Promise<ImportTable | FileProblem> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
	} catch {
		return 'unreadable_xlsx';
	}
	const sheet = workbook.worksheets[0];
	if (!sheet || sheet.actualRowCount === 0) return 'empty';
	let headers: string[] | null = null;
	const rows: ImportTable['rows'] = [];
	let problem: FileProblem | null = null;
	sheet.eachRow({ includeEmpty: false }, (row, line) => {
		const values: CellValue[] = [];
		row.eachCell({ includeEmpty: true }, (c, column) => {
			values[column - 1] = exceljsCell(c.value);
		});
		if (problem || values.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) return;
		if (!headers) {
			if (values.some((v) => typeof v === 'number' || (typeof v === 'string' && parseScore(v) !== null))) problem = 'no_header';
			const text = (v: CellValue) =>
				v === null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? '' : String(v).trim();
			headers = columnNames(values.map(text));
			return;
		}
		const names = headers;
		rows.push({ line, cells: Object.fromEntries(names.map((h, c) => [h, values[c] ?? null])) });
	});
	if (problem) return problem;
	if (!headers) return 'empty';
	return rows.length === 0 ? 'no_rows' : { format: 'xlsx', headers, rows };
}
