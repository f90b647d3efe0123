import { describe, expect, test } from 'vitest';
import { SESSION_COOKIE, generateSessionToken, sessionIdFromToken, sessionTokenFromCookieHeader } from '$lib/server/auth/session';

describe('sessionTokenFromCookieHeader', () => {
	test.each([
		['no header', undefined, null],
		['an empty header', '', null],
		['only the session cookie', 'juri_session=abc123', 'abc123'],
		['among other cookies', 'theme=dark; juri_session=abc123; PARAGLIDE_LOCALE=id', 'abc123'],
		['with spaces around the name and value', ' juri_session =  abc123 ;x=1', 'abc123'],
		['percent-encoded', 'juri_session=a%2Bb', 'a+b'],
		['malformed percent-encoding (kept raw, never thrown)', 'juri_session=%E0%A4%A', '%E0%A4%A'],
		['a lone percent sign', 'juri_session=%', '%'],
		['a cookie whose name only ends like ours', 'xjuri_session=evil', null],
		['a cookie whose name only starts like ours', 'juri_session_old=evil', null],
		['the name without a value', 'juri_session', null],
		['an empty value', 'juri_session=', ''],
		['a value containing "="', 'juri_session=a=b', 'a=b'],
		['a name starting with "="', '=juri_session', null]
	])('%s', (_label, header, expected) => {
		expect(sessionTokenFromCookieHeader(header)).toBe(expected);
	});

	test('the first session cookie wins when the header repeats it', () => {
		expect(sessionTokenFromCookieHeader('juri_session=first; juri_session=second')).toBe('first');
	});

	test('never throws, whatever the header', () => {
		const samples = ['%', '%%%', ';;;', '=;=;', 'juri_session=%ZZ', 'juri_session=\u0000', 'juri_session=%uD800', 'juri_session=%C0%AF'];
		for (const header of samples) expect(() => sessionTokenFromCookieHeader(header)).not.toThrow();
	});

	test('reads back a real token from the cookie the app sets', () => {
		const token = generateSessionToken();
		expect(sessionTokenFromCookieHeader(`${SESSION_COOKIE}=${token}`)).toBe(token);
	});
});

describe('sessionIdFromToken', () => {
	test('is the lowercase hex SHA-256 of the token', async () => {
		const { createHash } = await import('node:crypto');
		const token = generateSessionToken();
		expect(sessionIdFromToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
		expect(sessionIdFromToken(token)).not.toContain(token);
	});
});
