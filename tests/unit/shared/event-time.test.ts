/**
 * Times and dates in the event's zone (WIB), whatever zone the machine or browser is in: a slot
 * that started at 01.30 UTC started at 08.30 WIB, and the hub and every document say so.
 */
import { describe, expect, test } from 'vitest';
import { longDate, wibDateTime, wibTime } from '$lib/shared/event-time';

describe('event time (WIB)', () => {
	test('a moment reads as WIB in Indonesian and English', () => {
		const at = Date.UTC(2026, 10, 28, 1, 30);
		expect(wibTime(at, 'id')).toBe('08.30');
		expect(wibTime(at, 'en')).toBe('08:30');
		expect(wibDateTime(at, 'id')).toBe('28 November 2026 08.30 WIB');
		// 17.30 UTC is already the next day in Jakarta.
		expect(wibDateTime(Date.UTC(2026, 10, 28, 17, 30), 'id')).toBe('29 November 2026 00.30 WIB');
	});

	test('an event date reads with or without its weekday; a text that is not a date stays as it is', () => {
		expect(longDate('2023-12-19', {}, 'id')).toBe('19 Desember 2023');
		expect(longDate('2026-11-28', { weekday: true }, 'id')).toBe('Sabtu, 28 November 2026');
		expect(longDate('2026-11-28', { weekday: true }, 'en')).toBe('Saturday, 28 November 2026');
		expect(longDate('2026-02-30', {}, 'id')).toBe('2026-02-30');
	});
});
