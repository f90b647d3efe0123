/**
 * How the results pages name a version and its decree, and write times (in event time, WIB) and
 * decree dates, in the reader's language. Ranks, ties and the method are worded by results-text.
 */
import { EVENT_TIME_ZONE } from '$lib/domain/setup/schedule';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { VersionInfo } from './results';

const intlLocale = () => (getLocale() === 'id' ? 'id-ID' : 'en-GB');

/** A decree's date (YYYY-MM-DD) as "19 Desember 2023". */
export function decreeDateText(date: string): string {
	const [y, mo, d] = date.split('-').map(Number);
	return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		Date.UTC(y, mo - 1, d)
	);
}

/** A moment in event time, with its zone: "19 Des 2023, 14.05 WIB". */
export function eventMomentText(epochMs: number): string {
	const text = new Intl.DateTimeFormat(intlLocale(), {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone: EVENT_TIME_ZONE
	}).format(epochMs);
	return `${text} WIB`;
}

/** The decree of a version in words: "SK 2/KIP/XII/2023 of 19 December 2023" (or that it has none). */
export function decreeText(info: Pick<VersionInfo, 'decreeNumber' | 'decreeDate'>): string {
	if (!info.decreeNumber) return m.res_decree_none();
	return info.decreeDate
		? m.res_decree({ number: info.decreeNumber, date: decreeDateText(info.decreeDate) })
		: m.res_decree_undated({ number: info.decreeNumber });
}

/** A published version in one line: "Version 2 · SK 2/KIP/XII/2023 of 19 December 2023". */
export function versionLine(info: Pick<VersionInfo, 'version' | 'decreeNumber' | 'decreeDate'>): string {
	return m.res_version_line({ version: info.version, decree: decreeText(info) });
}
