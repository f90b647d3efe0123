import { describe, expect, test } from 'vitest';
import { hashJoinCode, normaliseJoinCode } from '$lib/server/auth/join-code';
import { generateReadableCode } from '$lib/server/auth/password';

describe('normaliseJoinCode', () => {
	test.each([
		['abcd2345efgh', 'abcd2345efgh'],
		['ABCD2345EFGH', 'abcd2345efgh'],
		['abcd-2345-efgh', 'abcd2345efgh'],
		['abcd 2345 efgh', 'abcd2345efgh'],
		['  Abcd - 2345 -\tEFGH \n', 'abcd2345efgh'],
		['', '']
	])('%j → %j', (typed, expected) => {
		expect(normaliseJoinCode(typed)).toBe(expected);
	});

	test('a code and its typed variants hash alike; another code does not', () => {
		const code = generateReadableCode(12);
		const typed = code.toUpperCase().replace(/(.{4})(?=.)/g, '$1 - ');
		expect(hashJoinCode(typed)).toBe(hashJoinCode(code));
		expect(hashJoinCode(code)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashJoinCode(`${code}x`)).not.toBe(hashJoinCode(code));
	});

	test('generated codes use only unambiguous characters', () => {
		for (let i = 0; i < 200; i++) expect(generateReadableCode(12)).toMatch(/^[a-hjkmnp-z2-9]{12}$/);
	});
});
