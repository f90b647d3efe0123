import { describe, expect, test } from 'vitest';
import { AddressUnknown, addressConfigFromEnv, clientAddress } from '$lib/server/realtime/client-address';

describe('clientAddress: the same rules as adapter-node for HTTP', () => {
	test.each([
		['no header configured: the TCP peer', {}, undefined, '10.0.0.3', '10.0.0.3'],
		['X-Forwarded-For, one proxy: the rightmost address', { 'x-forwarded-for': '198.51.100.4, 203.0.113.9' }, 1, '10.0.0.3', '203.0.113.9'],
		[
			'X-Forwarded-For, two proxies: second from the right',
			{ 'x-forwarded-for': '198.51.100.4, 203.0.113.9' },
			2,
			'10.0.0.3',
			'198.51.100.4'
		],
		[
			'X-Forwarded-For: a spoofed left part is ignored',
			{ 'x-forwarded-for': '1.2.3.4, 5.6.7.8, 203.0.113.9' },
			1,
			'10.0.0.3',
			'203.0.113.9'
		],
		['X-Forwarded-For sent twice: the values join', { 'x-forwarded-for': ['198.51.100.4', '203.0.113.9'] }, 1, '10.0.0.3', '203.0.113.9']
	])('%s', (_label, headers, xffDepth, remoteAddress, expected) => {
		const header = Object.keys(headers)[0];
		expect(clientAddress({ headers, remoteAddress }, { header, xffDepth: xffDepth ?? 1 })).toBe(expected);
	});

	test('another header (e.g. X-Real-IP) is taken as it is', () => {
		expect(
			clientAddress({ headers: { 'x-real-ip': ' 198.51.100.4 ' }, remoteAddress: '10.0.0.3' }, { header: 'x-real-ip', xffDepth: 1 })
		).toBe('198.51.100.4');
	});

	test('a configured header that is missing, or too few forwarded addresses, is refused', () => {
		expect(() => clientAddress({ headers: {}, remoteAddress: '10.0.0.3' }, { header: 'x-forwarded-for', xffDepth: 1 })).toThrow(
			AddressUnknown
		);
		expect(() =>
			clientAddress(
				{ headers: { 'x-forwarded-for': '203.0.113.9' }, remoteAddress: '10.0.0.3' },
				{ header: 'x-forwarded-for', xffDepth: 2 }
			)
		).toThrow(AddressUnknown);
	});

	test('the configuration is read from the same variables as adapter-node, and a bad XFF_DEPTH stops start-up', () => {
		expect(addressConfigFromEnv({})).toEqual({ header: undefined, xffDepth: 1 });
		expect(addressConfigFromEnv({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' })).toEqual({ header: 'x-forwarded-for', xffDepth: 2 });
		for (const bad of ['0', '-1', '1.5', 'two']) expect(() => addressConfigFromEnv({ XFF_DEPTH: bad })).toThrow(/XFF_DEPTH/);
	});
});
