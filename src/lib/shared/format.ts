import { getLocale } from '$lib/paraglide/runtime';

/** Scores are shown as published: two decimals, in the reader's locale (98,37 in Indonesian). */
export function formatScore(score: number): string {
	return new Intl.NumberFormat(getLocale() === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
		score
	);
}

/** A planned or actual time of day, in the reader's locale. */
export function formatTime(epochMs: number): string {
	return new Intl.DateTimeFormat(getLocale() === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

export function formatDay(epochMs: number): string {
	return new Intl.DateTimeFormat(getLocale() === 'id' ? 'id-ID' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long' }).format(
		epochMs
	);
}
