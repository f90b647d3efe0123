/**
 * The only way export code writes spreadsheet files: every cell, header included, goes through
 * neutraliseFormula, so no exported name can run as a formula. Exports describe their columns and
 * rows; CSV and XLSX come out of the same description. Every file is stamped with its evaluation,
 * the time and the audit head (audit-stamp.ts): an export cannot be written without one.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { STAMP_SHEET, stampCsvLine, stampProperties, stampRows, type DocumentStamp } from '../audit-stamp';
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
 * comma-separated, quoted where a value needs it, and the stamp as a `#` comment last line.
 *
 * @example const csv = csvFile([{ key: 'body', header: 'Badan publik' }], [{ body: 'Pemerintah Provinsi Aceh' }], stamp);
 */
export function csvFile<R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], rows: readonly R[], stamp: DocumentStamp): string {
	const table = Papa.unparse({ fields: columns.map(headerOf), data: rows.map((row) => cellsOf(columns, row)) });
	return `\uFEFF${table}\r\n${stampCsvLine(stamp)}\r\n`;
}

/**
 * An XLSX workbook, one sheet per entry: a bold, frozen header row and sized columns. Numbers are
 * written as numbers, texts as texts. The stamp goes into the document properties and a last
 * sheet, 'Info'.
 *
 * @example const bytes = await xlsxFile([{ name: 'Jadwal', columns, rows }], stamp);
 */
export async function xlsxFile<R extends ExportRow<R>>(sheets: readonly ExportSheet<R>[], stamp: DocumentStamp): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	Object.assign(workbook, stampProperties(stamp));
	for (const { name, columns, rows } of sheets) {
		const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = columns.map((c) => ({ header: headerOf(c), key: c.key, width: c.width }));
		sheet.getRow(1).font = { bold: true };
		sheet.addRows(rows.map((row) => cellsOf(columns, row)));
	}
	const info = workbook.addWorksheet(STAMP_SHEET);
	info.columns = [{ width: 16 }, { width: 90 }];
	info.addRows(stampRows(stamp).map((row) => row.map(neutraliseFormula)));
	info.getColumn(1).font = { bold: true };
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
