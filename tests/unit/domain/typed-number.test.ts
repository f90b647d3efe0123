import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseTypedNumber, typedValue } from '$lib/domain/typed-number';

describe('numbers as Indonesians type them', () => {
	test.each([
		['81,10', 81.1, 8110],
		['81.10', 81.1, 8110],
		['64,10', 64.1, 6410],
		['64.10', 64.1, 6410],
		[' 7 ', 7, 700],
		['0,5', 0.5, 50],
		['100', 100, 10000],
		['95,80', 95.8, 9580],
		['-3,25', -3.25, -325],
		['0081,1', 81.1, 8110],
		// Full-width digits and comma from some input methods.
		['８１，１', 81.1, 8110],
		// Spreadsheet cells hold numbers: read as the text the spreadsheet shows.
		[81.1, 81.1, 8110],
		[64.1, 64.1, 6410],
		[0.1 + 0.2, 0.3, 30],
		[60, 60, 6000]
	])('%j is %d (%d hundredths)', (typed, value, units) => {
		expect(parseTypedNumber(typed)).toEqual({ ok: true, value, units });
	});

	test.each([
		['', 'empty'],
		['   ', 'empty'],
		[null, 'empty'],
		[undefined, 'empty'],
		['abc', 'not_a_number'],
		['81,', 'not_a_number'],
		[',5', 'not_a_number'],
		['1e2', 'not_a_number'],
		['=A1', 'not_a_number'],
		[{}, 'not_a_number'],
		[Number.NaN, 'not_a_number'],
		[Number.POSITIVE_INFINITY, 'not_a_number'],
		['1.234,5', 'thousands_separator'],
		['1,234.5', 'thousands_separator'],
		['1.234.567', 'thousands_separator'],
		['1 234', 'thousands_separator'],
		['1 234,5', 'thousands_separator'],
		['96.5.1', 'thousands_separator'],
		['12,345', 'too_many_decimals'],
		['100,001', 'too_many_decimals'],
		['95,805', 'too_many_decimals'],
		[81.105, 'too_many_decimals']
	])('%j is refused: %s', (typed, problem) => {
		expect(parseTypedNumber(typed)).toEqual({ ok: false, problem });
	});

	test('the number of decimals is the field’s: whole numbers refuse any, a fine scale takes more', () => {
		expect(parseTypedNumber('10,5', { decimals: 0 })).toEqual({ ok: false, problem: 'too_many_decimals' });
		expect(parseTypedNumber('1.000', { decimals: 0 })).toEqual({ ok: false, problem: 'too_many_decimals' });
		expect(parseTypedNumber('10', { decimals: 0 })).toEqual({ ok: true, value: 10, units: 10 });
		expect(parseTypedNumber('0,125', { decimals: 3 })).toEqual({ ok: true, value: 0.125, units: 125 });
	});

	test('every value with at most two decimals is accepted, with a comma or a point, as the same number', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 2 }), fc.boolean(), (units, shown, comma) => {
				// Written with 0, 1 or 2 decimals where the value allows it (81,1 and 81,10 alike).
				const whole = Math.floor(units / 100);
				const cents = String(units % 100).padStart(2, '0');
				const fraction = shown === 0 ? (cents === '00' ? '' : cents) : shown === 1 && cents.endsWith('0') ? cents[0] : cents;
				const text = fraction ? `${whole}${comma ? ',' : '.'}${fraction}` : String(whole);
				const typed = parseTypedNumber(text);
				expect(typed).toEqual({ ok: true, value: units / 100, units });
				expect(typed.ok && typed.value).toBe(Number(text.replace(',', '.')));
			}),
			{ numRuns: 2000 }
		);
	});

	test('never throws, whatever is typed', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.double(), fc.anything()), (input) => {
				const typed = parseTypedNumber(input);
				if (typed.ok) expect(Number.isInteger(typed.units)).toBe(true);
			}),
			{ numRuns: 10_000 }
		);
	});

	test('typedValue is the value, or NaN while the text is not a number', () => {
		expect(typedValue('33,33') + typedValue('66,67')).toBe(100);
		expect(typedValue('1.234,5')).toBeNaN();
	});
});
