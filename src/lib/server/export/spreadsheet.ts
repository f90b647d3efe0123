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
	/** XLSX number format of the column's cells, e.g. '0.00' (scores as published); the value stays a number. */
	numFmt?: string;
	/**
	 * The column holds readings of the event's clocks (Dates, see ExportValue): XLSX stores them as
	 * real spreadsheet dates shown as a date or a time of day, CSV writes them as ISO text
	 * (2026-11-28, 08:30).
	 */
	clock?: 'date' | 'time';
}

/** How a clock column shows in a spreadsheet, and how CSV writes it (the ISO text of its UTC fields). */
const CLOCK_FORMATS = {
	date: { numFmt: 'yyyy-mm-dd', csv: (d: Date) => d.toISOString().slice(0, 10) },
	time: { numFmt: 'hh:mm', csv: (d: Date) => d.toISOString().slice(11, 16) }
} as const;

export interface ExportSheet<R extends ExportRow<R>> {
	/** The XLSX sheet's tab name (at most 31 characters, none of : \ / ? * [ ]). */
	name: string;
	columns: readonly ExportColumn<R>[];
	rows: readonly R[];
	/** Lines above the table (a document's title block), bold; a blank row separates them from the header. */
	title?: readonly string[];
	/** Lines under the table (a legend, the method), after a blank row. */
	notes?: readonly string[];
}

const headerOf = <R>(column: ExportColumn<R>) => neutraliseFormula(column.header ?? column.key);
const cellsOf = <R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], row: R) => columns.map((c) => neutraliseFormula(row[c.key]));
/** A CSV has no dates: a clock reading becomes its ISO text. */
const csvCellsOf = <R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], row: R) =>
	cellsOf(columns, row).map((cell, i) => (cell instanceof Date ? CLOCK_FORMATS[columns[i].clock ?? 'date'].csv(cell) : cell));

/**
 * A CSV file: UTF-8 with a byte-order mark (so Excel reads Indonesian names right), a header row,
 * comma-separated, quoted where a value needs it, clock readings as ISO text, and the stamp as a `#` comment last line.
 *
 * @example const csv = csvFile([{ key: 'body', header: 'Badan publik' }], [{ body: 'Pemerintah Provinsi Aceh' }], stamp);
 */
export function csvFile<R extends ExportRow<R>>(columns: readonly ExportColumn<R>[], rows: readonly R[], stamp: DocumentStamp): string {
	const table = Papa.unparse({ fields: columns.map(headerOf), data: rows.map((row) => csvCellsOf(columns, row)) });
	return `\uFEFF${table}\r\n${stampCsvLine(stamp)}\r\n`;
}

/**
 * An XLSX workbook, one sheet per entry: its title lines if any, a bold, frozen header row with a
 * filter, sized and formatted columns, the rows, then its notes. Numbers are written as numbers,
 * clock readings as real dates (date or time format), texts as texts; titles and notes are cells like the others (neutralised). The stamp goes into the
 * document properties and a last sheet, 'Info'.
 *
 * @example const bytes = await xlsxFile([{ name: 'Jadwal', columns, rows }], stamp);
 */
export async function xlsxFile<R extends ExportRow<R>>(sheets: readonly ExportSheet<R>[], stamp: DocumentStamp): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	Object.assign(workbook, stampProperties(stamp));
	for (const { name, columns, rows, title = [], notes = [] } of sheets) {
		const headerRow = title.length > 0 ? title.length + 2 : 1;
		const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow }] });
		sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
		for (const line of title) sheet.addRow([neutraliseFormula(line)]).font = { bold: true };
		if (title.length > 0) sheet.addRow([]);
		const header = sheet.addRow(columns.map(headerOf));
		header.font = { bold: true };
		sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
		const added = sheet.addRows(rows.map((row) => cellsOf(columns, row)));
		columns.forEach((c, i) => {
			const numFmt = c.clock ? CLOCK_FORMATS[c.clock].numFmt : c.numFmt;
			if (numFmt) for (const row of added) row.getCell(i + 1).numFmt = numFmt;
		});
		if (notes.length > 0) sheet.addRow([]);
		for (const line of notes) sheet.addRow([neutraliseFormula(line)]);
	}
	const info = workbook.addWorksheet(STAMP_SHEET);
	info.columns = [{ width: 16 }, { width: 90 }];
	info.addRows(stampRows(stamp).map((row) => row.map(neutraliseFormula)));
	info.getColumn(1).font = { bold: true };
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
