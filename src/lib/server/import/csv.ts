import Papa from 'papaparse';
import { parseScore } from '$lib/domain/setup/body-import';
import { decodeText } from './decode';
import { ImportFileError } from './errors';
import { columnNames, MAX_ROWS, type ImportTable } from './table';

/**
 * Reads a CSV file: the encoding is detected (see decodeText), the delimiter guessed between comma,
 * semicolon (Indonesian Excel writes "96,50;…") and tab, and the first non-empty line is the header.
 */
export function readCsv(bytes: Uint8Array): ImportTable {
	const { text, encoding } = decodeText(bytes);
	if (text.trim() === '') throw new ImportFileError('empty', 'The file is empty');
	const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t'], skipEmptyLines: false });
	const broken = parsed.errors.find((e) => e.type === 'Quotes');
	if (broken) {
		const line = (broken.row ?? 0) + 1;
		throw new ImportFileError('malformed_csv', `Line ${line}: a quoted value is not closed`, { line });
	}
	const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');
	const headerIndex = parsed.data.findIndex((cells) => !isBlank(cells));
	const headerCells = parsed.data[headerIndex];
	// A first line of data instead of names (a score where a header belongs) would map nonsense.
	if (headerCells.some((cell) => cell.trim() !== '' && parseScore(cell) !== null)) {
		throw new ImportFileError('no_header', 'The first line must name the columns (a header row), not hold data');
	}
	const headers = columnNames(headerCells);
	const rows: ImportTable['rows'] = [];
	for (let i = headerIndex + 1; i < parsed.data.length; i++) {
		const cells = parsed.data[i];
		if (isBlank(cells)) continue;
		if (rows.length === MAX_ROWS) throw new ImportFileError('too_many_rows', `The file has more than ${MAX_ROWS} rows`, { max: MAX_ROWS });
		rows.push({ line: i + 1, cells: Object.fromEntries(headers.map((h, c) => [h, cells[c] ?? ''])) });
	}
	if (rows.length === 0) throw new ImportFileError('no_rows', 'The file has a header but no rows');
	return { format: 'csv', encoding, delimiter: parsed.meta.delimiter, headers, rows };
}
