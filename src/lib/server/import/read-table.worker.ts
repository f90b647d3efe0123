/**
 * The worker side of readImportTable: parses the file and answers with the table, or with the
 * problem that refused it (an error object would lose its problem code crossing threads).
 */
import { PdfTextError, readPdfText, type PdfPiece } from '../documents/pdf-text';
import { defineWorkerTask } from '../workers/run-in-worker';
import { readCsv } from './csv';
import { ImportFileError, type FileProblem } from './errors';
import type { GridRow, ImportTable, ReadLimits } from './table';
import { readXlsx, readXlsxGrid } from './xlsx';

export interface ReadRequest {
	bytes: Uint8Array;
	format: ImportTable['format'] | 'pdf';
	limits: ReadLimits;
	/**
	 * 'table' (a header, then rows: an import), 'grid' (every row as it stands: reading back a
	 * workbook Juri exported) or 'pdf' (a PDF's text, line by line: reading back a PDF Juri exported).
	 */
	shape: 'table' | 'grid' | 'pdf';
}

export type ReadOutcome =
	| { ok: true; table: ImportTable }
	| { ok: true; grid: GridRow[] }
	| { ok: true; pages: PdfPiece[][][] }
	| { ok: false; problem: FileProblem; message: string; params: Record<string, string | number> };

const PDF_PROBLEMS: Record<PdfTextError['problem'], FileProblem> = { unreadable: 'unreadable_pdf', too_many_pages: 'too_many_pages' };

async function read({ bytes, format, limits, shape }: ReadRequest): Promise<ReadOutcome> {
	try {
		// The caller has matched the shape to the format before the worker.
		if (shape === 'pdf') return { ok: true, pages: (await readPdfText(bytes, limits.pages)).pages };
		if (shape === 'grid') return { ok: true, grid: await readXlsxGrid(bytes, limits) };
		return { ok: true, table: format === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, limits) };
	} catch (e) {
		if (e instanceof PdfTextError)
			return { ok: false, problem: PDF_PROBLEMS[e.problem], message: e.message, params: { maxPages: limits.pages } };
		if (!(e instanceof ImportFileError)) throw e;
		return { ok: false, problem: e.problem, message: e.message, params: e.params };
	}
}

export const readTableTask = defineWorkerTask(import.meta.url, read);
