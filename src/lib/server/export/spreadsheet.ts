/**
 * The only way export code writes spreadsheet files: every cell, header included, goes through
 * neutraliseFormula, so no exported name can run as a formula. Exports describe their columns and
 * rows; CSV and XLSX come out of the same description.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { neutraliseFormula, type ExportValue } from './neutralise';

/** A row of an export: an object whose columns hold texts or numbers. */
export type ExportRow<R> = { [K in keyof R]: ExportValue };

export interface ExportColumn<R> {
	key: keyof R & string;
	/** Header text; the key when absent. */
	header?: string;
	/** XLSX column width, in characters. */
	width?: number;
}

export interface ExportSheet<R extends ExportRow<R>> {
	/** The XLSX sheet's tab name (at most 31 characters, none of : \ / ? * [ ]). */
	name: string;
	columns: readonly ExportColumn<R>[];
	rows: readonly R[];
}

const headerOf = <R>(column: ExportColumn<R>) => neutraliseFormula(column.header ?? column.key);
const cellsOf = <R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], row: R) => columns.map((c) => neutraliseFormula(row[c.key]));

/**
 * A CSV file: UTF-8 with a byte-order mark (so Excel reads Indonesian names right), a header row,
 * comma-separated, quoted where a value needs it.
 *
 * @example const csv = csvFile([{ key: 'body', header: 'Badan publik' }], [{ body: 'Pemerintah Provinsi Aceh' }]);
 */
export function csvFile<R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], rows: readonly R[]): string {
	return '\uFEFF' + Papa.unparse({ fields: columns.map(headerOf), data: rows.map((row) => cellsOf(columns, row)) });
}

/**
 * An XLSX workbook, one sheet per entry: a bold, frozen header row and sized columns. Numbers are
 * written as numbers, texts as texts.
 *
 * @example const bytes = await xlsxFile([{ name: 'Jadwal', columns, rows }]);
 */
export async function xlsxFile<R extends ExportRow<R>>(sheets: readonly ExportSheet<R>[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	for (const { name, columns, rows } of sheets) {
		const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = columns.map((c) => ({ header: headerOf(c), key: c.key, width: c.width }));
		sheet.getRow(1).font = { bold: true };
		sheet.addRows(rows.map((row) => cellsOf(columns, row)));
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
