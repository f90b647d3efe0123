/**
 * The words every document shares: dates and times in the event's zone (WIB) in the document's
 * language, and the stamp at the foot of each page. Documents are written in Indonesian (`DOCUMENT_LOCALE`), whatever language
 * the secretariat's screen is in: the locale is passed to every message explicitly.
 */
import { formatAnchor } from '$lib/domain/audit';
import { m } from '$lib/paraglide/messages';
import { longDate as eventLongDate, wibDateTime as eventWibDateTime, wibTime as eventWibTime } from '$lib/shared/event-time';
import type { Locale } from '$lib/shared/results-text';
import type { DocumentStamp } from '../audit-stamp';
import type { PdfFooter } from './pdf';

/** The language official documents are written in. */
export const DOCUMENT_LOCALE: Locale = 'id';

/** A time of day in WIB, in the document's language ("09.30"). */
export const wibTime = (epochMs: number): string => eventWibTime(epochMs, DOCUMENT_LOCALE);

/** A moment in WIB, in the document's language ("28 November 2026 09.30 WIB"). */
export const wibDateTime = (epochMs: number): string => eventWibDateTime(epochMs, DOCUMENT_LOCALE);

/** An event date in the document's language ("Sabtu, 28 November 2026" with its weekday). */
export const longDate = (date: string, options: { weekday?: boolean } = {}): string => eventLongDate(date, options, DOCUMENT_LOCALE);

/** The event's zone as printed after a time ("08.00 WIB"). */
export const EVENT_ZONE_LABEL = 'WIB';

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
		m.documents_stamp_generated({ time: eventWibDateTime(stamp.generatedAt, locale) }, o)
	];
	return {
		lines: [first.join(' · '), m.documents_stamp_audit({ anchor: stamp.auditHead ? formatAnchor(stamp.auditHead) : NONE }, o)],
		pageOf: m.documents_page_of({ page: '{page}', pages: '{pages}' }, o)
	};
}
