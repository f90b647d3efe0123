/**
 * Numeric form fields and their refusals, on the domain's `parseTypedNumber`: every form that takes
 * a number (settings, rubric, bodies, visitation, corrections) reads it here, so "81,10" and
 * "81.10" mean the same everywhere and "1.234,5" is refused everywhere with the same words.
 */
import { z } from 'zod';
import { parseTypedNumber, type TypedNumberProblem } from '$lib/domain/typed-number';
import { m } from '$lib/paraglide/messages';

/** The codes a numeric field's refusal carries (services stay language-free; pages translate). */
export type TypedNumberCode = 'required' | 'not_a_number' | 'thousands_separator' | 'too_many_decimals' | 'whole_number';

/** The refusal code of a parse problem; with no decimals allowed, extra digits mean "a whole number". */
export function typedNumberCode(problem: TypedNumberProblem, decimals: number): TypedNumberCode {
	if (problem === 'empty') return 'required';
	if (problem === 'too_many_decimals' && decimals === 0) return 'whole_number';
	return problem;
}

interface FieldOptions {
	/** Decimals allowed after the comma or point (default 2, as scores are published). */
	decimals?: number;
	min?: number;
	max?: number;
	/** The code of a value outside min..max (default 'out_of_range'), or one below and one above, so each form keeps its own words. */
	rangeCode?: string | readonly [below: string, above: string];
	/** A blank field is `undefined` instead of 'required'. */
	optional?: boolean;
}

/**
 * A zod schema for a typed number: text from a form (or a number from a JSON payload) in, a number
 * out, with at most `decimals` decimals and within `min`..`max`. Refusals carry a `TypedNumberCode`
 * (or `rangeCode`) as their message.
 *
 * @example typedNumberField({ min: 0, max: 100 }).parse('81,10') // 81.1
 * @example typedNumberField({ optional: true }).parse('') // undefined
 */
export function typedNumberField(opts?: FieldOptions & { optional?: false }): z.ZodType<number, unknown>;
export function typedNumberField(opts: FieldOptions & { optional: true }): z.ZodType<number | undefined, unknown>;
export function typedNumberField({ decimals = 2, min, max, rangeCode = 'out_of_range', optional = false }: FieldOptions = {}): z.ZodType<
	number | undefined,
	unknown
> {
	const typed = z.unknown().transform((input, ctx) => {
		const parsed = parseTypedNumber(input, { decimals });
		if (parsed.ok) return parsed.value;
		if (parsed.problem === 'empty' && optional) return undefined;
		ctx.issues.push({ code: 'custom', input, message: typedNumberCode(parsed.problem, decimals) });
		return z.NEVER;
	});
	const [below, above] = typeof rangeCode === 'string' ? [rangeCode, rangeCode] : rangeCode;
	let range = z.number();
	if (min !== undefined) range = range.min(min, below);
	if (max !== undefined) range = range.max(max, above);
	// Optional twice: a blank field is read as undefined, and an absent one never reaches the reader.
	return optional ? typed.pipe(range.optional()).optional() : typed.pipe(range);
}

const TEXTS: Record<Exclude<TypedNumberCode, 'required'>, () => string> = {
	not_a_number: m.number_not_a_number,
	thousands_separator: m.number_thousands_separator,
	too_many_decimals: m.number_too_many_decimals,
	whole_number: m.number_whole
};

/**
 * The refusal of a typed number in the reader's language, or undefined for a code that is not the
 * parser's (pages fall back to their own texts, e.g. for 'required' or a range).
 *
 * @example typedNumberMessage('thousands_separator') // 'Jangan pakai pemisah ribuan: tulis 1234,5, bukan 1.234,5.'
 */
export function typedNumberMessage(code: string | undefined): string | undefined {
	return code !== undefined && Object.hasOwn(TEXTS, code) ? TEXTS[code as keyof typeof TEXTS]() : undefined;
}
