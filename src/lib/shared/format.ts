import { getLocale } from '$lib/paraglide/runtime';

/** Scores are shown as published: two decimals, in the reader's locale (98,37 in Indonesian). */
export function formatScore(score: number): string {
	return new Intl.NumberFormat(getLocale() === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
		score
	);
}
