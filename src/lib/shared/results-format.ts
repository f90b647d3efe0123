/**
 * How the results pages name a version and its decree, in the reader's language. Times and dates
 * are written by event-time.ts; ranks, ties and the method by results-text.
 */
import { m } from '$lib/paraglide/messages';
import { longDate } from './event-time';
import type { VersionInfo } from './results';

/** A decree's date (YYYY-MM-DD) as "19 Desember 2023". */
export const decreeDateText = (date: string): string => longDate(date);

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
