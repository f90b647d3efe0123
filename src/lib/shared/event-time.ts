/**
 * The one formatter of times and dates: every page, document and export writes a moment on the
 * event's clocks, in the evaluation's zone, with the zone's label ("08.00 WIB", "09.00 WITA").
 * A device's own zone never decides what time a slot was. Pages pass nothing and get the reader's
 * language; official documents pass their own locale ('id').
 */
import { eventDate, eventTimeToEpoch } from '$lib/domain/setup/schedule';
import { EVENT_ZONES, zoneLabel, type EventZone } from '$lib/domain/setup/event-zone';
import { getLocale } from '$lib/paraglide/runtime';
import type { Locale } from './results-text';

/**
 * The zone as a note's words take it: its label, IANA name and offset.
 *
 * @example zoneWords('Asia/Makassar') // { zone: 'WITA', name: 'Asia/Makassar', offset: 8 }
 */
export const zoneWords = (zone: EventZone) => ({ zone: zoneLabel(zone), name: zone, offset: EVENT_ZONES[zone].utcOffsetHours });

const intlLocale = (locale?: Locale) => ((locale ?? getLocale()) === 'id' ? 'id-ID' : 'en-GB');

/**
 * A time of day on the event's clocks, without the zone: "09.30" in Indonesian, "09:30" in English
 * (for a column whose heading names the zone, and for spans).
 *
 * @example clockTime(Date.UTC(2026, 10, 28, 2, 30), 'Asia/Jakarta', 'id') // '09.30'
 */
export function clockTime(epochMs: number, zone: EventZone, locale?: Locale): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
		epochMs
	);
}

/**
 * A time of day with its zone: "09.30 WIB".
 *
 * @example zonedTime(Date.UTC(2026, 10, 28, 2, 30), 'Asia/Makassar', 'id') // '10.30 WITA'
 */
export const zonedTime = (epochMs: number, zone: EventZone, locale?: Locale): string =>
	`${clockTime(epochMs, zone, locale)} ${zoneLabel(zone)}`;

/**
 * A span of one day with its zone: "08.00–08.35 WIB".
 *
 * @example zonedSpan(start, end, 'Asia/Jakarta', 'id') // '08.00–08.35 WIB'
 */
export const zonedSpan = (start: number, end: number, zone: EventZone, locale?: Locale): string =>
	`${clockTime(start, zone, locale)}–${clockTime(end, zone, locale)} ${zoneLabel(zone)}`;

/**
 * A moment as its date and time, the zone named: "28 November 2026 09.30 WIB".
 *
 * @example zonedDateTime(Date.UTC(2026, 10, 28, 2, 30), 'Asia/Jakarta', 'id') // '28 November 2026 09.30 WIB'
 */
export function zonedDateTime(epochMs: number, zone: EventZone, locale?: Locale): string {
	return `${zonedDay(epochMs, zone, {}, locale)} ${zonedTime(epochMs, zone, locale)}`;
}

export interface DateOptions {
	/** With the weekday: "Sabtu, 28 November 2026". */
	weekday?: boolean;
	/** Abbreviated: "Sab, 28 Nov 2026". */
	short?: boolean;
}

/**
 * A calendar date (YYYY-MM-DD: an event day, a decree's date) in words. A text that is not a date is
 * returned as it is. A date is not a moment, so no zone can move it a day.
 *
 * @example longDate('2023-12-19', {}, 'id') // '19 Desember 2023'; longDate('2026-11-28', { weekday: true }, 'id') // 'Sabtu, 28 November 2026'
 */
export function longDate(date: string, options: DateOptions = {}, locale?: Locale): string {
	const noon = eventTimeToEpoch(date, '12:00', 'Asia/Jakarta');
	if (noon === null) return date;
	const length = options.short ? 'short' : 'long';
	return new Intl.DateTimeFormat(intlLocale(locale), {
		timeZone: 'Asia/Jakarta',
		...(options.weekday ? { weekday: length } : {}),
		day: 'numeric',
		month: length,
		year: 'numeric'
	}).format(noon);
}

/**
 * The day a moment falls on at the event: "Sabtu, 28 November 2026" (the heading of a day's slots).
 *
 * @example zonedDay(Date.UTC(2026, 10, 28, 17, 30), 'Asia/Jakarta', { weekday: true }, 'id') // 'Minggu, 29 November 2026'
 */
export const zonedDay = (epochMs: number, zone: EventZone, options: DateOptions = {}, locale?: Locale): string =>
	longDate(eventDate(epochMs, zone), options, locale);
