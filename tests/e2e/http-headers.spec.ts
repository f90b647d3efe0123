/**
 * Security headers and body limits on the production server: a Content-Security-Policy whose
 * scripts need this origin or the page's nonce, nosniff and a referrer policy everywhere (static
 * files too), framing only of the big screen and only by the configured origin, no CSP violation on
 * any page a role opens, and a 6 MB body only for spreadsheet imports. A server of its own (it is
 * started with JURI_FRAME_ANCESTORS).
 */
import { request as httpRequest } from 'node:http';
import { adminSession } from './support/api';
import { DEVICES, expect, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import type { Page } from '@playwright/test';

const SIGNAGE = 'https://signage.example';
const scene = useIsolatedServer(test, 'headers', { env: { JURI_FRAME_ANCESTORS: SIGNAGE } });
test.describe.configure({ mode: 'serial' });

const directive = (csp: string, name: string) =>
	csp
		.split(';')
		.map((d) => d.trim())
		.find((d) => d.startsWith(`${name} `)) ?? '';

test('pages carry a nonce-based CSP, nosniff, a referrer policy, and frame-ancestors per route', async () => {
	const { server } = scene();
	const cookie = await adminSession(server.baseURL, server.adminPassword);
	for (const [path, framable] of [
		['/live', true],
		['/login', false],
		['/admin', false],
		['/join', false]
	] as const) {
		const res = await fetch(`${server.baseURL}${path}`, { headers: path === '/admin' ? { cookie } : {} });
		expect(res.status, path).toBe(200);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(directive(csp, 'script-src'), path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]+'$/);
		expect(directive(csp, 'object-src'), path).toBe("object-src 'none'");
		expect(directive(csp, 'base-uri'), path).toBe("base-uri 'self'");
		expect(directive(csp, 'frame-ancestors'), path).toBe(framable ? `frame-ancestors 'self' ${SIGNAGE}` : "frame-ancestors 'none'");
		expect(res.headers.get('x-frame-options'), path).toBe(framable ? null : 'DENY');
		expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
		expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
		// The nonce in the header is the one on the page's own scripts, and it changes per response.
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		expect(await res.text(), path).toContain(`nonce="${nonce}"`);
	}
	const again = await fetch(`${server.baseURL}/live`);
	expect(again.headers.get('content-security-policy')).not.toBe(
		(await fetch(`${server.baseURL}/live`)).headers.get('content-security-policy')
	);
	// Static files are served before SvelteKit's hook: they carry the baseline headers too.
	const html = await (await fetch(`${server.baseURL}/live`)).text();
	const asset = /\/_app\/immutable\/[^"]+\.js/.exec(html)![0];
	const file = await fetch(`${server.baseURL}${asset}`);
	expect(file.status).toBe(200);
	expect(file.headers.get('x-content-type-options')).toBe('nosniff');
	expect(file.headers.get('referrer-policy')).toBe('same-origin');
});

/** Records CSP violations from the first byte of every document the page loads. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
	});
	return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

test('no page any role opens breaks the policy: every page runs its scripts and connects', async ({ browser }) => {
	// Every page of every role, each loaded until its network is idle: a budget for the walk on a
	// loaded 2-core machine, not a claim about speed.
	test.setTimeout(240_000);
	const { server, cast } = scene();
	const visits: { page: Page; paths: string[] }[] = [];
	const audience = await (await browser.newContext(DEVICES.bigScreen)).newPage();
	visits.push({ page: audience, paths: ['/live', '/login', '/join'] });
	const admin = await (await browser.newContext(DEVICES.desktop)).newPage();
	await admin.goto(`${server.baseURL}/login`);
	await admin.getByRole('textbox', { name: /.+/ }).first().fill('admin');
	await admin.locator('input[type=password]').fill(server.adminPassword);
	await admin.locator('form button[type=submit]').click();
	await expect(admin).toHaveURL(/\/admin$/);
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(await admin.content())![1];
	visits.push({
		page: admin,
		paths: [
			'/admin',
			...['settings', 'rubric', 'bodies', 'people', 'people/sheet', 'schedule', 'schedule/panels', 'visitation'].map(
				(p) => `/admin/e/${evaluationId}/${p}`
			)
		]
	});
	for (const person of [cast.chair('Panel A'), cast.jurors('Panel A')[0], cast.presenter('Panel A', 1)]) {
		const { page } = await personPage(browser, person);
		visits.push({ page, paths: [new URL(page.url()).pathname] });
	}
	for (const { page, paths } of visits) {
		const violations = await watchViolations(page);
		for (const path of paths) {
			await page.goto(`${server.baseURL}${path}`);
			await page.waitForLoadState('networkidle');
			expect(await violations(), `CSP violations on ${path}`).toEqual([]);
			// Hydrated: SvelteKit marks the body once its (nonce-carrying) start script ran.
			await expect(page.locator('body')).toBeVisible();
		}
		if (paths[0] !== '/live' && !paths[0].startsWith('/admin')) {
			await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
		}
	}
	await expect(audience.getByTestId('connection')).toHaveCount(0);
});

interface Reply {
	/** 'reset' when the server closed the connection before its answer could be read. */
	status: number | 'reset';
	body: string;
}

/**
 * A refused body: 413 (too large), 411 (no declared length where only small bodies are taken), or a
 * connection closed on it before the answer could be read (the body was never accepted).
 */
const REFUSED = [411, 413, 'reset'];

/** A raw POST; `chunked` sends the body without a declared length. */
function post(baseURL: string, path: string, body: Buffer, headers: Record<string, string>, chunked = false): Promise<Reply> {
	const { hostname, port, origin } = new URL(baseURL);
	return new Promise((resolve, reject) => {
		let reply: Reply | null = null;
		const req = httpRequest(
			{
				hostname,
				port,
				method: 'POST',
				path,
				// A connection per request: one the server closed after refusing a body is never reused.
				agent: false,
				headers: {
					origin,
					accept: 'application/json',
					...headers,
					...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length })
				}
			},
			(res) => {
				reply = { status: res.statusCode ?? 0, body: '' };
				res.on('data', (c) => (reply!.body += c));
				res.on('end', () => resolve(reply!));
			}
		);
		// A server that refuses a body early answers and then closes while the rest is still being
		// sent, as it should: the answer counts, the reset after it does not.
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (reply) resolve(reply);
			else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: 'reset', body: '' });
			else reject(error);
		});
		if (chunked) {
			for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
			req.end();
		} else req.end(body);
	});
}

test('a large body is refused everywhere but the spreadsheet import', async () => {
	const { server } = scene();
	const big = Buffer.alloc(700 * 1024, 'a');
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	expect(REFUSED).toContain(
		(await post(server.baseURL, '/login', Buffer.concat([Buffer.from('username=admin&password='), big]), form)).status
	);
	expect(REFUSED).toContain(
		(await post(server.baseURL, '/login', Buffer.concat([Buffer.from('username=admin&password='), big]), form, true)).status
	);
	expect(REFUSED).toContain((await post(server.baseURL, '/join', Buffer.concat([Buffer.from('code='), big]), form, true)).status);
	// A small wrong sign-in still gets its ordinary answer; so does a small one without a declared length.
	expect(
		(await post(server.baseURL, '/login', Buffer.from('username=admin&password=wrong'), { ...form, accept: 'text/html' })).status
	).toBe(400);
	expect((await post(server.baseURL, '/login', Buffer.from('username=admin&password=wrong'), form, true)).status).toBe(411);

	// The import accepts a file of up to 5 MB: a 5.5 MB upload reaches the action, which refuses the file itself.
	const cookie = await adminSession(server.baseURL, server.adminPassword);
	const evaluationId = /\/admin\/e\/([\w-]+)\//.exec(await (await fetch(`${server.baseURL}/admin`, { headers: { cookie } })).text())![1];
	const boundary = 'juri-boundary';
	const file = Buffer.alloc(5.5 * 1024 * 1024, 'x');
	const multipart = Buffer.concat([
		Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="bodies.csv"\r\ncontent-type: text/csv\r\n\r\n`),
		file,
		Buffer.from(`\r\n--${boundary}--\r\n`)
	]);
	const headers = { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie };
	const reply = await post(server.baseURL, `/admin/e/${evaluationId}/bodies?/preview`, multipart, headers);
	expect(reply.status).toBe(200);
	expect(reply.body).toContain('too_large');
	// The same upload to another of the page's actions is refused by the limit before it is read.
	expect(REFUSED).toContain((await post(server.baseURL, `/admin/e/${evaluationId}/bodies?/createBody`, multipart, headers)).status);
	// And no spelling of the path gets the large limit for another route.
	expect(REFUSED).toContain((await post(server.baseURL, `/admin/e/${evaluationId}/people?/preview`, multipart, headers)).status);
	// The server is still there for everyone.
	expect((await fetch(`${server.baseURL}/live`)).status).toBe(200);
});
