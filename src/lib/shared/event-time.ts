/**
 * Moments and dates in the event's time zone (WIB, Asia/Jakarta), in words: the documents hub
 * shows them in the reader's language, official documents pass their own locale ('id'). A
 * browser's own zone never decides what time a slot was.
 */
import { EVENT_TIME_ZONE, eventTimeToEpoch } from '$lib/domain/setup/schedule';
import { getLocale } from '$lib/paraglide/runtime';
import type { Locale } from './results-text';

const intlLocale = (locale?: Locale) => ((locale ?? getLocale()) === 'id' ? 'id-ID' : 'en-GB');

/**
 * A time of day in WIB: "09.30" in Indonesian, "09:30" in English.
 *
 * @example wibTime(Date.UTC(2026, 10, 28, 2, 30), 'id') // '09.30'
 */
export function wibTime(epochMs: number, locale?: Locale): string {
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: EVENT_TIME_ZONE,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(epochMs);
}

/**
 * A moment as its date and time in WIB, the zone named: "28 November 2026 09.30 WIB".
 *
 * @example wibDateTime(Date.UTC(2026, 10, 28, 2, 30), 'id') // '28 November 2026 09.30 WIB'
 */
export function wibDateTime(epochMs: number, locale?: Locale): string {
	const date = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: EVENT_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
	return `${date.format(epochMs)} ${wibTime(epochMs, locale)} WIB`;
}

/**
 * An event date (YYYY-MM-DD) in words, with or without its weekday: "Sabtu, 28 November 2026". A
 * text that is not a date is returned as it is.
 *
 * @example longDate('2023-12-19', {}, 'id') // '19 Desember 2023'; longDate('2026-11-28', { weekday: true }, 'id') // 'Sabtu, 28 November 2026'
 */
export function longDate(date: string, options: { weekday?: boolean } = {}, locale?: Locale): string {
	const noon = eventTimeToEpoch(date, '12:00');
	if (noon === null) return date;
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: EVENT_TIME_ZONE,
		...(options.weekday ? { weekday: 'long' } : {}),
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(noon);
}
