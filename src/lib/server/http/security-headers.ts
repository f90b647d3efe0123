/**
 * Per-route security headers, set by the `handle` hook on every SvelteKit response. The Content
 * Security Policy itself (scripts only from this origin or with the page's nonce) is SvelteKit's
 * `kit.csp` in svelte.config.js; what depends on the route is who may frame it.
 */
import { BASELINE_HEADERS } from './baseline-headers.js';

/** The one route a venue may embed (the big screen in a signage page or a streaming overlay). */
const EMBEDDABLE_ROUTES = new Set(['/live']);

/**
 * The headers for one response: the baseline, and `frame-ancestors` appended to the page's CSP
 * (SvelteKit cannot vary it per route). Only `/live` may be framed, by this origin and the origins
 * configured in JURI_FRAME_ANCESTORS; everything else by nobody (clickjacking the secretariat's
 * forms or a juror's tablet is not possible).
 *
 * @example securityHeaders('/live', 'default-src \'self\'', ['https://signage.example']) // { …, 'content-security-policy': "default-src 'self'; frame-ancestors 'self' https://signage.example" }
 */
export function securityHeaders(routeId: string | null, pageCsp: string | null, frameAncestors: readonly string[]): Record<string, string> {
	const embeddable = routeId !== null && EMBEDDABLE_ROUTES.has(routeId);
	const ancestors = embeddable ? ["'self'", ...frameAncestors].join(' ') : "'none'";
	const csp = pageCsp ? `${pageCsp}; frame-ancestors ${ancestors}` : `frame-ancestors ${ancestors}`;
	const headers: Record<string, string> = { ...BASELINE_HEADERS, 'content-security-policy': csp };
	// X-Frame-Options for browsers without frame-ancestors; it cannot name other origins, so it is
	// left out where the venue configured some.
	if (!embeddable) headers['x-frame-options'] = 'DENY';
	else if (frameAncestors.length === 0) headers['x-frame-options'] = 'SAMEORIGIN';
	return headers;
}

/**
 * Parses JURI_FRAME_ANCESTORS: space- or comma-separated origins (https://signage.example). Anything
 * that is not one exact http(s) origin (a wildcard, a path, a CSP keyword) is refused at start-up,
 * so a typo cannot open framing wide.
 */
export function parseFrameAncestors(value: string | undefined): string[] {
	if (!value?.trim()) return [];
	return value
		.split(/[\s,]+/)
		.filter(Boolean)
		.map((entry) => {
			let url: URL | null = null;
			try {
				url = new URL(entry);
			} catch {
				// reported below
			}
			if (!url || !/^https?:$/.test(url.protocol) || url.hostname.includes('*') || url.origin !== entry.replace(/\/$/, '')) {
				throw new Error(`JURI_FRAME_ANCESTORS: "${entry}" is not an origin such as https://signage.example`);
			}
			return url.origin;
		});
}
