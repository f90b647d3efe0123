import { describe, expect, test } from 'vitest';
import { NOTES_TOTAL_MAX_CHARS, NOTE_MAX_CHARS, sameNotes, tidyNotes } from '$lib/domain/live/juror-notes';

const codes = ['K1', 'K2', 'K3', 'K4'];

describe('tidyNotes', () => {
	test('trims, drops empty notes, and gives null when nothing is left', () => {
		expect(tidyNotes(codes, { criteria: { K1: '  a  ', K2: ' ' }, overall: ' b ' })).toEqual({
			ok: true,
			value: { criteria: { K1: 'a' }, overall: 'b' }
		});
		expect(tidyNotes(codes, { criteria: { K1: '  ' }, overall: '' })).toEqual({ ok: true, value: null });
		expect(tidyNotes(codes, undefined)).toEqual({ ok: true, value: null });
	});

	test('refuses a criterion the rubric does not have, and notes past the bounds', () => {
		expect(tidyNotes(codes, { criteria: { K9: 'x' } })).toEqual({ ok: false, issue: 'unknown_criterion', code: 'K9' });
		expect(tidyNotes(codes, { overall: 'x'.repeat(NOTE_MAX_CHARS + 1) })).toEqual({ ok: false, issue: 'too_long' });
		// Trimmed length counts: spaces around a full note are fine.
		expect(tidyNotes(codes, { overall: ` ${'x'.repeat(NOTE_MAX_CHARS)} ` }).ok).toBe(true);
		const full = 'x'.repeat(NOTE_MAX_CHARS);
		const atTotal = { criteria: { K1: full, K2: full }, overall: 'x'.repeat(NOTES_TOTAL_MAX_CHARS - 2 * NOTE_MAX_CHARS) };
		expect(tidyNotes(codes, atTotal).ok).toBe(true);
		expect(tidyNotes(codes, { ...atTotal, criteria: { ...atTotal.criteria, K3: 'y' } })).toEqual({ ok: false, issue: 'too_long' });
	});
});

describe('sameNotes', () => {
	test('compares notes as the server keeps them', () => {
		expect(sameNotes({ criteria: { K1: ' a ', K2: '' }, overall: '' }, { criteria: { K1: 'a' }, overall: '' })).toBe(true);
		expect(sameNotes({ criteria: {}, overall: '' }, null)).toBe(true);
		expect(sameNotes({ criteria: { K1: 'a' }, overall: '' }, null)).toBe(false);
		expect(sameNotes({ criteria: {}, overall: 'b' }, { criteria: { K1: 'a' }, overall: 'b' })).toBe(false);
	});
});
