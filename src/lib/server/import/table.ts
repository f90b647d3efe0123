import type { ImportRow } from '$lib/domain/setup/body-import';

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

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;

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
