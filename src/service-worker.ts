/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The juror tablet's offline shell. Registered only by the juror page (svelte.config.js turns off
 * SvelteKit's registration on every page), so audience phones and other screens never install it.
 *
 * - /juror: network first; when the network fails (or the server answers 5xx), the last copy of
 *   the juror page is served, so a reload in a dead hall still shows the rubric, the draft and the
 *   outbox (both live in the tablet's localStorage) instead of the browser's error page.
 * - Build files the page loads: from the cache (they are immutable per build), kept as fetched.
 * - Everything else passes through untouched: no other page, no socket.io, no POST is cached.
 * - Signing in or out (a POST to /login, /join or /logout), or the server refusing /juror (signed
 *   out, another role), forgets the cached page: on a shared tablet it holds that juror's panel,
 *   rubric and view.
 */
import { build, files, version } from '$service-worker';
import { JUROR_PAGE, PAGE_KEPT, assetsOfPage, endsSession, isStaleShellCache, shellCacheName } from '$lib/client/offline-shell';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = shellCacheName(version);
const known = new Set([...build, ...files]);

/** Keeping and forgetting the page run one after the other: a sign-in's "forget" never lands after the new juror's "keep". */
let pageWork: Promise<void> = Promise.resolve();
function inTurn(work: () => Promise<void>): Promise<void> {
	pageWork = pageWork.then(work, work);
	return pageWork;
}

/** Keeps a fresh juror page and whichever of its build files the cache lacks; tells open pages. */
function keepJurorPage(response: Response): Promise<void> {
	return inTurn(async () => {
		const html = await response.text();
		const cache = await caches.open(CACHE);
		const assets = assetsOfPage({ html, link: response.headers.get('link') }, new URL(JUROR_PAGE, sw.location.href).href, known);
		const missing = (await Promise.all(assets.map(async (path) => ((await cache.match(path)) ? null : path)))).filter((p) => p !== null);
		await cache.addAll(missing);
		await cache.put(JUROR_PAGE, new Response(html, { status: response.status, headers: response.headers }));
		for (const client of await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(PAGE_KEPT);
	});
}

function forgetJurorPage(): Promise<void> {
	return inTurn(async () => void (await (await caches.open(CACHE)).delete(JUROR_PAGE)));
}

async function jurorPage(event: FetchEvent): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(event.request);
	} catch (error) {
		const kept = await caches.match(JUROR_PAGE, { cacheName: CACHE });
		if (kept) return kept;
		throw error;
	}
	if (response.ok) event.waitUntil(keepJurorPage(response.clone()));
	else if (response.status >= 500) return (await caches.match(JUROR_PAGE, { cacheName: CACHE })) ?? response;
	// A redirect (signed out, session ended) or a refusal: this tablet no longer holds a juror's page.
	else event.waitUntil(forgetJurorPage());
	return response;
}

async function buildFile(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const kept = await cache.match(request);
	if (kept) return kept;
	const response = await fetch(request);
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			// The page that registered this worker is the juror's: keep it now, so the very next
			// reload can already be offline. Signed out meanwhile: nothing to keep.
			try {
				const response = await fetch(JUROR_PAGE, { credentials: 'same-origin', redirect: 'manual' });
				if (response.ok) await keepJurorPage(response);
			} catch {
				// Offline while installing: the next navigation to /juror keeps the page.
			}
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const name of await caches.keys()) if (isStaleShellCache(name, version)) await caches.delete(name);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (endsSession(request.method, url.pathname)) return event.waitUntil(forgetJurorPage());
	if (request.method !== 'GET') return;
	if (request.mode === 'navigate' && url.pathname === JUROR_PAGE) return event.respondWith(jurorPage(event));
	if (known.has(url.pathname)) event.respondWith(buildFile(request));
});
