/**
 * The words every document shares: dates and times on the event's clocks (the evaluation's zone,
 * named: "09.30 WITA") in the document's language, and the stamp at the foot of each page. Documents are written in Indonesian (`DOCUMENT_LOCALE`), whatever language
 * the secretariat's screen is in: the locale is passed to every message explicitly.
 */
import { formatAnchor } from '$lib/domain/audit';
import { m } from '$lib/paraglide/messages';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { clockTime, longDate as eventLongDate, zonedDateTime, zonedTime, type DateOptions } from '$lib/shared/event-time';
import type { Locale } from '$lib/shared/results-text';
import type { DocumentStamp } from '../audit-stamp';
import type { PdfFooter } from './pdf';

/** The language official documents are written in. */
export const DOCUMENT_LOCALE: Locale = 'id';

/** A time of day on the event's clocks without the zone, for a table whose heading names it ("09.30"). */
export const clockText = (epochMs: number, zone: EventZone): string => clockTime(epochMs, zone, DOCUMENT_LOCALE);

/** A time of day on the event's clocks, in the document's language ("09.30 WIB"). */
export const timeText = (epochMs: number, zone: EventZone): string => zonedTime(epochMs, zone, DOCUMENT_LOCALE);

/** A moment on the event's clocks, in the document's language ("28 November 2026 09.30 WIB"). */
export const dateTimeText = (epochMs: number, zone: EventZone): string => zonedDateTime(epochMs, zone, DOCUMENT_LOCALE);

/** An event date in the document's language ("Sabtu, 28 November 2026" with its weekday). */
export const longDate = (date: string, options: DateOptions = {}): string => eventLongDate(date, options, DOCUMENT_LOCALE);

/** What a missing value prints as (a decree not issued yet, a time that never came). */
export const NONE = '—';

/**
 * The foot of every page: evaluation, version (when the document is about one), generation time
 * on the event's clocks and the audit head, which `npm run audit:verify -- --anchor` checks later.
 *
 * @example pdfFooter({ ...stamp, version: 2 }) // { lines: ['Monev KIP 2023 — Presentasi · Versi hasil 2 · Dibuat 2 Desember 2026 09.30 WIB', 'Kepala audit 1234:9f86…'], pageOf: 'Halaman {page} dari {pages}' }
 */
export function pdfFooter(stamp: DocumentStamp, locale: Locale = DOCUMENT_LOCALE): PdfFooter {
	const o = { locale };
	const first = [
		stamp.evaluationName,
		...(stamp.version === undefined ? [] : [m.documents_stamp_version({ version: stamp.version }, o)]),
		m.documents_stamp_generated({ time: zonedDateTime(stamp.generatedAt, stamp.timeZone, locale) }, o)
	];
	return {
		lines: [first.join(' · '), m.documents_stamp_audit({ anchor: stamp.auditHead ? formatAnchor(stamp.auditHead) : NONE }, o)],
		pageOf: m.documents_page_of({ page: '{page}', pages: '{pages}' }, o)
	};
}
