/**
 * The workbook-wide parts an import needs before its sheet: which sheet comes first, the date
 * system, which cell styles show dates, and the shared strings. Their meaning follows what
 * exceljs's full loader made of them, which imports used before (kept by tests/unit/server/import).
 */
import type JSZip from 'jszip';
import { ImportFileError } from './errors';
import type { CellValue } from './table';
import { readXmlPart, type InflatedBytes } from './xml-part';

export interface WorkbookParts {
	/** Archive path of the first worksheet in tab order, or null when the workbook has none. */
	firstSheet: string | null;
	/** Serial numbers count from 1904 (old Mac Excel) instead of 1900. */
	date1904: boolean;
	/** Cell style indexes whose number format shows a date or a time. */
	dateStyles: Set<number>;
	/** Each shared string as a cell shows it; null when the workbook has no shared strings part. */
	sharedStrings: CellValue[] | null;
}

const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;
// Excel's built-in number formats that show dates or times (the others are numbers and text).
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a number format code shows a date: a date or time letter outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
	return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel's escape for characters XML cannot hold, as in "_x000D_" for a carriage return. */
export const decodeExcelEscapes = (text: string) =>
	text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Refuses a text longer than a spreadsheet cell may hold. */
export function checkTextLength(text: string, maxChars: number): void {
	if (text.length > maxChars) {
		throw new ImportFileError('text_too_long', `A text in the workbook is longer than ${maxChars} characters`, { max: maxChars });
	}
}

/** The archive's files by path; exceljs ignored a leading slash, and so do we. */
export function archiveEntries(zip: JSZip): Map<string, JSZip.JSZipObject> {
	const entries = new Map<string, JSZip.JSZipObject>();
	for (const entry of Object.values(zip.files)) if (!entry.dir) entries.set(entry.name.replace(/^\//, ''), entry);
	return entries;
}

/**
 * Reads workbook.xml, its relationships, styles.xml and sharedStrings.xml (each optional).
 *
 * @example const parts = await readWorkbookParts(archiveEntries(zip), inflated, READ_LIMITS.textChars);
 */
export async function readWorkbookParts(
	entries: Map<string, JSZip.JSZipObject>,
	inflated: InflatedBytes,
	maxTextChars: number
): Promise<WorkbookParts> {
	const part = (path: string) => entries.get(path);
	const sheets: { id: number; rId: string }[] = [];
	let date1904 = false;
	const workbook = part('xl/workbook.xml');
	if (workbook) {
		await readXmlPart(workbook, inflated, {
			open(name, attributes) {
				if (name === 'workbookPr') date1904 = attributes.date1904 === '1';
				if (name === 'sheet') sheets.push({ id: parseInt(attributes.sheetId, 10), rId: attributes['r:id'] });
			}
		});
	}
	const targets = new Map<string, string>();
	const rels = part('xl/_rels/workbook.xml.rels');
	if (rels) {
		await readXmlPart(rels, inflated, {
			open(name, attributes) {
				if (name === 'Relationship') targets.set(attributes.Id, attributes.Target ?? '');
			}
		});
	}
	const firstSheet =
		sheets
			.filter((sheet) => sheet.id >= 1 && targets.has(sheet.rId))
			.map((sheet) => `xl/${targets.get(sheet.rId)!.replace(/^(\s|\/xl\/)+/, '')}`)
			.find((path) => WORKSHEET.test(path) && entries.has(path)) ?? null;
	const styles = part('xl/styles.xml');
	const sharedStrings = part('xl/sharedStrings.xml');
	return {
		firstSheet,
		date1904,
		dateStyles: styles ? await readDateStyles(styles, inflated) : new Set(),
		sharedStrings: sharedStrings ? await readSharedStrings(sharedStrings, inflated, maxTextChars) : null
	};
}

async function readDateStyles(entry: JSZip.JSZipObject, inflated: InflatedBytes): Promise<Set<number>> {
	const formats = new Map<number, string>();
	const styleFormats: number[] = [];
	let inCellStyles = false;
	await readXmlPart(entry, inflated, {
		open(name, attributes) {
			if (name === 'numFmt') formats.set(parseInt(attributes.numFmtId, 10), (attributes.formatCode ?? '').replace(/[\\](.)/g, '$1'));
			if (name === 'cellXfs') inCellStyles = true;
			if (name === 'xf' && inCellStyles) styleFormats.push(parseInt(attributes.numFmtId, 10));
		},
		close(name) {
			if (name === 'cellXfs') inCellStyles = false;
		}
	});
	const dateStyles = new Set<number>();
	styleFormats.forEach((format, style) => {
		const code = formats.get(format);
		if (code ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(format)) dateStyles.add(style);
	});
	return dateStyles;
}

/**
 * Each `<si>` as a cell shows it: its text, or its rich-text runs joined; phonetic guides (`<rPh>`)
 * are not part of the text, and an item with neither shows as an empty cell.
 */
async function readSharedStrings(entry: JSZip.JSZipObject, inflated: InflatedBytes, maxTextChars: number): Promise<CellValue[]> {
	const strings: CellValue[] = [];
	let text: string | null = null;
	let runs: string[] | null = null;
	let depth = 0;
	let phonetic = false;
	let reading: string[] | null = null;
	await readXmlPart(entry, inflated, {
		open(name) {
			depth++;
			if (name === 'si') [text, runs, phonetic] = [null, null, false];
			else if (name === 'rPh') phonetic = true;
			else if (name === 't' && !phonetic) reading = [];
		},
		text(value) {
			reading?.push(value);
		},
		close(name) {
			depth--;
			if (name === 'rPh') phonetic = false;
			else if (name === 't' && reading) {
				const value = decodeExcelEscapes(reading.join(''));
				reading = null;
				// A <t> right inside <si> is the whole text; inside a run (<r>, one level deeper) it is one run's.
				if (depth === 2) text = value;
				else (runs ??= []).push(value);
			} else if (name === 'si') {
				const value = text ?? runs?.join('') ?? null;
				if (value !== null) checkTextLength(value, maxTextChars);
				strings.push(value);
			}
		}
	});
	return strings;
}
