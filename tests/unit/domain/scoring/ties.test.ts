import { describe, expect, test } from 'vitest';
import { tieNotes, type ResultEntry } from '$lib/domain/scoring';

const entry = (
	bodyId: string,
	categoryId: string,
	finalScore: number,
	rank: number,
	national: number,
	extra: Partial<ResultEntry> = {}
): ResultEntry => ({
	bodyId,
	categoryId,
	priorScore: finalScore,
	presentation: null,
	finalScore,
	band: 'Informatif',
	rankInCategory: rank,
	nationalRank: national,
	provisional: false,
	...extra
});

describe('tieNotes', () => {
	test('equal published scores share the rank, in the category and nationally', () => {
		// 2024: two provinces at 98.31 both ranked 2nd (competition ranking 1, 2, 2, 4).
		const entries = [
			entry('a', 'prov', 99, 1, 1),
			entry('b', 'prov', 98.31, 2, 2),
			entry('c', 'prov', 98.31, 2, 2),
			entry('d', 'prov', 97, 4, 5),
			entry('e', 'ptn', 97.5, 1, 4)
		];
		const category = tieNotes({ entries }, 'category');
		expect(category.get('b')).toEqual({ kind: 'shared', rank: 2, score: 98.31, with: 2 });
		expect(category.get('c')).toEqual({ kind: 'shared', rank: 2, score: 98.31, with: 2 });
		expect([...category.keys()].sort()).toEqual(['b', 'c']);
		expect(tieNotes({ entries }, 'national').get('b')).toEqual({ kind: 'shared', rank: 2, score: 98.31, with: 2 });
	});

	test('a rank the chain decided says where the tie was and what placed the body', () => {
		const entries = [
			entry('b', 'prov', 98.31, 2, 2, {
				tieBreak: { appliedAt: 2, decidedBy: { kind: 'presentation' }, decidedValue: 97.7, note: '' }
			}),
			entry('c', 'prov', 98.31, 3, 3, { tieBreak: { appliedAt: 2, decidedBy: { kind: 'presentation' }, decidedValue: 96.1, note: '' } })
		];
		expect(tieNotes({ entries }, 'category').get('c')).toEqual({
			kind: 'split',
			rank: 2,
			score: 98.31,
			place: 3,
			by: { kind: 'presentation' },
			value: 96.1
		});
		// Versions published before the deciding value was recorded still read.
		const old = [{ ...entries[1], tieBreak: { appliedAt: 2, decidedBy: { kind: 'prior' as const }, note: '' } }];
		expect(tieNotes({ entries: old }, 'category').get('c')).toMatchObject({ kind: 'split', value: null });
	});

	test('bodies still tied after the whole chain share their rank', () => {
		const still = { appliedAt: 2, decidedBy: null, decidedValue: null, note: '' };
		const entries = [entry('c', 'prov', 98.31, 4, 4, { tieBreak: still }), entry('e', 'prov', 98.31, 4, 4, { tieBreak: still })];
		expect(tieNotes({ entries }, 'category').get('e')).toEqual({ kind: 'shared', rank: 4, score: 98.31, with: 2 });
	});
});
