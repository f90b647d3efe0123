import { describe, expect, test } from 'vitest';
import { revealBack, revealForward, revealedLines, shownCount, type RevealLine } from '$lib/domain/scoring/reveal';

// A category in rank order: one Informatif, a shared rank 2 (both 85), one more Menuju, two Cukup.
const lines: RevealLine[] = [
	{ finalScore: 92, band: 'Informatif' },
	{ finalScore: 85, band: 'Menuju Informatif' },
	{ finalScore: 85, band: 'Menuju Informatif' },
	{ finalScore: 81, band: 'Menuju Informatif' },
	{ finalScore: 70, band: 'Cukup Informatif' },
	{ finalScore: 65, band: 'Cukup Informatif' }
];

describe('a staged reveal, bottom-up', () => {
	test('body by body: the lowest first, a tie group in one step, then nothing more', () => {
		const counts = [0];
		for (let next = revealForward(lines, 0, 'body'); next !== null; next = revealForward(lines, next, 'body')) counts.push(next);
		expect(counts).toEqual([0, 1, 2, 3, 5, 6]);
		expect(revealedLines(lines, 5).map((l) => l.finalScore)).toEqual([85, 85, 81, 70, 65]);
	});

	test('band by band: the whole lowest band, then the next', () => {
		expect(revealForward(lines, 0, 'band')).toBe(2);
		expect(revealForward(lines, 2, 'band')).toBe(5);
		expect(revealForward(lines, 5, 'band')).toBe(6);
		expect(revealForward(lines, 6, 'band')).toBeNull();
		// From the middle of a band, a band step shows the rest of it.
		expect(revealForward(lines, 3, 'band')).toBe(5);
	});

	test('back undoes a step: the top revealed body (with its tie), or its whole band', () => {
		expect(revealBack(lines, 5, 'body')).toBe(3);
		expect(revealBack(lines, 3, 'body')).toBe(2);
		expect(revealBack(lines, 5, 'band')).toBe(2);
		expect(revealBack(lines, 3, 'band')).toBe(2);
		expect(revealBack(lines, 1, 'band')).toBe(0);
		expect(revealBack(lines, 0, 'body')).toBeNull();
	});

	test('a count that would split a tie (the results changed since) shows the group below it only', () => {
		expect(shownCount(lines, 4)).toBe(3);
		expect(revealedLines(lines, 4)).toHaveLength(3);
		expect(shownCount(lines, 99)).toBe(6);
		expect(revealedLines([], 3)).toEqual([]);
	});
});
