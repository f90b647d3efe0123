/**
 * Streams one XML part of an XLSX workbook: inflated chunk by chunk, every inflated byte counted
 * against the reading's allowance before it is parsed, and parsed by a SAX parser that keeps
 * nothing of the document but what the handlers keep. A zip bomb is refused once its allowance is
 * spent, whatever sizes the archive declares.
 */
import { Readable } from 'node:stream';
import type JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { ImportFileError } from './errors';

/** Element names without their namespace prefix: some writers spell `<x:row>` for `<row>`. */
export interface XmlHandlers {
	open?(name: string, attributes: Record<string, string>): void;
	text?(text: string): void;
	close?(name: string): void;
}

const unreadable = () => new ImportFileError('unreadable_xlsx', 'The file is not a readable XLSX workbook');

/** The bytes inflated so far from the parts of one workbook, against one allowance. */
export class InflatedBytes {
	private total = 0;

	constructor(private readonly allowance: number) {}

	/** Counts a chunk; refuses the file once the allowance is exceeded. */
	add(bytes: number): void {
		this.total += bytes;
		if (this.total > this.allowance) {
			const maxMb = Math.round(this.allowance / 1024 / 1024);
			throw new ImportFileError('too_big_uncompressed', `The workbook unpacks to more than ${maxMb} MB`, { maxMb });
		}
	}
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads one part of the archive through the handlers. A damaged archive or malformed XML becomes
 * an `unreadable_xlsx` refusal; refusals the handlers throw pass through and stop the reading.
 *
 * @example await readXmlPart(zip.file('xl/workbook.xml')!, inflated, { open: (name, attributes) => … });
 */
export async function readXmlPart(entry: JSZip.JSZipObject, inflated: InflatedBytes, handlers: XmlHandlers): Promise<void> {
	const parser = new SaxesParser();
	parser.on('error', () => {
		throw unreadable();
	});
	parser.on('opentag', (tag) => handlers.open?.(localName(tag.name), tag.attributes));
	parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
	if (handlers.text) parser.on('text', handlers.text);
	const decoder = new TextDecoder();
	// JSZip's stream is an old-style one; wrapping gives it async iteration and backpressure.
	const chunks: AsyncIterator<Uint8Array> = new Readable().wrap(entry.nodeStream('nodebuffer'))[Symbol.asyncIterator]();
	try {
		for (;;) {
			let next: IteratorResult<Uint8Array>;
			try {
				next = await chunks.next();
			} catch {
				throw unreadable();
			}
			if (next.done) break;
			inflated.add(next.value.length);
			parser.write(decoder.decode(next.value, { stream: true }));
		}
		parser.write(decoder.decode());
		parser.close();
	} finally {
		// Stops inflating the rest of the part when a handler or a limit ended the reading early.
		await chunks.return?.();
	}
}
