// Headers every response carries, static files included. Plain JavaScript so that server.js (which
// serves the built static files before SvelteKit's `handle` runs) and the hook read the same list.

/** @type {Readonly<Record<string, string>>} */
export const BASELINE_HEADERS = Object.freeze({
	// Never guess a type: an uploaded or exported file is never run as a script or page.
	'x-content-type-options': 'nosniff',
	// Join links carry a one-time code in their path: never send a path to another site.
	'referrer-policy': 'same-origin',
	'cross-origin-opener-policy': 'same-origin'
});
