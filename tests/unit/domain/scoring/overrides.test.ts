/**
 * Corrected presentation and final scores (issue 8, item 3): an amendment may replace the panel's
 * presentation score or the computed final score of a body. Inputs without such a correction hash
 * and compute exactly as before the corrections existed (a pinned hash proves it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amend, applyAmendment, computeResults, hashInputs } from '$lib/domain/scoring';
import type { ResultInputs } from '$lib/domain/scoring';
import { arbInputs } from './arbitraries';
import { RUBRIC, RULES, body, flat, inputs, slot } from './fixtures';

describe('inputs without corrections', () => {
	/** Hashed with the scoring core as it was before corrected scores existed (commit 84d4020). */
	const PINNED = '3d983cb0eea363eec825ab9cee9f604374a3545a6d80e4219ebe030b3aa9c281';
	const pinned: ResultInputs = {
		rubric: RUBRIC,
		rules: { ...RULES, tieBreak: [{ kind: 'presentation' }] },
		bodies: [body('aceh', 92.31), body('bali', 88), body('kemkeu', 71.5, 'kem')],
		slots: [
			{
				bodyId: 'aceh',
				panelId: 'A',
				jurors: [
					{ jurorId: 'j1', status: 'scored', sheet: flat(80) },
					{ jurorId: 'j2', status: 'scored', sheet: flat(91) },
					{ jurorId: 'j3', status: 'recused' }
				]
			},
			{
				bodyId: 'bali',
				panelId: 'A',
				jurors: [
					{ jurorId: 'j1', status: 'scored', sheet: flat(70) },
					{ jurorId: 'j2', status: 'absent' },
					{ jurorId: 'j3', status: 'scored', sheet: flat(99) }
				]
			}
		]
	};

	it('hash as they did before corrected scores existed', () => {
		expect(hashInputs(pinned)).toBe(PINNED);
		expect(computeResults(pinned).hash).toBe(PINNED);
	});

	it('carry no trace of corrections in their results', () => {
		fc.assert(
			fc.property(arbInputs(), (input) => {
				for (const entry of computeResults(input).entries) expect(entry).not.toHaveProperty('overridden');
			}),
			{ numRuns: 50 }
		);
	});
});

describe('a corrected presentation score', () => {
	// X: prior 85, jurors 80 and 80 → 80 → 59.50 + 24 = 83.50; Y: prior 80, jurors 60 and 80 → 70 → 56 + 21 = 77.00
	const base = inputs([body('X', 85), body('Y', 80), body('Z', 95)], [slot('X', [80, 80]), slot('Y', [60, 80])]);

	it('replaces the panel score: the final score, band and rank follow it, and the panel score is kept', () => {
		const corrected = applyAmendment(base, { kind: 'presentation_score', bodyId: 'Y', score: 100, reason: 'Recount of the sheets' });
		const y = computeResults(corrected).entries.find((e) => e.bodyId === 'Y')!;
		// 56 + 30 = 86.00
		expect(y).toMatchObject({
			finalScore: 86,
			band: 'Menuju Informatif',
			rankInCategory: 2,
			presentation: { status: 'scored', score: 100, validCount: 2 },
			overridden: { presentation: 70 }
		});
		expect(y.overridden).not.toHaveProperty('final');
	});

	it('scores a slot below quorum: no longer provisional', () => {
		const thin = inputs([body('Y', 80)], [slot('Y', [70, 'recused'])], { aggregation: { ...RULES.aggregation, quorum: 2 } });
		expect(computeResults(thin).entries[0]).toMatchObject({ provisional: true, finalScore: 80 });
		const corrected = applyAmendment(thin, { kind: 'presentation_score', bodyId: 'Y', score: 90, reason: 'Panel minutes' });
		expect(computeResults(corrected).entries[0]).toMatchObject({
			provisional: false,
			finalScore: 83,
			presentation: { status: 'scored', score: 90 },
			overridden: { presentation: null }
		});
	});

	it('is what the presentation tie-break reads', () => {
		// A and B: prior 80, presentation 90 → both 83.00, and the presentation tie-break cannot split them.
		const tie = inputs([body('A', 80), body('B', 80)], [slot('A', [90, 90]), slot('B', [90, 90])], {
			tieBreak: [{ kind: 'presentation' }]
		});
		const results = computeResults(tie);
		expect(results.entries.map((e) => e.rankInCategory)).toEqual([1, 1]);
		// A's presentation corrected to 95 and its final score to 83.00: still tied with B, now split by the corrected presentation.
		const split = applyAmendment(applyAmendment(tie, { kind: 'presentation_score', bodyId: 'A', score: 95, reason: 'r' }), {
			kind: 'final_score',
			bodyId: 'A',
			score: 83,
			reason: 'r'
		});
		const ranked = computeResults(split).entries;
		expect(ranked.find((e) => e.bodyId === 'A')).toMatchObject({ finalScore: 83, rankInCategory: 1 });
		expect(ranked.find((e) => e.bodyId === 'A')!.tieBreak).toMatchObject({ decidedBy: { kind: 'presentation' }, decidedValue: 95 });
		expect(ranked.find((e) => e.bodyId === 'B')).toMatchObject({ finalScore: 83, rankInCategory: 2 });
	});

	it('is refused for a body that did not present, by the amendment and by the inputs', () => {
		expect(() => applyAmendment(base, { kind: 'presentation_score', bodyId: 'Z', score: 90, reason: 'r' })).toThrow(
			expect.objectContaining({ code: 'no_slot' })
		);
		const forced = { ...base, bodies: base.bodies.map((b) => (b.bodyId === 'Z' ? { ...b, presentationOverride: 90 } : b)) };
		expect(() => computeResults(forced)).toThrow(expect.objectContaining({ code: 'no_slot' }));
	});
});

describe('a corrected final score', () => {
	const base = inputs([body('X', 85), body('Y', 80), body('Z', 95)], [slot('X', [80, 80]), slot('Y', [60, 80])]);

	it('replaces the computed final score, band and ranks, for a body that presented or not', () => {
		const corrected = applyAmendment(applyAmendment(base, { kind: 'final_score', bodyId: 'Y', score: 96.5, reason: 'SK 2' }), {
			kind: 'final_score',
			bodyId: 'Z',
			score: 79.99,
			reason: 'SK 2'
		});
		const entries = computeResults(corrected).entries;
		expect(entries.find((e) => e.bodyId === 'Y')).toMatchObject({
			finalScore: 96.5,
			band: 'Informatif',
			rankInCategory: 1,
			nationalRank: 1,
			overridden: { final: 77 }
		});
		expect(entries.find((e) => e.bodyId === 'Z')).toMatchObject({ finalScore: 79.99, band: 'Cukup Informatif', rankInCategory: 3 });
	});

	it('wins over a corrected presentation score of the same body', () => {
		const both = applyAmendment(applyAmendment(base, { kind: 'final_score', bodyId: 'Y', score: 70, reason: 'r' }), {
			kind: 'presentation_score',
			bodyId: 'Y',
			score: 100,
			reason: 'r'
		});
		expect(computeResults(both).entries.find((e) => e.bodyId === 'Y')).toMatchObject({
			finalScore: 70,
			presentation: { score: 100 },
			overridden: { presentation: 70, final: 86 }
		});
	});

	it('a later correction of the same body and kind wins', () => {
		const twice = [96.5, 91, 88.25].reduce(
			(acc, score) => applyAmendment(acc, { kind: 'final_score', bodyId: 'Y', score, reason: 'r' }),
			base
		);
		expect(computeResults(twice).entries.find((e) => e.bodyId === 'Y')!.finalScore).toBe(88.25);
	});

	it('refuses a value outside 0–100 or not a number, and a body that is not there', () => {
		for (const score of [-0.01, 100.01, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(() => computeResults(applyAmendment(base, { kind: 'final_score', bodyId: 'Y', score, reason: 'r' }))).toThrow(
				expect.objectContaining({ code: 'invalid_override' })
			);
		}
		expect(() => applyAmendment(base, { kind: 'final_score', bodyId: 'nobody', score: 50, reason: 'r' })).toThrow(
			expect.objectContaining({ code: 'unknown_body' })
		);
	});

	it('changes the hash (a correction is a new version), and so does a presentation correction', () => {
		const h = hashInputs(base);
		const final = applyAmendment(base, { kind: 'final_score', bodyId: 'Y', score: 77, reason: 'same number, still a decision' });
		const presentation = applyAmendment(base, { kind: 'presentation_score', bodyId: 'Y', score: 77, reason: 'r' });
		expect(new Set([h, hashInputs(final), hashInputs(presentation)]).size).toBe(3);
	});

	it('amend() shows who moved', () => {
		const v1 = computeResults(base);
		const { diff, resultSet } = amend(v1, base, { kind: 'final_score', bodyId: 'Y', score: 96.5, reason: 'SK 2: calculation error' });
		expect(resultSet.version).toBe(2);
		expect(diff.changes.find((c) => c.bodyId === 'Y')).toMatchObject({
			before: { finalScore: 77, rankInCategory: 3 },
			after: { finalScore: 96.5, rankInCategory: 1 },
			categoryMove: 2,
			bandChanged: true
		});
	});
});
