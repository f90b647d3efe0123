/**
 * Numbers as people type them, in forms and in imported files: "81,10" (the Indonesian decimal
 * comma) or "81.10". Decimals are counted on the typed digits and the value is built from integer
 * units, never with floating-point remainders: 81.10 × 100 is 8109.999… in binary, and a check
 * like `Math.round(v * 100) === v * 100` refused it. Thousands separators are refused rather than
 * guessed: in Indonesian "1.234" is a thousand, in English a decimal. Pure.
 */

/** Why a typed text is not a number the field accepts. */
export type TypedNumberProblem =
	/** Nothing typed (blanks only). */
	| 'empty'
	| 'not_a_number'
	/** Digits grouped by two separators or spaces: "1.234,5", "1,234.5", "1 234". */
	| 'thousands_separator'
	/** More decimals than the field takes ("81,105" where two are allowed; "10,5" where whole numbers are). */
	| 'too_many_decimals';

export type TypedNumber =
	| {
			ok: true;
			/** The value as the nearest double: exactly the number `Number("81.1")` gives. */
			value: number;
			/** The value in units of 10^-decimals, an exact integer: "81,10" with 2 decimals → 8110. */
			units: number;
	  }
	| { ok: false; problem: TypedNumberProblem };

/** An optional sign, digits, and one decimal separator with digits after it. */
const PLAIN = /^([+-]?)(\d+)(?:[.,](\d+))?$/;
/** Digits in groups: two or more separators, or blanks between digits. */
const GROUPED = /^[+-]?\d+(?:[.,\s]\d+){2,}$|^[+-]?\d+(?:\s\d+)+(?:[.,]\d+)?$/;
/** Beyond this many digits a double no longer holds every integer of units exactly. */
const MAX_DIGITS = 15;

/** A spreadsheet number as the text Excel shows: 15 significant digits, so 0.1 + 0.2 reads "0.3". */
function numberText(value: number): string {
	if (Number.isInteger(value)) return String(value);
	return Number(value.toPrecision(15)).toString();
}

/**
 * Reads a typed number: trims it, accepts a decimal comma or point, and allows at most `decimals`
 * digits after it (default 2, as scores are published). Numbers from spreadsheet cells are read as
 * the text the spreadsheet shows.
 *
 * @example parseTypedNumber('81,10') // { ok: true, value: 81.1, units: 8110 }
 * @example parseTypedNumber('1.234,5') // { ok: false, problem: 'thousands_separator' }
 * @example parseTypedNumber('10,5', { decimals: 0 }) // { ok: false, problem: 'too_many_decimals' }
 */
export function parseTypedNumber(input: unknown, { decimals = 2 }: { decimals?: number } = {}): TypedNumber {
	let text: string;
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) return { ok: false, problem: 'not_a_number' };
		text = numberText(input);
	} else if (typeof input === 'string') {
		// NFKC: full-width digits and separators (from some input methods) read as plain ones.
		text = input.normalize('NFKC').trim();
	} else if (input === null || input === undefined) {
		return { ok: false, problem: 'empty' };
	} else {
		return { ok: false, problem: 'not_a_number' };
	}
	if (text === '') return { ok: false, problem: 'empty' };
	const match = PLAIN.exec(text);
	if (!match) return { ok: false, problem: GROUPED.test(text) ? 'thousands_separator' : 'not_a_number' };
	const [, sign, whole, fraction = ''] = match;
	if (fraction.length > decimals) return { ok: false, problem: 'too_many_decimals' };
	const digits = whole.replace(/^0+(?=\d)/, '') + fraction.padEnd(decimals, '0');
	if (digits.length > MAX_DIGITS) return { ok: false, problem: 'not_a_number' };
	const magnitude = Number(digits);
	const units = sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
	// Dividing an exact integer by a power of ten is correctly rounded: 8110 / 100 is the double written 81.1.
	return { ok: true, value: units / 10 ** decimals, units };
}

/**
 * The value of a typed number, or NaN while it is not one: for running sums and previews as the
 * user types (the form's check gives the reason).
 *
 * @example typedValue('33,33') + typedValue('66,67') // 100
 */
export function typedValue(text: string, opts?: { decimals?: number }): number {
	const typed = parseTypedNumber(text, opts);
	return typed.ok ? typed.value : Number.NaN;
}
