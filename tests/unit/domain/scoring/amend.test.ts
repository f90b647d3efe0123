import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoringError, amend, applyAmendment, computeResults, diffResults } from '$lib/domain/scoring';
import type { Amendment, ResultInputs } from '$lib/domain/scoring';
import { arbInputs, arbSheet } from './arbitraries';
import { RULES, body, flat, inputs, slot } from './fixtures';

describe('amend: the 2024 correction', () => {
	// One province: top 99.50, then 17 bodies from 98.30 down to 93.50, then the corrected body at 92.31 (rank 19), then 5 more.
	const above = Array.from({ length: 17 }, (_, i) => body(`p${String(i + 2).padStart(2, '0')}`, Math.round(9830 - 30 * i) / 100));
	const below = [91, 90, 85, 80, 70].map((s, i) => body(`q${i}`, s));
	const base = inputs([body('p01', 99.5), ...above, body('aceh', 92.31), ...below, body('kemkeu', 95, 'kementerian')]);
	const v1 = computeResults(base);
	const amendment: Amendment = {
		kind: 'prior_score',
		bodyId: 'aceh',
		priorScore: 98.31,
		reason: 'Second decree: a calculation error in the SAQ score'
	};
	const { resultSet: v2, diff, inputs: next } = amend(v1, base, amendment);

	it('moves the body from 92.31, rank 19, to 98.31, rank 2 of its category', () => {
		const aceh = diff.changes.find((c) => c.bodyId === 'aceh');
		expect(aceh).toEqual({
			bodyId: 'aceh',
			categoryId: 'prov',
			before: { finalScore: 92.31, band: 'Informatif', rankInCategory: 19, nationalRank: 20 },
			after: { finalScore: 98.31, band: 'Informatif', rankInCategory: 2, nationalRank: 2 },
			scoreChanged: true,
			rankChanged: true,
			bandChanged: false,
			categoryMove: 17,
			nationalMove: 18
		});
	});

	it('shows everyone it overtook, one place down, and no one else', () => {
		const others = diff.changes.filter((c) => c.bodyId !== 'aceh');
		expect(others.map((c) => c.bodyId).sort()).toEqual([...above.map((b) => b.bodyId), 'kemkeu'].sort());
		for (const c of others) expect([c.scoreChanged, c.nationalMove]).toEqual([false, -1]);
		expect(others.filter((c) => c.categoryId === 'prov').every((c) => c.categoryMove === -1)).toBe(true);
		expect(diff.changes.some((c) => c.bodyId === 'p01' || c.bodyId.startsWith('q'))).toBe(false);
	});

	it('makes a new version with a new hash and records the reason', () => {
		expect([v2.version, diff.from.version, diff.to.version]).toEqual([2, 1, 2]);
		expect(v2.hash).not.toBe(v1.hash);
		expect(diff).toMatchObject({ from: { hash: v1.hash }, to: { hash: v2.hash }, reason: amendment.reason, amendment });
		expect(next.bodies.find((b) => b.bodyId === 'aceh')?.priorScore).toBe(98.31);
		// the previous inputs are untouched
		expect(base.bodies.find((b) => b.bodyId === 'aceh')?.priorScore).toBe(92.31);
	});
});

describe('amend: kinds of correction', () => {
	// Y: prior 80; jurors 60 and 80 → 70 → 56 + 21 = 77.00, Cukup Informatif
	const base = inputs([body('X', 85), body('Y', 80)], [slot('X', [80, 80]), slot('Y', [60, 80])]);
	const v1 = computeResults(base);

	it('a corrected score sheet', () => {
		const { diff } = amend(v1, base, { kind: 'score', bodyId: 'Y', jurorId: 'j1', sheet: flat(100), reason: 'Entry error on the tablet' });
		// 100 and 80 → 90 → 56 + 27 = 83.00, Menuju Informatif; X (59.5 + 24 = 83.50) stays ahead
		expect(diff.changes).toEqual([
			expect.objectContaining({
				bodyId: 'Y',
				before: { finalScore: 77, band: 'Cukup Informatif', rankInCategory: 2, nationalRank: 2 },
				after: { finalScore: 83, band: 'Menuju Informatif', rankInCategory: 2, nationalRank: 2 },
				bandChanged: true,
				rankChanged: false
			})
		]);
	});

	it('a juror who should have recused: the slot falls below quorum and becomes provisional', () => {
		const { resultSet } = amend(v1, base, {
			kind: 'juror_status',
			bodyId: 'Y',
			jurorId: 'j2',
			status: 'recused',
			reason: 'Undeclared conflict of interest'
		});
		expect(resultSet.entries.find((e) => e.bodyId === 'Y')).toMatchObject({
			finalScore: 80,
			provisional: true,
			presentation: { status: 'below_quorum' }
		});
	});

	it('a corrected rule: Informatif from 83.5', () => {
		const bands = RULES.bands.map((b) => (b.label === 'Informatif' ? { ...b, min: 83.5 } : b));
		const { diff } = amend(v1, base, { kind: 'rules', rules: { ...RULES, bands }, reason: 'Decree thresholds' });
		expect(diff.changes.map((c) => [c.bodyId, c.before.band, c.after.band])).toEqual([['X', 'Menuju Informatif', 'Informatif']]);
	});

	it('a corrected rubric weight', () => {
		const rubric = base.rubric.map((c) => (c.code === 'K1' ? { ...c, weight: 30 } : c.code === 'K6' ? { ...c, weight: 5 } : c));
		// flat sheets: totals unchanged, so no one moves, but the inputs did change
		const { diff, resultSet } = amend(v1, base, { kind: 'rubric', rubric, reason: 'Weights of the decree' });
		expect(diff.changes).toEqual([]);
		expect(resultSet.hash).not.toBe(v1.hash);
	});

	it('refuses a correction without a reason, on stale inputs, that changes nothing, or that names what is not there', () => {
		const prior = (bodyId: string, priorScore: number, reason = 'r'): Amendment => ({ kind: 'prior_score', bodyId, priorScore, reason });
		expect(() => amend(v1, base, prior('X', 90, ' '))).toThrow(expect.objectContaining({ code: 'missing_reason' }));
		expect(() => amend(v1, applyAmendment(base, prior('X', 90)), prior('Y', 90))).toThrow(
			expect.objectContaining({ code: 'stale_inputs' })
		);
		expect(() => amend(v1, base, prior('X', 85))).toThrow(expect.objectContaining({ code: 'no_change' }));
		expect(() => amend(v1, base, prior('nobody', 85))).toThrow(expect.objectContaining({ code: 'unknown_body' }));
		expect(() => amend(v1, base, { kind: 'score', bodyId: 'X', jurorId: 'j9', sheet: flat(1), reason: 'r' })).toThrow(
			expect.objectContaining({ code: 'unknown_juror' })
		);
		expect(() => amend(v1, base, prior('X', Number.NaN))).toThrow(expect.objectContaining({ code: 'invalid_prior_score' }));
	});

	it('diffResults refuses result sets of different bodies', () => {
		expect(() => diffResults(v1, computeResults(inputs([body('X', 85)])))).toThrow(ScoringError);
	});
});

describe('amend: replay', () => {
	const arbAmendments = (input: ResultInputs) =>
		fc.array(
			fc.oneof(
				fc.record({
					kind: fc.constant('prior_score' as const),
					bodyId: fc.constantFrom(...input.bodies.map((b) => b.bodyId)),
					priorScore: fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100),
					reason: fc.constant('correction')
				}),
				...(input.slots.length === 0
					? []
					: [
							fc
								.constantFrom(...input.slots.flatMap((s) => s.jurors.map((j) => [s.bodyId, j.jurorId] as const)))
								.chain(([bodyId, jurorId]) =>
									arbSheet.map((sheet): Amendment => ({ kind: 'score', bodyId, jurorId, sheet, reason: 'sheet corrected' }))
								)
						])
			),
			{ maxLength: 5 }
		);

	function replay(input: ResultInputs, amendments: Amendment[]): string[] {
		let current = computeResults(input);
		let inputs = input;
		const hashes = [current.hash];
		for (const amendment of amendments) {
			try {
				({ resultSet: current, inputs } = amend(current, inputs, amendment));
				hashes.push(`${current.version}:${current.hash}`);
			} catch (e) {
				if (!(e instanceof ScoringError && e.code === 'no_change')) throw e;
			}
		}
		return hashes;
	}

	it('replaying the same amendments yields the same version hashes', () => {
		fc.assert(
			fc.property(
				arbInputs().chain((input) => fc.tuple(fc.constant(input), arbAmendments(input))),
				([input, amendments]) => {
					expect(replay(structuredClone(input), structuredClone(amendments))).toEqual(replay(input, amendments));
				}
			),
			{ numRuns: 100 }
		);
	});
});
