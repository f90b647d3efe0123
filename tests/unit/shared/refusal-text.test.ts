/**
 * Every refusal the server can give has words in both languages: the services can only throw a
 * reason from REFUSAL_REASONS (the type refuses any other), and each one here has an Indonesian
 * and an English text, every parameter filled in, and no word of the other language.
 */
import { describe, expect, test } from 'vitest';
import { REFUSAL_REASONS, type RefusalParams } from '$lib/shared/refusals';
import { refusalText } from '$lib/shared/refusal-text';
import { ENGLISH_WORDS, INDONESIAN_WORDS, wordsOf } from '../../support/language-words';

/** Parameters as the services send them; names chosen to read as neither language. */
const PARAMS: RefusalParams = {
	seconds: 42,
	valid: 1,
	quorum: 2,
	recused: 1,
	count: 3,
	names: 'Rahmat, Wulan',
	min: 10,
	criteria: 'K1, K2',
	command: 'certify',
	state: 'scoring'
};

describe.each(REFUSAL_REASONS)('the refusal %s', (reason) => {
	const id = refusalText({ reason, params: PARAMS }, 'id');
	const en = refusalText({ reason, params: PARAMS }, 'en');

	test('has an Indonesian and an English text, each different and complete', () => {
		expect(id.length).toBeGreaterThan(10);
		expect(en.length).toBeGreaterThan(10);
		expect(id).not.toBe(en);
		for (const text of [id, en]) expect(text).not.toMatch(/[{}]|undefined/);
	});

	test('says nothing in the other language', () => {
		expect(wordsOf(ENGLISH_WORDS, id)).toEqual([]);
		expect(wordsOf(INDONESIAN_WORDS, en)).toEqual([]);
	});
});

describe('a refusal in words', () => {
	test('names the chair command and the slot state in the reader language', () => {
		const params = { command: 'certify', state: 'scoring' };
		expect(refusalText({ reason: 'invalid_transition', params }, 'id')).toBe(
			'„Sahkan nilai” tidak dapat dilakukan: sesi ini berstatus „Penilaian dibuka”.'
		);
		expect(refusalText({ reason: 'invalid_transition', params }, 'en')).toMatch(/^“Certify scores” is not possible: this slot is “/);
	});

	test('an unknown or missing reason reads as a server failure, never as code', () => {
		const garbled = { reason: 'no_such_reason' } as unknown as Parameters<typeof refusalText>[0];
		expect(refusalText(garbled, 'en')).toBe(refusalText({ reason: 'internal' }, 'en'));
		expect(refusalText(undefined, 'id')).toBe(refusalText({ reason: 'internal' }, 'id'));
	});

	test('quorum out of reach does not advise reopening scoring', () => {
		const params = { valid: 1, quorum: 2, recused: 2 };
		expect(refusalText({ reason: 'quorum_not_met', params }, 'en')).toContain('Reopen scoring');
		expect(refusalText({ reason: 'quorum_unreachable', params }, 'en')).toContain('Reopening scoring will not help');
	});
});
