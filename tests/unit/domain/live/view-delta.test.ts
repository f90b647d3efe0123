import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyDelta, diff, receiveStep, type Json } from '$lib/domain/live/view-delta';

/** JSON as it travels (no -0, which JSON turns into 0). */
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as Json);

/** A leaderboard-like list: records with a body id, some of them shared between two versions. */
const line = fc.record({ bodyId: fc.constantFrom('a', 'b', 'c', 'd', 'e', '__proto__'), rank: fc.nat(5), tie: fc.option(json) });
const board = fc.uniqueArray(line, { selector: (l) => l.bodyId, maxLength: 6 }) as fc.Arbitrary<Json>;
const view = fc.record({ rooms: board, results: fc.oneof(board, json), label: json }) as fc.Arbitrary<Json>;

describe('deltas between two versions of a view', () => {
	test('applying diff(a, b) to a gives b, for any JSON', () => {
		fc.assert(
			fc.property(json, json, (a, b) => {
				expect(applyDelta(a, diff(a, b))).toEqual(b);
			}),
			{ numRuns: 2_000 }
		);
	});

	test('applying diff(a, b) to a gives b, for views with lists of records that reorder, come and go', () => {
		fc.assert(
			fc.property(view, view, (a, b) => {
				expect(applyDelta(a, diff(a, b))).toEqual(b);
			}),
			{ numRuns: 2_000 }
		);
	});

	test('a delta applied to the newer view changes nothing (a sync that already holds the change)', () => {
		fc.assert(
			fc.property(view, view, (a, b) => {
				expect(applyDelta(b, diff(a, b))).toEqual(b);
			}),
			{ numRuns: 1_000 }
		);
	});

	test('the original is left as it was', () => {
		fc.assert(
			fc.property(view, view, (a, b) => {
				const before = structuredClone(a);
				applyDelta(a, diff(a, b));
				expect(a).toEqual(before);
			})
		);
	});

	test('equal views have no delta', () => {
		fc.assert(
			fc.property(view, (a) => {
				expect(diff(a, structuredClone(a))).toBeNull();
			})
		);
	});

	test('one leaderboard line that changed is sent, not the board', () => {
		const lines = ['a', 'b', 'c', 'd'].map((bodyId, i) => ({ bodyId, rank: i + 1, finalScore: 90 - i, band: 'A' }));
		const before = {
			rooms: [{ panelId: 'p1', onStage: { id: 's1', state: 'presenting' } }],
			leaderboards: [{ categoryId: 'c1', entries: lines }]
		};
		const after = {
			rooms: [{ panelId: 'p1', onStage: { id: 's1', state: 'qa' } }],
			leaderboards: [{ categoryId: 'c1', entries: lines.map((l) => (l.bodyId === 'c' ? { ...l, finalScore: 88.5 } : l)) }]
		};
		expect(diff(before, after)).toEqual({
			o: {
				rooms: { k: 'panelId', o: { p1: { o: { onStage: { o: { state: { $: 'qa' } } } } } } },
				leaderboards: { k: 'categoryId', o: { c1: { o: { entries: { k: 'bodyId', o: { c: { o: { finalScore: { $: 88.5 } } } } } } } } }
			}
		});
	});

	test('a line that moves sends the new order and its own change only', () => {
		const a = [
			{ bodyId: 'x', rank: 1 },
			{ bodyId: 'y', rank: 2 }
		];
		const b = [
			{ bodyId: 'y', rank: 1 },
			{ bodyId: 'x', rank: 2 }
		];
		expect(diff(a, b)).toEqual({ k: 'bodyId', o: { y: { o: { rank: { $: 1 } } }, x: { o: { rank: { $: 2 } } } }, ids: ['y', 'x'] });
	});

	test('a delta that does not fit the value is refused', () => {
		expect(() => applyDelta({ a: 1 }, { k: 'bodyId', o: {} })).toThrow();
		expect(() => applyDelta([1], { o: {} })).toThrow();
		expect(() => applyDelta([], { k: 'bodyId', o: {}, ids: ['ghost'] })).toThrow();
	});
});

describe('a client receiving versioned patches', () => {
	const held = { version: 4, data: { n: 4 } as Json };

	test('applies the patch that starts from the version it holds', () => {
		expect(receiveStep(held, { from: 4, to: 5, delta: { o: { n: { $: 5 } } } })).toEqual({
			kind: 'applied',
			view: { version: 5, data: { n: 5 } }
		});
	});

	test('a patch over several coalesced changes applies the same way', () => {
		expect(receiveStep(held, { from: 4, to: 7, delta: null })).toEqual({ kind: 'applied', view: { version: 7, data: { n: 4 } } });
	});

	test('ignores a patch it already has, or an older one', () => {
		expect(receiveStep(held, { from: 3, to: 4, delta: null })).toEqual({ kind: 'stale' });
		expect(receiveStep(held, { from: 1, to: 2, delta: null })).toEqual({ kind: 'stale' });
	});

	test('a gap (it missed the patch before) or nothing held: fetch the whole view', () => {
		expect(receiveStep(held, { from: 5, to: 6, delta: null })).toEqual({ kind: 'gap' });
		expect(receiveStep(null, { from: 4, to: 5, delta: null })).toEqual({ kind: 'gap' });
	});
});
