/**
 * The juror tablet's offline shell, shared by the service worker (src/service-worker.ts) and the
 * page that registers it: which page is kept, where, and which requests end a session. Plain
 * functions, no worker or DOM globals, so they are tested on their own.
 */

/** The only page the service worker keeps: the juror's tablet. No other area's page is ever cached. */
export const JUROR_PAGE = '/juror';

/** The message the service worker sends to open pages once it holds a fresh copy of the juror page. */
export const PAGE_KEPT = 'juri:juror-page-kept';

const CACHE_PREFIX = 'juri-tablet-';

/** One cache per build: the juror page and the build files it loads belong to one version of the app. */
export const shellCacheName = (version: string) => `${CACHE_PREFIX}${version}`;

/** Caches of earlier builds, to delete once this one is active. */
export const isStaleShellCache = (name: string, version: string) => name.startsWith(CACHE_PREFIX) && name !== shellCacheName(version);

/**
 * Whether a request signs someone in or out: the cached juror page (that juror's rubric, panel and
 * view) must not outlive the session on a shared tablet.
 *
 * @example endsSession('POST', '/logout') // true
 */
export function endsSession(method: string, pathname: string): boolean {
	return method === 'POST' && (pathname === '/logout' || pathname === '/login' || pathname === '/join' || pathname.startsWith('/join/'));
}

/**
 * The build files a server-rendered page loads, limited to `known` (the build's own file list), as
 * paths: its style sheets, icon and start script imports (in the HTML) and its modules, which
 * SvelteKit announces in the response's `Link` header (modulepreload) rather than in the HTML.
 * Caching these instead of the whole build keeps the tablet's download to what the juror page needs.
 *
 * @example assetsOfPage({ html: '', link: '<./_app/immutable/nodes/7.js>; rel="modulepreload"' }, 'http://h/juror', new Set(['/_app/immutable/nodes/7.js'])) // ['/_app/immutable/nodes/7.js']
 */
export function assetsOfPage(page: { html: string; link: string | null }, pageUrl: string, known: ReadonlySet<string>): string[] {
	const found = new Set<string>();
	const origin = new URL(pageUrl).origin;
	const references = [
		...page.html.matchAll(/(?:href|src)="([^"]+)"|import\(\s*"([^"]+)"\s*\)/g),
		...(page.link ?? '').matchAll(/<([^>]+)>/g)
	];
	for (const match of references) {
		const raw = (match[1] ?? match[2]).replaceAll('&amp;', '&');
		let url: URL;
		let path: string;
		try {
			url = new URL(raw, pageUrl);
			path = decodeURI(url.pathname);
		} catch {
			continue;
		}
		if (url.origin === origin && known.has(path)) found.add(path);
	}
	return [...found];
}
