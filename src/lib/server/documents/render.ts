/**
 * Where PDFs are rendered: on a worker thread. Laying out a results annex of a few hundred bodies,
 * or a bundle of every document of a version, holds a thread for long enough that pages and live
 * sockets would stall if it were the server's event loop (bench/documents.ts measures it).
 */
import { runInWorker } from '../workers/run-in-worker';
import { CONTENT_TYPES, type DocumentFile } from './files';
import type { PdfDocument } from './pdf';

/** Long enough for the bundle of a large evaluation on a busy 2-core server; it only bounds a hang. */
const RENDER_DEADLINE_MS = 120_000;
const RENDER_HEAP_MB = 512;

/**
 * Renders documents to PDF bytes on a worker thread of their own, in order.
 *
 * @example const [annex, summary] = await renderPdfs([annexPdfDocument(annex), summaryPdfDocument(summary)]);
 */
export async function renderPdfs(documents: PdfDocument[]): Promise<Uint8Array[]> {
	if (documents.length === 0) return [];
	// Imported dynamically so that the build keeps the task in a chunk of its own for the worker to load.
	const { renderPdfTask } = await import('./pdf.worker');
	return runInWorker(renderPdfTask, documents, { deadline: AbortSignal.timeout(RENDER_DEADLINE_MS), heapMb: RENDER_HEAP_MB });
}

/**
 * Documents as named PDF files, rendered together on one worker.
 *
 * @example const [file] = await pdfFiles([{ name: 'lampiran-sk-….pdf', document: annexPdfDocument(annex) }]);
 */
export async function pdfFiles(list: { name: string; document: PdfDocument }[]): Promise<DocumentFile[]> {
	const bytes = await renderPdfs(list.map((d) => d.document));
	return list.map((d, i) => ({ name: d.name, contentType: CONTENT_TYPES.pdf, bytes: bytes[i] }));
}
