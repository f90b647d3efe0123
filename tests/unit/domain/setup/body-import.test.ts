import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { normaliseKey, parseScore, SAMPLE_MAPPING, validateBodyRows, type ImportRow } from '$lib/domain/setup/body-import';

const headers = ['category', 'name', 'short_name', 'saq_score_demo'];
const row = (line: number, name: string, score: unknown, category = 'Pemerintah Provinsi'): ImportRow => ({
	line,
	cells: { category, name, short_name: name.split(' ').at(-1), saq_score_demo: score }
});

describe('reading scores as people type them', () => {
	test.each([
		['96.50', 96.5],
		['96,50', 96.5],
		[' 81 ', 81],
		[72.25, 72.25],
		['0', 0]
	])('%j → %d', (input, expected) => expect(parseScore(input)).toBe(expected));

	test.each(['', 'abc', '1.234,5', '96.5.1', '=A1', null, undefined, {}, Number.NaN, Number.POSITIVE_INFINITY])(
		'%j is not a score',
		(input) => {
			expect(parseScore(input)).toBeNull();
		}
	);
});

describe('validating imported bodies', () => {
	test('valid rows become bodies; at or above the passing grade they are invited', () => {
		const result = validateBodyRows(
			[row(2, 'Pemerintah Provinsi Aceh', '96.50'), row(3, 'Pemerintah Provinsi Papua', '59,99'), row(4, 'Pemerintah Provinsi Bali', 60)],
			headers,
			SAMPLE_MAPPING,
			{
				passingGrade: 60
			}
		);
		expect(result.issues).toEqual([]);
		expect(result.bodies.map((b) => [b.name, b.priorScore, b.invited])).toEqual([
			['Pemerintah Provinsi Aceh', 96.5, true],
			['Pemerintah Provinsi Papua', 59.99, false],
			['Pemerintah Provinsi Bali', 60, true]
		]);
		expect(result.bodies[0]).toMatchObject({ key: 'pemerintah provinsi aceh', shortName: 'Aceh', line: 2 });
	});

	test('each bad row is named by line, column and reason, and nothing is imported', () => {
		const result = validateBodyRows(
			[
				row(2, 'Pemerintah Provinsi Aceh', '96.5'),
				row(3, '', '70'),
				row(4, 'Pemerintah Provinsi Riau', 'tinggi'),
				row(5, 'Pemerintah Provinsi Jambi', '101'),
				row(6, 'pemerintah  provinsi ACEH', '80')
			],
			headers,
			SAMPLE_MAPPING,
			{ passingGrade: 60 }
		);
		expect(result.bodies).toEqual([]);
		expect(result.issues.map((i) => [i.line, i.column, i.code])).toEqual([
			[3, 'name', 'missing_value'],
			[4, 'saq_score_demo', 'not_a_number'],
			[5, 'saq_score_demo', 'out_of_range'],
			[6, 'name', 'duplicate']
		]);
		expect(result.issues[3].message).toBe('Same body as line 2');
	});

	test('a missing column is reported once, against the header line, listing the columns found', () => {
		const result = validateBodyRows([row(2, 'X', '1')], ['category', 'name'], SAMPLE_MAPPING, { passingGrade: 60 });
		expect(result.issues).toHaveLength(2);
		expect(result.issues[0]).toMatchObject({ line: 1, column: 'saq_score_demo', code: 'missing_column' });
		expect(result.issues[0].message).toContain('category, name');
	});

	test('extra columns are ignored; another layout is read through its own mapping', () => {
		const rows: ImportRow[] = [
			{ line: 2, cells: { Kategori: 'PTN', 'Nama Badan Publik': 'Universitas Indonesia', 'Nilai SAQ': '88,1', Catatan: 'x' } }
		];
		const result = validateBodyRows(
			rows,
			['Kategori', 'Nama Badan Publik', 'Nilai SAQ', 'Catatan'],
			{ category: 'Kategori', name: 'Nama Badan Publik', priorScore: 'Nilai SAQ' },
			{ passingGrade: 60 }
		);
		expect(result.issues).toEqual([]);
		expect(result.bodies[0]).toMatchObject({
			category: 'PTN',
			name: 'Universitas Indonesia',
			shortName: 'Universitas Indonesia',
			priorScore: 88.1
		});
	});

	test('a spreadsheet formula that failed is reported, not read as text', () => {
		const rows: ImportRow[] = [{ line: 2, cells: { category: 'PTN', name: { error: '#REF!' }, short_name: 'x', saq_score_demo: 70 } }];
		expect(validateBodyRows(rows, headers, SAMPLE_MAPPING, { passingGrade: 60 }).issues[0]).toMatchObject({
			line: 2,
			column: 'name',
			code: 'formula_error'
		});
	});

	test('keys ignore case and repeated spaces', () => {
		expect(normaliseKey('  Pemerintah   Provinsi ACEH ')).toBe('pemerintah provinsi aceh');
	});

	test('never throws, whatever the cells hold', () => {
		fc.assert(
			fc.property(
				fc.array(fc.dictionary(fc.constantFrom(...headers, 'other'), fc.anything({ maxDepth: 1 })), { maxLength: 4 }),
				(cellsList) => {
					const rows = cellsList.map((cells, i) => ({ line: i + 2, cells }));
					const result = validateBodyRows(rows, headers, SAMPLE_MAPPING, { passingGrade: 60 });
					expect(result.bodies.length === 0 || result.issues.length === 0).toBe(true);
				}
			),
			{ numRuns: 10_000 }
		);
	});
});
