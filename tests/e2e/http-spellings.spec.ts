/**
 * Access control does not depend on how a path is spelled. Every route under src/routes is asked
 * for, as every role, in every spelling a router or a proxy might treat differently: as written,
 * percent-encoded, double-encoded, mixed-case, with a trailing slash, and its `__data.json`; every
 * form action of a protected page is posted to the same way. A role that may not open a route never
 * gets its page or its data, whatever the spelling. Raw HTTP requests, so no client normalises the
 * path before the server sees it. A server of its own: the
 * walk signs people in with their one-time codes.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { adminSession, joinSession, publishVersion } from './support/api';
import { ROOT } from './support/server';
import { useIsolatedServer } from './support/isolated';

type Role = 'anonymous' | 'admin' | 'chair' | 'juror' | 'presenter';
const ROLES: Role[] = ['anonymous', 'admin', 'chair', 'juror', 'presenter'];

/** Who may open each area: the expectation, written here independently of src/lib/server/auth/guard.ts. */
const ALLOWED: Record<string, Role[]> = {
	admin: ['admin'],
	panel: ['admin', 'chair'],
	juror: ['juror'],
	presenter: ['presenter']
};

/**
 * Routes that refuse a role the area admits, by the resource asked for: the walk's slot is not
 * certified, and a chair sees jurors' notes only after certification (tests/e2e/juror-notes.spec.ts
 * shows the same chair reaching them once it is). Their spellings must answer that refusal alike.
 */
const REFUSED_BY_ROUTE: Record<string, Partial<Record<Role, 403>>> = {
	'/panel/notes/[slotId]': { chair: 403 }
};

interface Route {
	/** The route's path with its parameters filled in, e.g. /admin/e/<id>/bodies. */
	path: string;
	/** The route as written under src/routes, e.g. /admin/e/[evaluationId]/bodies. */
	pattern: string;
	area: string | null;
	page: boolean;
	/** What a GET that reaches the route answers: 200, or 405 from an endpoint with no GET (a POST that makes a document). */
	reached: 200 | 405;
	actions: string[];
}

/** Every route directory under src/routes (one with a page or an endpoint), and its form actions. */
function discoverRoutes(params: Record<string, string>): Route[] {
	const routes: Route[] = [];
	const walk = (dir: string, segments: string[]) => {
		const files = readdirSync(dir);
		const page = files.includes('+page.svelte');
		if (page || files.includes('+server.ts')) {
			const filled = segments.map((s) => (/^\[(\w+)\]$/.test(s) ? params[s.slice(1, -1)] : s));
			expect(filled, `a value for every parameter of /${segments.join('/')}`).not.toContain(undefined);
			const server = files.includes('+page.server.ts') ? readFileSync(path.join(dir, '+page.server.ts'), 'utf8') : '';
			const actionBlock = server.slice(server.indexOf('export const actions'));
			const actions = server.includes('export const actions') ? [...actionBlock.matchAll(/^\t(\w+): async/gm)].map((m) => m[1]) : [];
			const area = segments[0] && segments[0] in ALLOWED ? segments[0] : null;
			const endpoint = files.includes('+server.ts') ? readFileSync(path.join(dir, '+server.ts'), 'utf8') : '';
			const reached = page || /export const GET\b/.test(endpoint) ? 200 : 405;
			routes.push({ path: '/' + filled.join('/'), pattern: '/' + segments.join('/'), area, page, reached, actions });
		}
		for (const name of files) {
			const child = path.join(dir, name);
			if (statSync(child).isDirectory()) walk(child, [...segments, name]);
		}
	};
	walk(path.join(ROOT, 'src/routes'), []);
	return routes;
}

const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** The spellings of one path that must all be treated alike (or not found). */
function spellings(routePath: string): { name: string; path: string }[] {
	if (routePath === '/') return [{ name: 'as written', path: '/' }];
	const segments = routePath.split('/').slice(1);
	const encodeFirst = (s: string) => (s ? encodeChar(s[0]) + s.slice(1) : s);
	return [
		{ name: 'as written', path: routePath },
		{ name: 'first letter encoded', path: '/' + [encodeFirst(segments[0]), ...segments.slice(1)].join('/') },
		{ name: 'every segment encoded', path: '/' + segments.map((s) => [...s].map(encodeChar).join('')).join('/') },
		{ name: 'double-encoded', path: '/' + [encodeFirst(segments[0]).replace('%', '%25'), ...segments.slice(1)].join('/') },
		{ name: 'upper case', path: routePath.toUpperCase() },
		{ name: 'mixed case', path: '/' + segments.map((s) => (s ? s[0].toUpperCase() + s.slice(1) : s)).join('/') },
		{ name: 'trailing slash', path: `${routePath}/` },
		{ name: 'encoded trailing slash', path: `${routePath}%2F` },
		{ name: 'double slash', path: `/${routePath}` }
	];
}

interface Reply {
	status: number;
	location: string | undefined;
	body: string;
}

/** One raw HTTP request: the request target goes on the wire exactly as given. */
function raw(baseURL: string, method: 'GET' | 'POST', target: string, cookie: string | null): Promise<Reply> {
	const { hostname, port, origin } = new URL(baseURL);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				hostname,
				port,
				method,
				path: target,
				headers: {
					accept: 'text/html',
					...(cookie ? { cookie } : {}),
					...(method === 'POST' ? { origin, 'content-type': 'application/x-www-form-urlencoded' } : {})
				}
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (body += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
			}
		);
		req.on('error', reject);
		req.end(method === 'POST' ? 'x=1' : undefined);
	});
}

/**
 * Whether a reply hands over a protected page or its data rather than a redirect, a refusal or
 * "not found" (a page's `__data.json` answers a redirect as HTTP 200 with `{ type: 'redirect' }`).
 */
function leaks(reply: Reply, dataRequest: boolean): boolean {
	if (dataRequest && reply.status === 200) return JSON.parse(reply.body).type === 'data';
	return reply.status >= 200 && reply.status < 300;
}

const isDataRedirect = (reply: Reply, dataRequest: boolean) =>
	dataRequest && reply.status === 200 && JSON.parse(reply.body).type === 'redirect';

/** What is allowed instead: sign-in redirects, refusals, not found, and the router's own canonical-path redirect. */
const REFUSED = [303, 307, 308, 401, 403, 404];

test.describe('access does not depend on how a path is spelled', () => {
	test.describe.configure({ mode: 'serial' });
	const isolated = useIsolatedServer(test, 'spellings');
	const cookies = {} as Record<Role, string | null>;
	let routes: Route[] = [];

	test.beforeAll(async () => {
		const { server, cast } = isolated();
		const { baseURL, adminPassword } = server;
		cookies.anonymous = null;
		cookies.admin = await adminSession(baseURL, adminPassword);
		cookies.chair = await joinSession(baseURL, cast.chair('Panel B').code);
		cookies.juror = await joinSession(baseURL, cast.jurors('Panel B')[0].code);
		cookies.presenter = await joinSession(baseURL, cast.presenter('Panel B', 1).code);
		const dashboard = (await raw(baseURL, 'GET', '/admin', cookies.admin)).body;
		const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(dashboard)?.[1];
		expect(evaluationId, 'the dashboard links the evaluation').toBeTruthy();
		const schedule = (await raw(baseURL, 'GET', `/admin/e/${evaluationId}/schedule`, cookies.admin)).body;
		const slotId = /\/schedule\/slot\/([\w-]+)/.exec(schedule)?.[1];
		expect(slotId, 'the schedule links a slot').toBeTruthy();
		// A published version and a panel's day, so that the results' and documents' routes have something to show.
		await publishVersion(baseURL, cookies.admin!, evaluationId!, 'Versi untuk uji ejaan');
		const documents = (await raw(baseURL, 'GET', `/admin/e/${evaluationId}/documents`, cookies.admin)).body;
		const [, panelId, day] = /\/documents\/minutes\/([\w-]+)\/(\d{4}-\d{2}-\d{2})/.exec(documents) ?? [];
		expect(panelId, "the documents hub links a panel's day").toBeTruthy();
		expect(documents, 'the documents hub links version 1').toContain(`/admin/e/${evaluationId}/results/v/1/annex.pdf`);
		routes = discoverRoutes({ evaluationId: evaluationId!, slotId: slotId!, code: 'not-a-real-code', version: '1', panelId, day });
		expect(routes.filter((r) => r.area).length, 'protected routes found').toBeGreaterThan(15);
	});

	test('GET of every route and its data, in every spelling, as every role', async () => {
		// Thousands of requests, documents among them (each PDF built on a worker): a budget for the
		// walk on a loaded 2-core machine, not a claim about speed.
		test.setTimeout(300_000);
		const { baseURL } = isolated().server;
		let checked = 0;
		for (const route of routes.filter((r) => r.area)) {
			for (const spelling of spellings(route.path)) {
				const targets = [{ target: spelling.path, data: false }];
				if (route.page) targets.push({ target: `${spelling.path.replace(/\/$/, '')}/__data.json`, data: true });
				for (const { target, data } of targets) {
					for (const role of ROLES) {
						const reply = await raw(baseURL, 'GET', target, cookies[role]);
						const what = `${role} → GET ${target} (${spelling.name})`;
						checked++;
						if (ALLOWED[route.area!].includes(role)) {
							// The spelling really reaches the route (else this walk would prove nothing).
							if (spelling.name === 'first letter encoded' && !data && route.path !== '/panel') {
								expect(reply.status, what).toBe(REFUSED_BY_ROUTE[route.pattern]?.[role] ?? route.reached);
							}
							continue;
						}
						expect(leaks(reply, data), `${what}: HTTP ${reply.status}`).toBe(false);
						if (!isDataRedirect(reply, data)) expect(REFUSED, `${what}: HTTP ${reply.status}`).toContain(reply.status);
						// A canonical-path redirect must land on a route that is guarded in its turn.
						if (reply.status === 308 && reply.location) {
							const next = await raw(baseURL, 'GET', reply.location, cookies[role]);
							expect(leaks(next, reply.location.includes('__data.json')), `${what} → ${reply.location}`).toBe(false);
						}
					}
				}
			}
		}
		console.log(`spelling walk: ${checked} requests over ${routes.filter((r) => r.area).length} protected routes`);
	});

	test('POST to every form action of a protected page, in every spelling, as every role that may not', async () => {
		const { baseURL } = isolated().server;
		for (const route of routes.filter((r) => r.area && r.actions.length > 0)) {
			for (const spelling of spellings(route.path)) {
				for (const action of route.actions) {
					for (const role of ROLES.filter((r) => !ALLOWED[route.area!].includes(r))) {
						const target = `${spelling.path}?/${action}`;
						const reply = await raw(baseURL, 'POST', target, cookies[role]);
						// 400 would mean the action itself ran (and refused the form): it must not even be reached.
						expect(REFUSED, `${role} → POST ${target} (${spelling.name}): HTTP ${reply.status}`).toContain(reply.status);
					}
				}
			}
		}
	});

	test('public routes stay public in every spelling', async () => {
		const { baseURL } = isolated().server;
		for (const route of routes.filter((r) => !r.area && r.page && !r.path.includes('not-a-real-code'))) {
			const reply = await raw(baseURL, 'GET', route.path, null);
			expect([200, 303], `anonymous → GET ${route.path}`).toContain(reply.status);
		}
	});
});
