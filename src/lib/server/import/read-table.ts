import { runInWorker, WorkerTaskError } from '../workers/run-in-worker';
import type { PdfPiece } from '../documents/pdf-text';
import { looksBinary } from './decode';
import { ImportFileError } from './errors';
import type { ReadRequest } from './read-table.worker';
import { MAX_FILE_BYTES, READ_LIMITS, type GridRow, type ImportTable, type ReadLimits } from './table';

export { ImportFileError, type FileProblem, type ImportProblem } from './errors';
export { MAX_FILE_BYTES, MAX_ROWS, READ_LIMITS, type GridRow, type ImportTable, type ReadLimits } from './table';

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF16_BOMS = [
	[0xff, 0xfe],
	[0xfe, 0xff]
];

/** A real 5 MB workbook reads in a few seconds, even on a busy 2-core server. */
export const READ_DEADLINE_MS = 20_000;
/** Heap of the reading worker: the limits keep a hostile file far below it. */
const READ_HEAP_MB = 384;

/** How a file is read; tests tighten the limits or pass a deadline of their own. */
export interface ReadOptions {
	limits?: Partial<ReadLimits>;
	/** Called when reading starts; the reading is abandoned when the signal aborts. */
	deadline?: () => AbortSignal;
}

/**
 * Reads an uploaded spreadsheet into a header and rows. The type is decided by the content, not
 * the file name: a ZIP is read as XLSX, text as CSV, anything else is refused, so a renamed PDF or
 * photo gets a clear answer instead of garbage rows. The parsing runs on a worker thread with
 * limits on unpacked size, cells and time, so no file, however hostile, holds up other requests.
 *
 * @example const table = await readImportTable(new Uint8Array(await file.arrayBuffer()));
 */
export async function readImportTable(bytes: Uint8Array, options: ReadOptions = {}): Promise<ImportTable> {
	const outcome = await readInWorker(bytes, 'table', options);
	if (!('table' in outcome)) throw new Error('the reader answered without a table');
	return outcome.table;
}

/**
 * Reads an XLSX workbook's first sheet back as a grid (see `readXlsxGrid`), under the same limits
 * and on the same worker as an import: for checking a document Juri exported. Anything but an
 * XLSX workbook is refused.
 *
 * @example const rows = await readSheetGrid(new Uint8Array(await file.arrayBuffer()));
 */
export async function readSheetGrid(bytes: Uint8Array, options: ReadOptions = {}): Promise<GridRow[]> {
	const outcome = await readInWorker(bytes, 'grid', options);
	if (!('grid' in outcome)) throw new ImportFileError('unknown_type', 'The file is not an XLSX workbook');
	return outcome.grid;
}

/**
 * Reads a PDF's text (see `readPdfText`: per page, per line, its pieces with their position) under
 * the same size limit, deadline and heap as an import, on the same worker: for checking a document
 * Juri exported. Anything but a PDF is refused, and so is a PDF of more than `MAX_PDF_PAGES` pages.
 *
 * @example const pages = await readPdfPages(new Uint8Array(await file.arrayBuffer()));
 */
export async function readPdfPages(bytes: Uint8Array, options: ReadOptions = {}): Promise<PdfPiece[][][]> {
	const outcome = await readInWorker(bytes, 'pdf', options);
	if (!('pages' in outcome)) throw new ImportFileError('unknown_type', 'The file is not a PDF');
	return outcome.pages;
}

/** Whether the file is a PDF, by its content: the verification page reads it with `readPdfPages`. */
export const isPdf = (bytes: Uint8Array) => startsWith(bytes, PDF);

async function readInWorker(bytes: Uint8Array, shape: ReadRequest['shape'], options: ReadOptions) {
	if (bytes.length > MAX_FILE_BYTES) {
		throw new ImportFileError('too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
			maxMb: MAX_FILE_BYTES / 1024 / 1024
		});
	}
	if (bytes.length === 0) throw new ImportFileError('empty', 'The file is empty');
	if (startsWith(bytes, OLE2)) throw new ImportFileError('legacy_xls', 'Old Excel files (.xls) cannot be read: save as .xlsx or .csv');
	const format: ReadRequest['format'] | null = startsWith(bytes, ZIP)
		? 'xlsx'
		: startsWith(bytes, PDF)
			? 'pdf'
			: UTF16_BOMS.some((bom) => startsWith(bytes, bom)) || !looksBinary(bytes)
				? 'csv'
				: null;
	// A table is read from CSV or XLSX, a grid from XLSX, text from a PDF.
	const readable = { table: ['csv', 'xlsx'], grid: ['xlsx'], pdf: ['pdf'] }[shape];
	if (!format || !readable.includes(format)) throw new ImportFileError('unknown_type', 'The file is neither a CSV nor an XLSX spreadsheet');

	const limits = { ...READ_LIMITS, ...options.limits };
	const deadline = options.deadline?.() ?? AbortSignal.timeout(READ_DEADLINE_MS);
	// Imported dynamically so that the build keeps the task in a chunk of its own for the worker to load.
	const { readTableTask } = await import('./read-table.worker');
	const outcome = await runInWorker(readTableTask, { bytes, format, limits, shape }, { deadline, heapMb: READ_HEAP_MB }).catch(
		(e: unknown) => {
			if (!(e instanceof WorkerTaskError) || e.reason === 'crashed') throw e;
			if (e.reason === 'deadline') {
				const seconds = Math.round(READ_DEADLINE_MS / 1000);
				throw new ImportFileError('took_too_long', `Reading the file took longer than ${seconds} seconds`, { seconds });
			}
			const maxMb = Math.round(limits.inflatedBytes / 1024 / 1024);
			throw new ImportFileError('too_big_uncompressed', 'The file needs too much memory to read', { maxMb });
		}
	);
	if (!outcome.ok) throw new ImportFileError(outcome.problem, outcome.message, outcome.params);
	return outcome;
}
