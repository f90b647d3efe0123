import { describe, expect, test } from 'vitest';
import { pageAt, screenPages } from '$lib/shared/screen-pages';

const board = (categoryId: string, count: number) => ({
	categoryId,
	categoryName: categoryId.toUpperCase(),
	entries: Array.from({ length: count }, (_, i) => i + 1)
});

describe('the big screen pages its leaderboards', () => {
	test('a long board is cut into pages; a short one is one page; categories in order', () => {
		const pages = screenPages([board('prov', 34), board('ptn', 5)], 16);
		expect(pages.map((p) => [p.categoryId, p.page, p.pages, p.entries.length])).toEqual([
			['prov', 1, 3, 16],
			['prov', 2, 3, 16],
			['prov', 3, 3, 2],
			['ptn', 1, 1, 5]
		]);
		expect(pages[1].entries[0]).toBe(17);
	});

	test('pages take turns by the clock: the same moment shows the same page everywhere', () => {
		expect([0, 11_999, 12_000, 24_000, 36_000, 48_000].map((now) => pageAt(4, now, 12_000))).toEqual([0, 0, 1, 2, 3, 0]);
		expect(pageAt(1, 99_999)).toBe(0);
		expect(pageAt(0, 99_999)).toBe(0);
	});
});
