/**
 * The streaming XLSX reader gives imports what exceljs's full loader gave them before it (the
 * loader, with the code that shaped its cells into a table, is kept in tests/support as the reference), on
 * workbooks exceljs writes and on parts written by hand the way Excel writes them; and it refuses
 * hostile workbooks by the limit they break, without reading them whole.
 */
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { ImportFileError, type FileProblem } from '$lib/server/import/errors';
import { READ_LIMITS, type ImportTable } from '$lib/server/import/table';
import { readXlsx } from '$lib/server/import/xlsx';
import { readWithExceljs } from '../../../support/exceljs-reference';
import { cell, gridRows, sharedStringsPart, sheetPart, workbookArchive } from '../../../support/xlsx-files';

async function readStreaming(bytes: Uint8Array, limits = READ_LIMITS): Promise<ImportTable | FileProblem> {
	try {
		return await readXlsx(bytes, limits);
	} catch (e) {
		if (e instanceof ImportFileError) return e.problem;
		throw e;
	}
}

async function written(build: (workbook: ExcelJS.Workbook) => void, options?: Partial<ExcelJS.XlsxWriteOptions>): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	build(workbook);
	return new Uint8Array(await workbook.xlsx.writeBuffer(options));
}

const DAY = new Date(Date.UTC(2023, 10, 28));

const workbooks: Record<string, () => Promise<Uint8Array>> = {
	'values of every kind, formulas by their cached result, rich text, links and errors': () =>
		written((workbook) => {
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['category', 'name', 'short_name', 'saq_score_demo', 'note']);
			sheet.addRow(['Pemerintah Provinsi', 'Pemerintah Provinsi Aceh', 'Aceh', 96.5, true]);
			sheet.addRow([
				'Pemerintah Provinsi',
				{ formula: 'CONCATENATE("Pemerintah Provinsi ","Bali")', result: 'Pemerintah Provinsi Bali' },
				{ richText: [{ text: 'Ba', font: { bold: true } }, { text: 'li' }] },
				{ formula: 'B1*1', result: 88.25 },
				{ formula: 'Sheet9!A1', result: { error: '#REF!' } }
			]);
			sheet.addRow(['Pemerintah Provinsi', { text: 'Riau', hyperlink: 'https://riau.go.id' }, 'Riau', { error: '#N/A' }, DAY]);
			sheet.addRow([]);
			sheet.addRow(['  ', '', null]);
			sheet.addRow(['Lembaga & <Badan>', 'Badan Café Nasional\nBaris dua', '  BCN  ', -0.5, false]);
			sheet.addRow(['PTN', 'Universitas Indonesia', 'UI', '88,1', { formula: 'TODAY()', result: DAY }]);
		}),
	'inline strings instead of shared ones': () =>
		written(
			(workbook) => {
				const sheet = workbook.addWorksheet('Badan publik');
				sheet.addRow(['category', 'name', 'saq']);
				sheet.addRow(['PTN', 'Universitas Riau', 70]);
			},
			{ useSharedStrings: false }
		),
	'the first tab is not the first sheet part': () =>
		written((workbook) => {
			workbook.addWorksheet('Catatan').addRow(['ignored']);
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['category', 'name']);
			sheet.addRow(['PTN', 'Universitas Riau']);
			// Moves the sheet to the first tab (exceljs has no typed API for it).
			(sheet as unknown as { orderNo: number }).orderNo = 0;
		}),
	'date formats: built-in, custom, time, a percentage, and the 1904 date system': () =>
		written((workbook) => {
			workbook.properties.date1904 = true;
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['date', 'custom', 'time', 'percent', 'plain']);
			const row = sheet.addRow([DAY, 45000, 0.5, 0.25, 45000]);
			row.getCell(2).numFmt = 'dd/mm/yyyy';
			row.getCell(3).numFmt = 'h:mm';
			row.getCell(4).numFmt = '0.00%';
		}),
	'merged cells: a header over two columns, a category down three rows': () =>
		written((workbook) => {
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['category', 'score', null, 'name']);
			sheet.addRow(['Pemerintah Provinsi', 90, 91, 'Aceh']);
			sheet.addRow([null, 80, 81, 'Bali']);
			sheet.addRow([null, 70, 71, 'Riau']);
			sheet.mergeCells('B1:C1');
			sheet.mergeCells('A2:A4');
		}),
	'styled empty cells widen the header': () =>
		written((workbook) => {
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['category', 'name']);
			sheet.getCell('D1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
			sheet.addRow(['PTN', 'Universitas Riau']);
			sheet.getCell('C5').border = { top: { style: 'thin' } };
		}),
	'shared formulas': () =>
		written((workbook) => {
			const sheet = workbook.addWorksheet('Badan publik');
			sheet.addRow(['name', 'score', 'double']);
			sheet.addRow(['a', 10, { formula: 'B2*2', result: 20, shareType: 'shared', ref: 'C2:C3' } as ExcelJS.CellFormulaValue]);
			sheet.addRow(['b', 11, { sharedFormula: 'C2', result: 22 }]);
		}),
	'refused: a first row of numbers instead of names': () =>
		written((workbook) => {
			workbook.addWorksheet('Badan publik').addRow([1, 2, 3]);
		}),
	'refused: a header without rows': () => written((workbook) => workbook.addWorksheet('Badan publik').addRow(['category', 'name'])),
	'refused: an empty sheet': () => written((workbook) => workbook.addWorksheet('Badan publik')),
	// Parts as Excel writes them (shared strings with runs and phonetic guides, escapes, style 0).
	'hand-written parts: rich shared strings, phonetic guides, _x000D_ escapes, numbers as text': async () =>
		workbookArchive({
			sheet: sheetPart(
				'<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
					'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="0"><v>7.25</v></c><c r="C2" t="str"><f>A2</f><v>x &amp;amp; y</v></c></row>' +
					'<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#DIV/0!</v></c></row>'
			),
			sharedStrings: sharedStringsPart([
				'<t>category</t>',
				'<r><t>na</t></r><r><rPr><b/></rPr><t>me</t></r>',
				'<t xml:space="preserve"> score </t>',
				'<t>Kota_x000D_Baru</t><rPh sb="0" eb="1"><t>ko</t></rPh>',
				'<t>96,5</t>'
			])
		})
};

describe('reads what the full exceljs loader read', () => {
	for (const [name, build] of Object.entries(workbooks)) {
		test(name, async () => {
			const bytes = await build();
			expect(await readStreaming(bytes)).toEqual(await readWithExceljs(bytes));
		});
	}

	test('the reference itself reads the values the import expects (guards the comparison)', async () => {
		const table = (await readStreaming(
			await workbooks['values of every kind, formulas by their cached result, rich text, links and errors']()
		)) as ImportTable;
		expect(table.rows.map((r) => r.cells.name)).toEqual([
			'Pemerintah Provinsi Aceh',
			'Pemerintah Provinsi Bali',
			'Riau',
			'Badan Café Nasional\nBaris dua',
			'Universitas Indonesia'
		]);
		expect(table.rows[1].cells.note).toEqual({ error: '#REF!' });
		expect(table.rows[2].cells.saq_score_demo).toEqual({ error: '#N/A' });
		expect(table.rows[2].cells.note).toEqual(DAY);
	});
});

describe('differs from exceljs on purpose', () => {
	test('a formula whose cached result is 0, FALSE or empty reads as that result, not as "no cached result"', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(
				`<row r="1">${cell('A1', 'name')}${cell('B1', 'score')}${cell('C1', 'flag')}${cell('D1', 'note')}</row>` +
					`<row r="2">${cell('A2', 'a')}<c r="B2"><f>0*1</f><v>0</v></c><c r="C2" t="b"><f>1=2</f><v>0</v></c><c r="D2" t="str"><f>""</f><v></v></c></row>`
			)
		});
		const table = (await readStreaming(bytes)) as ImportTable;
		expect(table.rows[0].cells).toEqual({ name: 'a', score: 0, flag: false, note: '' });
	});

	test('rows and cells without their optional r attribute follow on from the previous one', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(
				`<row><c t="inlineStr"><is><t>name</t></is></c><c t="inlineStr"><is><t>score</t></is></c></row><row><c t="inlineStr"><is><t>a</t></is></c><c><v>7</v></c></row>`
			)
		});
		expect(await readStreaming(bytes)).toEqual({
			format: 'xlsx',
			headers: ['name', 'score'],
			rows: [{ line: 2, cells: { name: 'a', score: 7 } }]
		});
	});

	test('element names with a namespace prefix (<x:row>) are read', async () => {
		const bytes = workbookArchive({
			sheet: `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`
		});
		expect(await readStreaming(bytes)).toEqual({ format: 'xlsx', headers: ['name'], rows: [{ line: 2, cells: { name: 'a' } }] });
	});
});

describe('hostile workbooks are refused by the limit they break, while they are read', () => {
	const header = `<row r="1">${cell('A1', 'name')}</row>`;

	test('a zip bomb: 150 KB that unpack to 150 MB of sheet', async () => {
		const bytes = workbookArchive({ sheet: sheetPart(Buffer.concat([Buffer.from(header), Buffer.alloc(150 * 1024 * 1024, ' ')])) });
		expect(bytes.length).toBeLessThan(1024 * 1024);
		expect(await readStreaming(bytes)).toBe('too_big_uncompressed');
	});

	test('a bomb in the shared strings is refused too, though the sheet is small', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`),
			sharedStrings: sharedStringsPart([
				'<t>name</t>',
				Buffer.concat([Buffer.from('<t>'), Buffer.alloc(120 * 1024 * 1024, 'x'), Buffer.from('</t>')])
			])
		});
		expect(await readStreaming(bytes)).toBe('too_big_uncompressed');
	});

	test('more cells than the limit, though well under the unpacked size limit', async () => {
		const bytes = workbookArchive({ sheet: sheetPart(gridRows(30, 20_000)) });
		expect(await readStreaming(bytes)).toBe('too_many_cells');
	});

	test('a merged area of a whole sheet (17 billion cells in a few bytes)', async () => {
		const bytes = workbookArchive({ sheet: sheetPart(header, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>') });
		expect(await readStreaming(bytes)).toBe('too_many_cells');
	});

	test('a header one cell wide at column XFD and 20,000 rows: the table would be rows × 16,384 columns', async () => {
		const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}">${cell(`A${i + 2}`, 'x')}</row>`).join('');
		const bytes = workbookArchive({ sheet: sheetPart(`<row r="1">${cell('A1', 'name')}${cell('XFD1', 'last')}</row>${rows}`) });
		expect(await readStreaming(bytes)).toBe('too_many_cells');
	});

	test('a shared string longer than a cell may hold', async () => {
		const bytes = workbookArchive({
			sheet: sheetPart(header + `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`),
			sharedStrings: sharedStringsPart([`<t>${'x'.repeat(READ_LIMITS.textChars + 1)}</t>`])
		});
		expect(await readStreaming(bytes)).toBe('text_too_long');
	});

	test('more than 20,000 rows with values', async () => {
		const bytes = workbookArchive({ sheet: sheetPart(gridRows(1, 20_001)) });
		expect(await readStreaming(bytes)).toBe('too_many_rows');
	});

	test('a column past XFD, overlapping merged areas and malformed XML are unreadable', async () => {
		const past = workbookArchive({ sheet: sheetPart(`<row r="1">${cell('XFE1', 'name')}</row>`) });
		const overlapping = workbookArchive({
			sheet: sheetPart(header, '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>')
		});
		const malformed = workbookArchive({ sheet: '<worksheet><sheetData><row r="1"></sheetData>' });
		for (const bytes of [past, overlapping, malformed]) expect(await readStreaming(bytes)).toBe('unreadable_xlsx');
	});

	test('tighter limits apply as given', async () => {
		const bytes = workbookArchive({ sheet: sheetPart(gridRows(3, 10)) });
		expect(await readStreaming(bytes, { ...READ_LIMITS, cells: 20 })).toBe('too_many_cells');
		expect(await readStreaming(bytes, { ...READ_LIMITS, inflatedBytes: 1000 })).toBe('too_big_uncompressed');
	});
});
