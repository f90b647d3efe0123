/**
 * Comparing two result versions (issue 8, item 2): rank and score moves per body, bodies entering
 * or leaving a band, and bodies entering or leaving the shortlist drawn with the visitation rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAmendment, compareResults, computeResults, diffResults } from '$lib/domain/scoring';
import type { Amendment } from '$lib/domain/scoring';
import { arbInputs } from './arbitraries';
import { body, inputs } from './fixtures';

describe('compareResults: the 2024 second decree', () => {
	// Banten 83.70 (Menuju Informatif, rank 4) corrected to 95.80: rank 2, tied with Jateng; Jatim drops to 4.
	const base = inputs([
		body('dki', 99),
		body('jateng', 95.8),
		body('jatim', 91),
		body('banten', 83.7),
		body('bali', 70),
		body('kemkeu', 88, 'kem')
	]);
	const v1 = computeResults(base, 1);
	const correction: Amendment = { kind: 'prior_score', bodyId: 'banten', priorScore: 95.8, reason: 'SK 2' };
	const v2 = computeResults(applyAmendment(base, correction), 2);
	const comparison = compareResults(v1, v2, { shortlistRule: { topPerCategory: 2 } });
	const move = (id: string) => comparison.moves.find((m) => m.bodyId === id);

	it('names both versions', () => {
		expect(comparison.from).toEqual({ version: 1, hash: v1.hash });
		expect(comparison.to).toEqual({ version: 2, hash: v2.hash });
	});

	it('gives each body that moved its rank and score move, in the category and nationally', () => {
		expect(move('banten')).toEqual({
			bodyId: 'banten',
			categoryId: 'prov',
			before: { finalScore: 83.7, band: 'Menuju Informatif', rankInCategory: 4, nationalRank: 5 },
			after: { finalScore: 95.8, band: 'Informatif', rankInCategory: 2, nationalRank: 2 },
			scoreChanged: true,
			rankChanged: true,
			bandChanged: true,
			categoryChanged: false,
			scoreMove: 12.1,
			categoryMove: 2,
			nationalMove: 3,
			shortlist: 'entered',
			shifted: false
		});
		// Overtaken: only its rank moved.
		expect(move('jatim')).toMatchObject({
			scoreChanged: false,
			scoreMove: 0,
			categoryMove: -1,
			nationalMove: -1,
			shortlist: null,
			shifted: true
		});
		expect(move('kemkeu')).toMatchObject({ categoryMove: 0, nationalMove: -1 });
		// Jateng keeps rank 2 (now shared) and the top of the table did not move at all.
		expect(move('jateng')).toBeUndefined();
		expect(move('dki')).toBeUndefined();
		expect(comparison.moves.map((m) => m.bodyId)).toEqual(['kemkeu', 'banten', 'jatim']);
	});

	it('lists who came into and went out of each band', () => {
		expect(comparison.bands).toEqual([
			{ band: 'Informatif', entered: ['banten'], left: [] },
			{ band: 'Menuju Informatif', entered: [], left: ['banten'] }
		]);
	});

	it('lists who entered and left the shortlist drawn with the same rule from each version', () => {
		// Top 2 per category: v1 dki, jateng; v2 dki and the shared second place jateng, banten.
		expect(comparison.shortlist).toEqual({ rule: { topPerCategory: 2 }, entered: ['banten'], left: [] });
		const lower = compareResults(v2, v1, { shortlistRule: { topPerCategory: 2 } });
		expect(lower.shortlist).toMatchObject({ entered: [], left: ['banten'] });
		expect(lower.moves.find((m) => m.bodyId === 'banten')).toMatchObject({ categoryMove: -2, scoreMove: -12.1, shortlist: 'left' });
	});

	it('has no shortlist without a rule, and refuses a rule that does not fit the versions', () => {
		expect(compareResults(v1, v2).shortlist).toBeNull();
		expect(() => compareResults(v1, v2, { shortlistRule: { minBand: 'Gold' } })).toThrow(expect.objectContaining({ code: 'unknown_band' }));
	});

	it('finds nothing between a version and itself', () => {
		expect(compareResults(v1, v1, { shortlistRule: { topNational: 3 } })).toMatchObject({
			moves: [],
			bands: [],
			shortlist: { entered: [], left: [] }
		});
	});
});

describe('compareResults: versions of different bodies', () => {
	const v1 = computeResults(inputs([body('a', 90), body('b', 80), body('c', 70)]), 1);
	// A re-import added d, removed c, and moved b to another category.
	const v2 = computeResults(inputs([body('a', 90), body('b', 80, 'other'), body('d', 85)]), 2);
	const { moves, bands } = compareResults(v1, v2);

	it('shows a body that came or went with a null side', () => {
		expect(moves.find((m) => m.bodyId === 'd')).toMatchObject({
			shifted: false,
			before: null,
			after: { finalScore: 85, rankInCategory: 2 },
			scoreMove: null,
			categoryMove: null,
			nationalMove: null
		});
		expect(moves.find((m) => m.bodyId === 'c')).toMatchObject({ before: { finalScore: 70 }, after: null, categoryId: 'prov' });
		expect(moves.at(-1)!.bodyId).toBe('c');
	});

	it('does not compare category ranks across categories', () => {
		expect(moves.find((m) => m.bodyId === 'b')).toMatchObject({
			categoryId: 'other',
			categoryChanged: true,
			categoryMove: null,
			nationalMove: -1,
			shifted: false
		});
	});

	it('counts a body that came into a band or left it with its version', () => {
		expect(bands).toEqual([
			{ band: 'Menuju Informatif', entered: ['d'], left: [] },
			{ band: 'Cukup Informatif', entered: [], left: ['c'] }
		]);
	});
});

describe('compareResults agrees with diffResults on the same bodies', () => {
	it('for every body in both, the same positions and moves', () => {
		fc.assert(
			fc.property(
				arbInputs().chain((input) =>
					fc.tuple(
						fc.constant(input),
						fc.constantFrom(...input.bodies.map((b) => b.bodyId)),
						fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100)
					)
				),
				([input, bodyId, priorScore]) => {
					const v1 = computeResults(input, 1);
					const v2 = computeResults(applyAmendment(input, { kind: 'prior_score', bodyId, priorScore, reason: 'r' }), 2);
					const expected = diffResults(v1, v2).changes;
					const moves = compareResults(v1, v2).moves;
					expect(moves.map((m) => m.bodyId)).toEqual(expected.map((c) => c.bodyId));
					for (const [i, c] of expected.entries()) {
						expect(moves[i]).toMatchObject({
							before: c.before,
							after: c.after,
							scoreChanged: c.scoreChanged,
							rankChanged: c.rankChanged,
							bandChanged: c.bandChanged,
							categoryMove: c.categoryMove,
							nationalMove: c.nationalMove
						});
					}
				}
			),
			{ numRuns: 100 }
		);
	});
});
