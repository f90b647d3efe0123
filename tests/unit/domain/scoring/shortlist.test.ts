import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildShortlist, computeResults } from '$lib/domain/scoring';
import type { ShortlistRule } from '$lib/domain/scoring';
import { arbInputs } from './arbitraries';
import { body, inputs, slot } from './fixtures';

// Non-presenters: final = prior. prov: a 95, b 93, c 93, d 90, e 85; kem: k1 97, k2 91, k3 80.
const results = computeResults(
	inputs([
		body('a', 95),
		body('b', 93),
		body('c', 93),
		body('d', 90),
		body('e', 85),
		body('k1', 97, 'kem'),
		body('k2', 91, 'kem'),
		body('k3', 80, 'kem')
	])
);
const ids = (rule: ShortlistRule) => buildShortlist(results, rule).entries.map((e) => e.bodyId);

describe('buildShortlist', () => {
	it('top N per category includes every body tied at the cut line, and marks them', () => {
		const list = buildShortlist(results, { topPerCategory: 2 });
		expect(list.entries.map((e) => [e.bodyId, e.tiedAtCut])).toEqual([
			['k1', false],
			['a', false],
			['b', true],
			['c', true],
			['k2', false]
		]);
		expect(list.entries.find((e) => e.bodyId === 'b')?.reasons).toEqual([
			{ kind: 'top_in_category', rank: 2, limit: 2, tiedAtCut: true, gapToNext: 3, bubble: false }
		]);
		expect(list.entries.find((e) => e.bodyId === 'c')?.note).toBe('Rank 2 in prov (top 2; tied at the cut line).');
		expect(list).toMatchObject({ version: results.version, hash: results.hash, rule: { topPerCategory: 2 } });
	});

	it('top N nationally, and the union with top N per category, recording every reason', () => {
		expect(ids({ topNational: 3 })).toEqual(['k1', 'a', 'b', 'c']);
		const list = buildShortlist(results, { topNational: 1, topPerCategory: 1 });
		expect(list.entries.map((e) => [e.bodyId, e.reasons.map((r) => r.kind)])).toEqual([
			['k1', ['top_in_category', 'top_national']],
			['a', ['top_in_category']]
		]);
		expect(list.entries[0].note).toBe('Rank 1 in kem (top 1); rank 1 nationally (top 1).');
	});

	it('a minimum band or score removes bodies without pulling in the next one', () => {
		expect(ids({ topPerCategory: 3, minBand: 'Informatif' })).toEqual(['k1', 'a', 'b', 'c', 'k2']);
		expect(ids({ topPerCategory: 3, minScore: 93 })).toEqual(['k1', 'a', 'b', 'c']);
		expect(ids({ topPerCategory: 3, minBand: 'Menuju Informatif' })).toEqual(['k1', 'a', 'b', 'c', 'k2', 'k3']);
	});

	it('with only minimums, selects every body meeting them', () => {
		const list = buildShortlist(results, { minScore: 93 });
		expect(list.entries.map((e) => e.bodyId)).toEqual(['k1', 'a', 'b', 'c']);
		expect(list.entries[0]).toMatchObject({
			reasons: [{ kind: 'meets_minimum', minScore: 93 }],
			note: 'Meets a score of at least 93.',
			tiedAtCut: false,
			bubble: false
		});
	});

	it('flags the bubble: the gap to the next body is within the panel spread (weighted by the presentation stage)', () => {
		// B1: prior 91, jurors 100 and 80 → 90 → 63.7 + 27 = 90.70, spread 20 → ±6.00 on the final score. B2: 90.00.
		const wide = computeResults(inputs([body('B1', 91), body('B2', 90)], [slot('B1', [100, 80])]));
		expect(buildShortlist(wide, { topPerCategory: 1 }).entries[0]).toMatchObject({
			bodyId: 'B1',
			bubble: true,
			reasons: [{ gapToNext: 0.7, bubble: true }],
			note: 'Rank 1 in prov (top 1; on the bubble, 0.70 above the first body below the cut).'
		});
		// jurors 91 and 89: spread 2 → 0.60 < 0.70
		const narrow = computeResults(inputs([body('B1', 91), body('B2', 90)], [slot('B1', [91, 89])]));
		expect(buildShortlist(narrow, { topPerCategory: 1 }).entries[0]).toMatchObject({ bubble: false, reasons: [{ gapToNext: 0.7 }] });
	});

	it('a body is on the bubble only if every cut that selected it is', () => {
		const wide = computeResults(inputs([body('B1', 91), body('B2', 90), body('C1', 50, 'other')], [slot('B1', [100, 80])]));
		const entry = buildShortlist(wide, { topPerCategory: 1, topNational: 2 }).entries[0];
		expect(entry.reasons.map((r) => r.kind !== 'meets_minimum' && r.bubble)).toEqual([true, false]);
		expect(entry.bubble).toBe(false);
	});

	it('rejects rules it cannot apply', () => {
		expect(() => buildShortlist(results, {})).toThrow(expect.objectContaining({ code: 'empty_rule' }));
		expect(() => buildShortlist(results, { topPerCategory: 1.5 })).toThrow(expect.objectContaining({ code: 'invalid_rule' }));
		expect(() => buildShortlist(results, { minBand: 'Sangat Informatif' })).toThrow(expect.objectContaining({ code: 'unknown_band' }));
	});

	it('grows monotonically with N', () => {
		fc.assert(
			fc.property(
				arbInputs(),
				fc.integer({ min: 0, max: 20 }),
				fc.boolean(),
				fc.option(fc.constantFrom('Informatif', 'Cukup Informatif'), { nil: undefined }),
				(input, n, national, minBand) => {
					const set = computeResults(input);
					const rule = (k: number): ShortlistRule => (national ? { topNational: k, minBand } : { topPerCategory: k, minBand });
					const smaller = new Set(buildShortlist(set, rule(n)).entries.map((e) => e.bodyId));
					const larger = new Set(buildShortlist(set, rule(n + 1)).entries.map((e) => e.bodyId));
					for (const id of smaller) expect(larger.has(id)).toBe(true);
				}
			),
			{ numRuns: 300 }
		);
	});
});
