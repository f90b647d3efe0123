import { describe, expect, test } from 'vitest';
import { MONEV_KIP_PRESET } from '$lib/domain/scoring';
import { methodLines, rankCell, rankLong, scoreText, tieExplanation } from '$lib/shared/results-text';

describe('results in words', () => {
	const shared = { kind: 'shared' as const, rank: 2, score: 98.31, with: 2 };
	const split = { kind: 'split' as const, rank: 2, score: 98.31, place: 3, by: { kind: 'presentation' as const }, value: 97.7 };

	test('a shared rank reads as a tie in a table and in a sentence', () => {
		expect(rankCell(2, shared, 'id')).toBe('2=');
		expect(rankCell(2, undefined, 'id')).toBe('2');
		expect(rankLong(2, shared, 'en')).toBe('rank 2 (shared)');
		expect(rankLong(2, shared, 'id')).toBe('peringkat 2 (bersama)');
		expect(rankLong(5, undefined, 'en')).toBe('rank 5');
	});

	test('a split tie says where it was and what placed the body, in either language', () => {
		expect(tieExplanation(split, 'en')).toBe('Shared rank 2 at 98.31; placed 3 by presentation score 97.70.');
		expect(tieExplanation(split, 'id')).toBe('Peringkat 2 bersama pada nilai 98,31; ditempatkan ke-3 berdasarkan nilai presentasi 97,70.');
		expect(tieExplanation({ ...split, value: null }, 'en')).toBe('Shared rank 2 at 98.31; placed 3 for having no presentation score.');
		expect(tieExplanation(shared, 'en')).toBe('Rank 2 shared by 2 bodies at 98.31.');
	});

	test('the method is printed rule by rule', () => {
		const lines = methodLines(MONEV_KIP_PRESET.rules, 'SAQ', 'id');
		expect(lines[0]).toBe('Nilai akhir = 70% SAQ + 30% nilai presentasi.');
		expect(lines.join(' ')).toContain('Informatif ≥ 90,00');
		expect(
			methodLines({ ...MONEV_KIP_PRESET.rules, tieBreak: [{ kind: 'presentation' }, { kind: 'criterion', code: 'K1' }] }, 'SAQ', 'en')
		).toContain('Equal final scores are split in turn by: presentation score, criterion K1; those still equal share the rank.');
		expect(scoreText(98.305 + 0.005, 'en')).toBe('98.31');
	});
});
