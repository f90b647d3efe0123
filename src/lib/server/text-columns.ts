/**
 * Lines of a plain-text table for a terminal: each column as wide as its widest cell, so a long
 * body's name pushes the next columns right instead of out of line. The last column is not padded
 * (no trailing spaces).
 *
 * @example textColumns([['Chair', 'Ani'], ['Juror', 'Budi Santoso']]) // ['Chair Ani', 'Juror Budi Santoso']
 */
export function textColumns(rows: readonly (readonly string[])[], indent = ''): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
	return rows.map(
		(row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  ')
	);
}
