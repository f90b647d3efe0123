import { looksBinary } from './decode';
import { readCsv } from './csv';
import { ImportFileError } from './errors';
import { MAX_FILE_BYTES, type ImportTable } from './table';
import { readXlsx } from './xlsx';

export { ImportFileError, type FileProblem } from './errors';
export { MAX_FILE_BYTES, MAX_ROWS, type ImportTable } from './table';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF16_BOMS = [
	[0xff, 0xfe],
	[0xfe, 0xff]
];

/**
 * Reads an uploaded spreadsheet into a header and rows. The type is decided by the content, not
 * the file name: a ZIP is read as XLSX, text as CSV, anything else is refused, so a renamed PDF or
 * photo gets a clear answer instead of garbage rows.
 *
 * @example const table = await readImportTable(new Uint8Array(await file.arrayBuffer()));
 */
export async function readImportTable(bytes: Uint8Array): Promise<ImportTable> {
	if (bytes.length > MAX_FILE_BYTES) {
		throw new ImportFileError('too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
			maxMb: MAX_FILE_BYTES / 1024 / 1024
		});
	}
	if (bytes.length === 0) throw new ImportFileError('empty', 'The file is empty');
	if (startsWith(bytes, ZIP)) return readXlsx(bytes);
	if (startsWith(bytes, OLE2)) throw new ImportFileError('legacy_xls', 'Old Excel files (.xls) cannot be read: save as .xlsx or .csv');
	if (UTF16_BOMS.some((bom) => startsWith(bytes, bom)) || !looksBinary(bytes)) return readCsv(bytes);
	throw new ImportFileError('unknown_type', 'The file is neither a CSV nor an XLSX spreadsheet');
}
