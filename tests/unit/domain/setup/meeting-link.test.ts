/** An online slot's meeting link: https only, a real host, no credentials, bounded; stored normalised. */
import { expect, test } from 'vitest';
import { MEETING_LINK_MAX, meetingLink } from '$lib/domain/setup/meeting-link';

test('an https meeting address is kept, trimmed and normalised', () => {
	expect(meetingLink('  https://zoom.us/j/8123456789?pwd=abc ')).toEqual({ ok: true, link: 'https://zoom.us/j/8123456789?pwd=abc' });
	expect(meetingLink('https://MEET.google.com/abc-defg-hij')).toEqual({ ok: true, link: 'https://meet.google.com/abc-defg-hij' });
});

test('anything but https is refused: it would become a button on a public phone', () => {
	expect(meetingLink('http://zoom.us/j/1')).toEqual({ ok: false, problem: 'not_https' });
	expect(meetingLink('javascript:alert(1)')).toEqual({ ok: false, problem: 'not_https' });
	expect(meetingLink('data:text/html,hi')).toEqual({ ok: false, problem: 'not_https' });
	expect(meetingLink('zoom.us/j/1')).toEqual({ ok: false, problem: 'not_a_link' });
	expect(meetingLink('')).toEqual({ ok: false, problem: 'not_a_link' });
	expect(meetingLink('https://intranet/meet')).toEqual({ ok: false, problem: 'not_a_link' });
});

test('credentials in the address and overlong links are refused', () => {
	expect(meetingLink('https://user:secret@zoom.us/j/1')).toEqual({ ok: false, problem: 'has_credentials' });
	expect(meetingLink(`https://zoom.us/${'a'.repeat(MEETING_LINK_MAX)}`)).toEqual({ ok: false, problem: 'too_long' });
});
