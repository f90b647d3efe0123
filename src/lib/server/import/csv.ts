import Papa from 'papaparse';
import { parseScore } from '$lib/domain/setup/body-import';
import { decodeText } from './decode';
import { ImportFileError } from './errors';
import { columnNames, MAX_ROWS, type ImportTable, type ReadLimits } from './table';

/**
 * Reads a CSV file: the encoding is detected (see decodeText), the delimiter guessed between comma,
 * semicolon (Indonesian Excel writes "96,50;…") and tab, and the first non-empty line is the header.
 *
 * @example const table = readCsv(new TextEncoder().encode('category,name\nPTN,Universitas Riau'), READ_LIMITS);
 */
export function readCsv(bytes: Uint8Array, limits: ReadLimits): ImportTable {
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
	// Only delimiters and spaces: nothing to read.
	if (headerIndex === -1) throw new ImportFileError('empty', 'The file is empty');
	const headerCells = parsed.data[headerIndex];
	const tooManyCells = () => new ImportFileError('too_many_cells', `The file has more than ${limits.cells} cells`, { max: limits.cells });
	if (headerCells.length > limits.cells) throw tooManyCells();
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
		// Each row becomes a record of every column: a wide header costs rows × columns, however short the rows.
		if ((rows.length + 1) * headers.length > limits.cells) throw tooManyCells();
		rows.push({ line: i + 1, cells: Object.fromEntries(headers.map((h, c) => [h, cells[c] ?? ''])) });
	}
	if (rows.length === 0) throw new ImportFileError('no_rows', 'The file has a header but no rows');
	return { format: 'csv', encoding, delimiter: parsed.meta.delimiter, headers, rows };
}
