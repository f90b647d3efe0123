/**
 * The big screen's leaderboard, page by page: a projector shows a fixed number of rows at a size
 * readable from ten metres, so longer boards are cut into pages, and the pages (every category's)
 * take turns at a set interval. Which page shows is a function of the time, never of a timer's
 * count, so every screen in the hall shows the same page and tests set the clock instead of waiting.
 */
import type { Leaderboard } from './contracts';

export interface ScreenPage<E> {
	categoryId: string;
	categoryName: string;
	entries: E[];
	/** 1-based, of `pages` pages of this category. */
	page: number;
	pages: number;
}

/** How long each page stays up. */
export const SCREEN_PAGE_MS = 12_000;

/**
 * Every category's board cut into pages of at most `rows` rows, in category order.
 *
 * @example screenPages([{ categoryId: 'p', categoryName: 'Provinsi', entries: lines34 }], 16).length // 3
 */
export function screenPages<E>(boards: readonly Leaderboard<E>[], rows: number): ScreenPage<E>[] {
	return boards.flatMap((board) => {
		const pages = Math.max(1, Math.ceil(board.entries.length / rows));
		return Array.from({ length: pages }, (_, i) => ({
			categoryId: board.categoryId,
			categoryName: board.categoryName,
			entries: board.entries.slice(i * rows, (i + 1) * rows),
			page: i + 1,
			pages
		}));
	});
}

/**
 * The index of the page showing at a moment: they take turns every `intervalMs`.
 *
 * @example pageAt(3, 25_000, 12_000) // 2
 */
export function pageAt(count: number, now: number, intervalMs = SCREEN_PAGE_MS): number {
	return count <= 1 ? 0 : Math.floor(now / intervalMs) % count;
}
