/**
 * An online slot's meeting link, as the secretariat types it: an https address of a meeting
 * (Zoom, Meet, Teams…) that a presenter's phone opens. Only https: the link is shown to the
 * public body as a button, and an http, javascript: or data: address must never become one.
 */

export const MEETING_LINK_MAX = 500;

/** What is wrong with a typed link. */
export type MeetingLinkProblem = 'too_long' | 'not_a_link' | 'not_https' | 'has_credentials';

/**
 * The link as it will be stored (trimmed, normalised by the URL parser), or its problem.
 *
 * @example meetingLink(' https://zoom.us/j/123 ') // { ok: true, link: 'https://zoom.us/j/123' }
 * @example meetingLink('http://zoom.us/j/123') // { ok: false, problem: 'not_https' }
 */
export function meetingLink(typed: string): { ok: true; link: string } | { ok: false; problem: MeetingLinkProblem } {
	const text = typed.trim();
	if (text.length > MEETING_LINK_MAX) return { ok: false, problem: 'too_long' };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: 'not_a_link' };
	}
	if (url.protocol !== 'https:') return { ok: false, problem: 'not_https' };
	if (!url.hostname.includes('.')) return { ok: false, problem: 'not_a_link' };
	// A password in a shown link would be read by everyone who sees the phone; meeting passcodes go in the query.
	if (url.username || url.password) return { ok: false, problem: 'has_credentials' };
	return { ok: true, link: url.href };
}
