import { describe, expect, it } from 'vitest';
import { ScoringError, computeResults, rankCompetition, rankWithTieBreak } from '$lib/domain/scoring';
import { body, inputs, slot } from './fixtures';

describe('rankCompetition', () => {
	it('gives tied scores the same rank and skips the places they take: 1, 2, 2, 4', () => {
		const ranked = rankCompetition([97, 98.31, 99, 98.31], (s) => s);
		expect(ranked.map((r) => [r.item, r.rank])).toEqual([
			[99, 1],
			[98.31, 2],
			[98.31, 2],
			[97, 4]
		]);
	});

	it('handles all-tied and empty lists', () => {
		expect(rankCompetition([5, 5, 5], (s) => s).map((r) => r.rank)).toEqual([1, 1, 1]);
		expect(rankCompetition([], (s: number) => s)).toEqual([]);
	});

	it('throws on a NaN score', () => {
		expect(() => rankCompetition([1, Number.NaN], (s) => s)).toThrow(ScoringError);
	});
});

describe('rankWithTieBreak', () => {
	type Row = { id: string; score: number; presentation: number | null; prior: number };
	const rows: Row[] = [
		{ id: 'A', score: 98.31, presentation: 80, prior: 99 },
		{ id: 'B', score: 98.31, presentation: 70, prior: 100 },
		{ id: 'C', score: 98.31, presentation: 70, prior: 99 },
		{ id: 'D', score: 99, presentation: 90, prior: 99 },
		{ id: 'E', score: 98.31, presentation: 70, prior: 99 }
	];
	const valueOf = (r: Row, key: { kind: string }) => (key.kind === 'presentation' ? r.presentation : r.prior);

	it('splits a shared rank key by key and records where and why', () => {
		const ranked = rankWithTieBreak(rows, (r) => r.score, [{ kind: 'presentation' }, { kind: 'prior' }], valueOf);
		const by = new Map(ranked.map((r) => [r.item.id, r]));
		expect(by.get('D')).toEqual({ item: rows[3], rank: 1 });
		expect(by.get('A')?.rank).toBe(2);
		expect(by.get('A')?.tieBreak).toEqual({
			appliedAt: 2,
			decidedBy: { kind: 'presentation' },
			decidedValue: 80,
			note: 'Shared rank 2 at 98.31; placed 2 by presentation score (80.00).'
		});
		expect(by.get('B')).toMatchObject({ rank: 3, tieBreak: { appliedAt: 2, decidedBy: { kind: 'prior' } } });
		// C and E are equal on every key: they still share rank 4
		expect(by.get('C')).toMatchObject({ rank: 4, tieBreak: { appliedAt: 2, decidedBy: null } });
		expect(by.get('E')?.tieBreak?.note).toBe('Shared rank 2 at 98.31; still tied at rank 4 after presentation score, prior (SAQ) score.');
	});

	it('puts a body without a value after those with one', () => {
		const noShow = [...rows.slice(0, 2), { id: 'N', score: 98.31, presentation: null, prior: 100 }];
		const ranked = rankWithTieBreak(noShow, (r) => r.score, [{ kind: 'presentation' }], valueOf);
		expect(ranked.map((r) => [r.item.id, r.rank])).toEqual([
			['A', 1],
			['B', 2],
			['N', 3]
		]);
		expect(ranked[2].tieBreak?.note).toContain('(none)');
	});

	it('compares tie-break values at published precision', () => {
		const close = [
			{ id: 'A', score: 90, presentation: 80.001, prior: 0 },
			{ id: 'B', score: 90, presentation: 80.004, prior: 0 }
		];
		expect(rankWithTieBreak(close, (r) => r.score, [{ kind: 'presentation' }], valueOf).map((r) => r.rank)).toEqual([1, 1]);
	});
});

describe('rankings in computeResults', () => {
	it('ranks within each category and nationally, by the published score', () => {
		const results = computeResults(
			inputs([
				body('aceh', 98.31),
				body('jabar', 98.314),
				body('bali', 99),
				body('sumut', 97),
				body('kemkeu', 98.5, 'kementerian'),
				body('kemdag', 90, 'kementerian')
			])
		);
		const ranks = Object.fromEntries(results.entries.map((e) => [e.bodyId, [e.rankInCategory, e.nationalRank]]));
		expect(ranks).toEqual({ bali: [1, 1], kemkeu: [1, 2], aceh: [2, 3], jabar: [2, 3], sumut: [4, 5], kemdag: [2, 6] });
		expect(results.entries.map((e) => e.bodyId)).toEqual(['kemkeu', 'kemdag', 'bali', 'aceh', 'jabar', 'sumut']);
	});

	it('applies the tie-break chain in both rankings: presentation, then a named criterion', () => {
		// P and Q: prior 90, presentation 90 → both 90.00. Q's 90 is K1…K6 = 100, 50, 100, 100, 100, 100
		// (25 + 10 + 20 + 15 + 10 + 10); P's is a flat 90. Presentation cannot split them; K2 (90 vs 50) can.
		const sheet = { K1: 100, K2: 50, K3: 100, K4: 100, K5: 100, K6: 100 };
		const q = { bodyId: 'Q', jurors: ['j1', 'j2'].map((jurorId) => ({ jurorId, status: 'scored' as const, sheet })) };
		const results = computeResults(
			inputs([body('P', 90), body('Q', 90), body('R', 80)], [slot('P', [90, 90]), q], {
				tieBreak: [{ kind: 'presentation' }, { kind: 'criterion', code: 'K2' }]
			})
		);
		const p = results.entries.find((e) => e.bodyId === 'P');
		const qq = results.entries.find((e) => e.bodyId === 'Q');
		expect([p?.finalScore, qq?.finalScore]).toEqual([90, 90]);
		// K2: P 90 vs Q 0 → P wins on the criterion
		expect(p).toMatchObject({
			rankInCategory: 1,
			nationalRank: 1,
			tieBreak: { appliedAt: 1, decidedBy: { kind: 'criterion', code: 'K2' } }
		});
		expect(p?.tieBreak?.note).toBe('Shared rank 1 at 90.00; placed 1 by criterion K2 (90.00).');
		expect(qq).toMatchObject({ rankInCategory: 2, nationalTieBreak: { appliedAt: 1, decidedBy: { kind: 'criterion', code: 'K2' } } });
		expect(results.entries.find((e) => e.bodyId === 'R')).not.toHaveProperty('tieBreak');
	});
});
