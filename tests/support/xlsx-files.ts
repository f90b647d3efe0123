/**
 * XLSX files built from raw XML parts, for tests and benchmarks that need workbooks no spreadsheet
 * program writes: zip bombs, sheets of a million cells, a shared string of megabytes. Parts are
 * deflated with node:zlib, so a 200 MB part packs into a few hundred KB in a fraction of a second.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export type Part = string | Buffer;

const bytesOf = (part: Part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part);

/** A zip archive of the given files, deflated as Excel writes them. */
export function zipArchive(files: Record<string, Part>): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const [name, part] of Object.entries(files)) {
		const data = bytesOf(part);
		const packed = deflateRawSync(data);
		const fileName = Buffer.from(name, 'utf8');
		const fields = (header: Buffer, at: number) => {
			header.writeUInt16LE(8, at); // deflate
			header.writeUInt16LE(0, at + 2); // time
			header.writeUInt16LE(0x21, at + 4); // date: 1980-01-01
			header.writeUInt32LE(crc32(data), at + 6);
			header.writeUInt32LE(packed.length, at + 10);
			header.writeUInt32LE(data.length, at + 14);
			header.writeUInt16LE(fileName.length, at + 18);
		};
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		fields(local, 8);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		fields(central, 10);
		central.writeUInt32LE(offset, 42);
		locals.push(local, fileName, packed);
		centrals.push(central, fileName);
		offset += local.length + fileName.length + packed.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(files).length, 8);
	end.writeUInt16LE(Object.keys(files).length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A worksheet part around the given `<row>` elements (and anything after `<sheetData>`, e.g. merges). */
export function sheetPart(rows: Part, after: Part = ''): Buffer {
	return Buffer.concat([
		Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}"><sheetData>`),
		bytesOf(rows),
		Buffer.from('</sheetData>'),
		bytesOf(after),
		Buffer.from('</worksheet>')
	]);
}

/** A shared-strings part with the given texts (raw XML inside each `<si>`). */
export function sharedStringsPart(items: readonly Part[]): Buffer {
	return Buffer.concat([
		Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${items.length}">`),
		...items.flatMap((item) => [Buffer.from('<si>'), bytesOf(item), Buffer.from('</si>')]),
		Buffer.from('</sst>')
	]);
}

/** An inline-string cell's XML: `cell('A1', 'name')`, or a number cell: `cell('B1', 96.5)`. */
export function cell(reference: string, value: string | number): string {
	return typeof value === 'number'
		? `<c r="${reference}"><v>${value}</v></c>`
		: `<c r="${reference}" t="inlineStr"><is><t>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`;
}

/**
 * A workbook of one sheet (named "Badan publik") from raw parts; further parts (a second sheet,
 * styles) go in `extra`.
 *
 * @example workbookArchive({ sheet: sheetPart('<row r="1">' + cell('A1', 'name') + '</row>') })
 */
export function workbookArchive(parts: { sheet: Part; sharedStrings?: Part; styles?: Part; extra?: Record<string, Part> }): Uint8Array {
	const files: Record<string, Part> = {
		'[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		'_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="Badan publik" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		'xl/worksheets/sheet1.xml': parts.sheet,
		...parts.extra
	};
	if (parts.sharedStrings) files['xl/sharedStrings.xml'] = parts.sharedStrings;
	if (parts.styles) files['xl/styles.xml'] = parts.styles;
	return zipArchive(files);
}

/** Rows `<row r="n">` of cells A..: a header of `columns` names, then `rows` rows of numbers. */
export function gridRows(columns: number, rows: number): Buffer {
	const letters = (n: number): string =>
		n <= 26 ? String.fromCharCode(64 + n) : letters(Math.floor((n - 1) / 26)) + letters(((n - 1) % 26) + 1);
	const names = Array.from({ length: columns }, (_, i) => letters(i + 1));
	const chunks = [`<row r="1">${names.map((l, i) => cell(`${l}1`, `column ${i + 1}`)).join('')}</row>`];
	for (let r = 2; r <= rows + 1; r++) chunks.push(`<row r="${r}">${names.map((l, i) => cell(`${l}${r}`, r + i)).join('')}</row>`);
	return Buffer.from(chunks.join(''));
}
