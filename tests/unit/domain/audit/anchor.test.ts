/**
 * Anchors against the log: a matching anchor passes, one beyond the last row is a truncation, one
 * whose row has another hash is a rewrite; anchors are read only in their exact printed form.
 */
import { describe, expect, test } from 'vitest';
import { checkAnchors, describeAuditFinding, formatAnchor, parseAnchor, type AuditAnchor } from '$lib/domain/audit';

const hex = (c: string) => c.repeat(64);
const log = new Map([
	[1, hex('a')],
	[2, hex('b')],
	[3, hex('c')]
]);
const at = (seq: number) => log.get(seq);
const anchor = (seq: number, hash: string, source = 'results version 1'): AuditAnchor => ({ seq, hash, source });

describe('parseAnchor and formatAnchor', () => {
	test('round trip, and the hash is read case-insensitively', () => {
		const head = { seq: 42, hash: hex('9') };
		expect(parseAnchor(formatAnchor(head))).toEqual(head);
		expect(parseAnchor(` 42:${hex('F')} `)).toEqual({ seq: 42, hash: hex('f') });
	});

	test.each([
		['no colon', `42${hex('a')}`],
		['a short hash (a prefix is not an anchor)', `42:${'a'.repeat(12)}`],
		['not hex', `42:${hex('g')}`],
		['seq 0', `0:${hex('a')}`],
		['a negative seq', `-1:${hex('a')}`],
		['extra text', `42:${hex('a')}x`],
		['empty', '']
	])('refuses %s', (_, text) => {
		expect(parseAnchor(text)).toBeNull();
	});
});

describe('checkAnchors', () => {
	test('anchors that match the log, at its head or before, find nothing', () => {
		expect(checkAnchors([anchor(3, hex('c')), anchor(1, hex('a'))], at, 3)).toEqual([]);
	});

	test('an anchor beyond the last row is a truncation, naming the last row', () => {
		const cut = anchor(5, hex('e'), '--anchor');
		expect(checkAnchors([cut], at, 3)).toEqual([{ kind: 'truncated', anchor: cut, lastSeq: 3 }]);
		expect(describeAuditFinding({ kind: 'truncated', anchor: cut, lastSeq: 3 })).toBe(
			`anchor 5:${hex('e')} (--anchor): truncated: the log ends at row 3, so rows up to 5 were removed`
		);
	});

	test('an anchor whose row now has another hash is a rewrite, with the hash found', () => {
		const old = anchor(2, hex('d'));
		expect(checkAnchors([old], at, 3)).toEqual([{ kind: 'rewritten', anchor: old, actualHash: hex('b') }]);
	});

	test('an empty log truncates every anchor; a missing row inside the log is named', () => {
		expect(checkAnchors([anchor(1, hex('a'))], () => undefined, 0)).toMatchObject([{ kind: 'truncated', lastSeq: 0 }]);
		expect(checkAnchors([anchor(2, hex('b'))], (seq) => (seq === 2 ? undefined : hex('x')), 3)).toMatchObject([{ kind: 'missing' }]);
	});
});
