/**
 * Times and dates on the event's clocks, whatever zone the machine or browser is in: a slot that
 * started at 01.30 UTC started at 08.30 WIB, 09.30 WITA or 10.30 WIT, and every page, document and
 * export says so with the zone's label.
 */
import { describe, expect, test } from 'vitest';
import { clockTime, longDate, zonedDateTime, zonedDay, zonedSpan, zonedTime, zoneWords } from '$lib/shared/event-time';

describe('event time', () => {
	const at = Date.UTC(2026, 10, 28, 1, 30);

	test('a moment reads on the event clocks, with its zone label, in Indonesian and English', () => {
		expect(clockTime(at, 'Asia/Jakarta', 'id')).toBe('08.30');
		expect(clockTime(at, 'Asia/Jakarta', 'en')).toBe('08:30');
		expect(zonedTime(at, 'Asia/Jakarta', 'id')).toBe('08.30 WIB');
		expect(zonedTime(at, 'Asia/Makassar', 'id')).toBe('09.30 WITA');
		expect(zonedTime(at, 'Asia/Jayapura', 'en')).toBe('10:30 WIT');
		expect(zonedDateTime(at, 'Asia/Jakarta', 'id')).toBe('28 November 2026 08.30 WIB');
		// 17.30 UTC is already the next day in Jakarta, and later still in Jayapura.
		expect(zonedDateTime(Date.UTC(2026, 10, 28, 17, 30), 'Asia/Jakarta', 'id')).toBe('29 November 2026 00.30 WIB');
		expect(zonedDateTime(Date.UTC(2026, 10, 28, 14, 30), 'Asia/Jayapura', 'id')).toBe('28 November 2026 23.30 WIT');
		expect(zonedDateTime(Date.UTC(2026, 10, 28, 15, 30), 'Asia/Jayapura', 'id')).toBe('29 November 2026 00.30 WIT');
	});

	test('a span names its zone once; a day is the day on the event clocks', () => {
		expect(zonedSpan(at, at + 35 * 60_000, 'Asia/Makassar', 'id')).toBe('09.30–10.05 WITA');
		expect(zonedDay(Date.UTC(2026, 10, 28, 16, 30), 'Asia/Makassar', { weekday: true }, 'id')).toBe('Minggu, 29 November 2026');
		expect(zonedDay(Date.UTC(2026, 10, 28, 16, 30), 'Asia/Jakarta', { weekday: true }, 'id')).toBe('Sabtu, 28 November 2026');
	});

	test('an event date reads with or without its weekday, long or short; a text that is not a date stays as it is', () => {
		expect(longDate('2023-12-19', {}, 'id')).toBe('19 Desember 2023');
		expect(longDate('2026-11-28', { weekday: true }, 'id')).toBe('Sabtu, 28 November 2026');
		expect(longDate('2026-11-28', { weekday: true }, 'en')).toBe('Saturday, 28 November 2026');
		expect(longDate('2023-12-04', { weekday: true, short: true }, 'id')).toBe('Sen, 4 Des 2023');
		expect(longDate('2026-02-30', {}, 'id')).toBe('2026-02-30');
	});

	test('a note names the zone, its IANA name and its offset', () => {
		expect(zoneWords('Asia/Jayapura')).toEqual({ zone: 'WIT', name: 'Asia/Jayapura', offset: 9 });
	});
});
