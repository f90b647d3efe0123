import type { ImportRow } from '$lib/domain/setup/body-import';

/** A cell's value as validation reads it: numbers stay numbers, dates stay dates, a failed formula is `{ error }`. */
export type CellValue = string | number | boolean | Date | { error: string } | null;

/** A spreadsheet read into a header row and data rows, whatever its format. */
export interface ImportTable {
	format: 'csv' | 'xlsx';
	/** CSV only: what was detected, shown in the preview so a wrong guess is visible. */
	encoding?: 'utf-8' | 'utf-16' | 'windows-1252';
	delimiter?: string;
	headers: string[];
	/** Non-empty data rows; `line` is the row number a spreadsheet program shows (header = its own line). */
	rows: ImportRow[];
}

/** A row of a sheet read as a grid: its number as a spreadsheet shows it, and its cells in column order. */
export interface GridRow {
	line: number;
	values: CellValue[];
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;

/**
 * What reading one file may cost, checked while it is read: a 5 MB upload can still unpack to
 * gigabytes (a zip bomb) or to millions of cells. Generous for real files: 20,000 rows of 25
 * columns unpack to about 30 MB of XML.
 */
export interface ReadLimits {
	/** Bytes inflated from the parts of a workbook that are read, counted as they stream (a zip's declared sizes can lie). */
	inflatedBytes: number;
	/** Cells in the sheet read, and in the table built from it (rows × columns). */
	cells: number;
	/** Characters in one text of a workbook: Excel's own limit for a cell. */
	textChars: number;
	/** Pages of a PDF read back: a decree annex of 500 bodies has about 20. */
	pages: number;
}

export const READ_LIMITS: ReadLimits = { inflatedBytes: 100 * 1024 * 1024, cells: 500_000, textChars: 32_767, pages: 100 };

/**
 * Header cells become column names: blanks get a positional name and repeats a suffix, so every
 * column can be mapped and none silently shadows another.
 */
export function columnNames(cells: readonly string[]): string[] {
	const seen = new Map<string, number>();
	return cells.map((cell, i) => {
		const base = cell.trim() || `(${i + 1})`;
		const count = (seen.get(base) ?? 0) + 1;
		seen.set(base, count);
		return count === 1 ? base : `${base} (${count})`;
	});
}
