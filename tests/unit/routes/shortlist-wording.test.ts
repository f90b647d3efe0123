/**
 * The shortlist's bubble says which gap it measures: to the first body below the cut line (the
 * best one the cut leaves out), not to the body ranked right after. The domain's note and the
 * visitation page's words (both languages) say the same.
 */
import { describe, expect, test } from 'vitest';
import { buildShortlist, computeResults } from '$lib/domain/scoring';
import { m } from '$lib/paraglide/messages';
import { whyText } from '../../../src/routes/admin/e/[evaluationId]/visitation/texts';
import { body, inputs, slot } from '../domain/scoring/fixtures';

describe('the gap of a body on the bubble', () => {
	// Top 2: A1 (rank 1) and A2 (rank 2) are in, B (rank 3) is the first body below the cut.
	const results = computeResults(inputs([body('A1', 92), body('A2', 91), body('B', 90)], [slot('A1', [100, 80])]));
	const [first] = buildShortlist(results, { topPerCategory: 2 }).entries;

	test('is measured to the first body below the cut, not to the next-ranked body', () => {
		const a1 = results.entries.find((e) => e.bodyId === 'A1')!;
		const b = results.entries.find((e) => e.bodyId === 'B')!;
		expect(first).toMatchObject({
			bodyId: 'A1',
			reasons: [{ gapToNext: Math.round((a1.finalScore - b.finalScore) * 100) / 100, bubble: true }]
		});
		expect(first.note).toMatch(/above the first body below the cut\)\.$/);
	});

	test('and the page says so in Indonesian and in English', () => {
		expect(whyText(first.reasons[0])).toMatch(/; unggul \d+,\d\d dari badan teratas di bawah batas$/);
		expect(m.visitation_gap({ gap: '0.70' }, { locale: 'en' })).toBe('0.70 above the first body below the cut');
		expect(m.visitation_bubble_help({}, { locale: 'en' })).toContain('first body below the cut');
		expect(m.visitation_bubble_help({}, { locale: 'id' })).toContain('badan teratas di bawah batas');
	});
});
