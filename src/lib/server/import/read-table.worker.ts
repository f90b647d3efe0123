/**
 * The worker side of readImportTable: parses the file and answers with the table, or with the
 * problem that refused it (an error object would lose its problem code crossing threads).
 */
import { defineWorkerTask } from '../workers/run-in-worker';
import { readCsv } from './csv';
import { ImportFileError, type FileProblem } from './errors';
import type { GridRow, ImportTable, ReadLimits } from './table';
import { readXlsx, readXlsxGrid } from './xlsx';

export interface ReadRequest {
	bytes: Uint8Array;
	format: ImportTable['format'];
	limits: ReadLimits;
	/** 'table' (a header, then rows: an import) or 'grid' (every row as it stands: reading back a document). */
	shape: 'table' | 'grid';
}

export type ReadOutcome =
	| { ok: true; table: ImportTable }
	| { ok: true; grid: GridRow[] }
	| { ok: false; problem: FileProblem; message: string; params: Record<string, string | number> };

async function read({ bytes, format, limits, shape }: ReadRequest): Promise<ReadOutcome> {
	try {
		// A grid is only read from XLSX (the caller refuses anything else before the worker).
		if (shape === 'grid') return { ok: true, grid: await readXlsxGrid(bytes, limits) };
		return { ok: true, table: format === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, limits) };
	} catch (e) {
		if (!(e instanceof ImportFileError)) throw e;
		return { ok: false, problem: e.problem, message: e.message, params: e.params };
	}
}

export const readTableTask = defineWorkerTask(import.meta.url, read);
