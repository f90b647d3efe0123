import { describe, expect, test } from 'vitest';
import { assetsOfPage, endsSession, isStaleShellCache, shellCacheName } from '$lib/client/offline-shell';

/** The shape of SvelteKit's server-rendered page (paths relative to the page, as the build writes them). */
const PAGE = `<!doctype html><html><head>
<link href="./_app/immutable/assets/0.css" rel="stylesheet">
<link href="/favicon.svg" rel="icon">
<link href="https://fonts.example.org/x.css" rel="stylesheet">
</head><body><div><script>
	Promise.all([import("./_app/immutable/entry/start.AAA.js"), import( "./_app/immutable/entry/app.CCC.js" )]).then(() => {});
</script></div><a href="/logout">out</a><img src="./_app/immutable/assets/not-in-build.png"></body></html>`;

/** SvelteKit announces the page's modules in the Link header, not in the HTML. */
const LINK =
	'<./_app/immutable/assets/0.css>; rel="preload"; as="style"; nopush, <./_app/immutable/entry/start.AAA.js>; rel="modulepreload"; nopush, ' +
	'<./_app/immutable/nodes/7.BBB.js>; rel="modulepreload"; nopush, <./_app/immutable/chunks/D%C3%A9j%C3%A0.js>; rel="modulepreload"; nopush';

const BUILD = new Set([
	'/_app/immutable/assets/0.css',
	'/_app/immutable/entry/start.AAA.js',
	'/_app/immutable/entry/app.CCC.js',
	'/_app/immutable/nodes/7.BBB.js',
	'/_app/immutable/nodes/3.admin.js',
	'/_app/immutable/chunks/Déjà.js',
	'/favicon.svg'
]);

describe('assetsOfPage', () => {
	test("names the build files the page and its Link header load, once each, and nothing else (no other page's code, no links, no foreign origin)", () => {
		expect(assetsOfPage({ html: PAGE, link: LINK }, 'http://tablet.local:3000/juror', BUILD).sort()).toEqual([
			'/_app/immutable/assets/0.css',
			'/_app/immutable/chunks/Déjà.js',
			'/_app/immutable/entry/app.CCC.js',
			'/_app/immutable/entry/start.AAA.js',
			'/_app/immutable/nodes/7.BBB.js',
			'/favicon.svg'
		]);
	});

	test('ignores what it cannot read', () => {
		expect(
			assetsOfPage({ html: '<a href="http://[bad">x</a> import("")', link: '<http://[bad>; rel="x", <%E0%A4%A>' }, 'http://h/juror', BUILD)
		).toEqual([]);
	});
});

describe('endsSession', () => {
	test.each([
		['POST', '/logout', true],
		['POST', '/login', true],
		['POST', '/join', true],
		['POST', '/join/ABCD-EFGH', true],
		['GET', '/logout', false],
		['GET', '/join/ABCD-EFGH', false],
		['POST', '/admin/e/1/people', false],
		['POST', '/joiner', false]
	])('%s %s → %s', (method, path, expected) => {
		expect(endsSession(method, path)).toBe(expected);
	});
});

describe('shell caches', () => {
	test("a new build's cache replaces the earlier ones and leaves other caches alone", () => {
		expect(isStaleShellCache(shellCacheName('1'), '2')).toBe(true);
		expect(isStaleShellCache(shellCacheName('2'), '2')).toBe(false);
		expect(isStaleShellCache('someone-else', '2')).toBe(false);
	});
});
