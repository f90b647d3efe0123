/**
 * The worker side of `renderPdfOffThread`: lays out and writes PDFs on a thread of its own, so a
 * long document never holds up the pages and sockets the server's event loop serves.
 */
import { defineWorkerTask } from '../workers/run-in-worker';
import { renderPdf, type PdfDocument } from './pdf';

/** Renders each document in turn (a bundle's PDFs share one worker); answers their bytes in the same order. */
async function renderAll(documents: PdfDocument[]): Promise<Uint8Array[]> {
	const out: Uint8Array[] = [];
	for (const document of documents) out.push(await renderPdf(document));
	return out;
}

export const renderPdfTask = defineWorkerTask(import.meta.url, renderAll);
