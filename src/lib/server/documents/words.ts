/**
 * The words every document shares: dates and times in the event's zone (WIB), and the stamp at
 * the foot of each page. Documents are written in Indonesian (`DOCUMENT_LOCALE`), whatever language
 * the secretariat's screen is in: the locale is passed to every message explicitly.
 */
import { formatAnchor } from '$lib/domain/audit';
import { EVENT_TIME_ZONE, eventTimeToEpoch } from '$lib/domain/setup/schedule';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/shared/results-text';
import type { DocumentStamp } from '../audit-stamp';
import type { PdfFooter } from './pdf';

/** The language official documents are written in. */
export const DOCUMENT_LOCALE: Locale = 'id';

const intlLocale = (locale: Locale) => (locale === 'id' ? 'id-ID' : 'en-GB');

/**
 * A time of day in the event's zone: "09.30" in Indonesian.
 *
 * @example wibTime(Date.UTC(2026, 10, 28, 2, 30)) // '09.30'
 */
export function wibTime(epochMs: number, locale: Locale = DOCUMENT_LOCALE): string {
	return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: EVENT_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
		epochMs
	);
}

/**
 * A moment as a date and a time in the event's zone, with the zone named: "28 November 2026 09.30 WIB".
 *
 * @example wibDateTime(Date.UTC(2026, 10, 28, 2, 30)) // '28 November 2026 09.30 WIB'
 */
export function wibDateTime(epochMs: number, locale: Locale = DOCUMENT_LOCALE): string {
	const date = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: EVENT_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
	return `${date.format(epochMs)} ${wibTime(epochMs, locale)} WIB`;
}

/**
 * An event date (YYYY-MM-DD) in words, with or without its weekday: "Sabtu, 28 November 2026".
 * A text that is not a date is returned as it is.
 *
 * @example longDate('2023-12-19') // '19 Desember 2023'; longDate('2026-11-28', { weekday: true }) // 'Sabtu, 28 November 2026'
 */
export function longDate(date: string, options: { weekday?: boolean } = {}, locale: Locale = DOCUMENT_LOCALE): string {
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

/** What a missing value prints as (a decree not issued yet, a time that never came). */
export const NONE = '—';

/**
 * The foot of every page: evaluation, version (when the document is about one), generation time
 * in WIB and the audit head, which `npm run audit:verify -- --anchor` checks later.
 *
 * @example pdfFooter({ ...stamp, version: 2 }) // { lines: ['Monev KIP 2023 — Presentasi · Versi hasil 2 · Dibuat 2 Desember 2026 09.30 WIB', 'Kepala audit 1234:9f86…'], pageOf: 'Halaman {page} dari {pages}' }
 */
export function pdfFooter(stamp: DocumentStamp, locale: Locale = DOCUMENT_LOCALE): PdfFooter {
	const o = { locale };
	const first = [
		stamp.evaluationName,
		...(stamp.version === undefined ? [] : [m.documents_stamp_version({ version: stamp.version }, o)]),
		m.documents_stamp_generated({ time: wibDateTime(stamp.generatedAt, locale) }, o)
	];
	return {
		lines: [first.join(' · '), m.documents_stamp_audit({ anchor: stamp.auditHead ? formatAnchor(stamp.auditHead) : NONE }, o)],
		pageOf: m.documents_page_of({ page: '{page}', pages: '{pages}' }, o)
	};
}
