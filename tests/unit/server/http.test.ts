import { describe, expect, test } from 'vitest';
import { bodyLimitFor, checkBodyLimit, IMPORT_BODY_BYTES, SMALL_BODY_BYTES } from '$lib/server/http/body-limit';
import { parseFrameAncestors, securityHeaders } from '$lib/server/http/security-headers';

describe('securityHeaders', () => {
	test('only /live may be framed, by this origin and the configured ones', () => {
		expect(securityHeaders('/live', "default-src 'self'", ['https://signage.example'])).toMatchObject({
			'content-security-policy': "default-src 'self'; frame-ancestors 'self' https://signage.example",
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'same-origin'
		});
		expect(securityHeaders('/live', null, [])).toMatchObject({
			'content-security-policy': "frame-ancestors 'self'",
			'x-frame-options': 'SAMEORIGIN'
		});
		expect(securityHeaders('/live', null, ['https://signage.example'])['x-frame-options']).toBeUndefined();
		for (const route of ['/admin', '/juror', '/panel', '/login', '/', null]) {
			expect(securityHeaders(route, "default-src 'self'", ['https://signage.example'])).toMatchObject({
				'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
				'x-frame-options': 'DENY'
			});
		}
	});
});

describe('parseFrameAncestors (JURI_FRAME_ANCESTORS)', () => {
	test('origins, separated by spaces or commas', () => {
		expect(parseFrameAncestors(undefined)).toEqual([]);
		expect(parseFrameAncestors('  ')).toEqual([]);
		expect(parseFrameAncestors('https://a.example, http://b.example:8080 https://c.example/')).toEqual([
			'https://a.example',
			'http://b.example:8080',
			'https://c.example'
		]);
	});
	test.each([
		'*',
		'https://*.example',
		'signage.example',
		"'self'",
		'javascript:alert(1)',
		'https://a.example/path',
		'https://a.example;script-src *'
	])('%s is refused at start-up', (value) => {
		expect(() => parseFrameAncestors(value)).toThrow(/JURI_FRAME_ANCESTORS/);
	});
});

describe('body limits by route', () => {
	const url = (path: string) => new URL(`http://juri.test${path}`);
	test('the spreadsheet import actions take 6 MB, everything else a small body', () => {
		for (const action of ['preview', 'check', 'import']) {
			expect(bodyLimitFor('/admin/e/[evaluationId]/bodies', url(`/admin/e/1/bodies?/${action}`))).toBe(IMPORT_BODY_BYTES);
		}
		expect(bodyLimitFor('/admin/e/[evaluationId]/bodies', url('/admin/e/1/bodies?/createBody'))).toBe(SMALL_BODY_BYTES);
		expect(bodyLimitFor('/admin/e/[evaluationId]/people', url('/admin/e/1/people?/preview'))).toBe(SMALL_BODY_BYTES);
		expect(bodyLimitFor(null, url('/admin/e/1/bodies?/preview'))).toBe(SMALL_BODY_BYTES);
		expect(bodyLimitFor('/login', url('/login'))).toBe(SMALL_BODY_BYTES);
	});
	const post = (headers: Record<string, string>) => new Request('http://juri.test/login', { method: 'POST', body: 'x', headers });
	test('a declared length over the limit is 413, an undeclared one 411 where the limit is small', () => {
		expect(() => checkBodyLimit(post({ 'content-length': String(SMALL_BODY_BYTES + 1) }), SMALL_BODY_BYTES)).toThrow(
			expect.objectContaining({ status: 413 })
		);
		expect(() => checkBodyLimit(post({ 'content-length': String(SMALL_BODY_BYTES) }), SMALL_BODY_BYTES)).not.toThrow();
		expect(() => checkBodyLimit(new Request('http://juri.test/login', { method: 'POST', body: 'x' }), SMALL_BODY_BYTES)).toThrow(
			expect.objectContaining({ status: 411 })
		);
		expect(() => checkBodyLimit(new Request('http://juri.test/login'), SMALL_BODY_BYTES)).not.toThrow();
	});
});
