/**
 * Who may open what, straight over HTTP: every role against every area and the secretariat's form
 * actions, as src/lib/server/auth/guard.ts and the `handle` hook decide; the session cookie's flags;
 * and signing out. Shared server (nothing here changes the event).
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { anonymous, formHeaders, joined, sessionToken, setCookies, signedInAdmin } from './support/http';
import { t } from './support/messages';
import { mainCast, mainServer } from './support/shared';

type Role = 'anonymous' | 'admin' | 'chair' | 'juror' | 'presenter';
const ROLES: Role[] = ['anonymous', 'admin', 'chair', 'juror', 'presenter'];
/** 200, a 303 to the given location, or 403 (and 400: an admin form action reached with an invalid form). */
type Outcome = 200 | 400 | 403 | `303 ${string}`;

const toLogin = '303 /login?next=%2Fadmin';
const toJoin = '303 /join';

test.describe('role × route matrix', () => {
	const sessions = {} as Record<Role, APIRequestContext>;
	let panelA = '';
	let evaluationId = '';

	test.beforeAll(async () => {
		const { baseURL, adminPassword } = mainServer();
		const cast = mainCast();
		sessions.anonymous = await anonymous(baseURL);
		sessions.admin = await signedInAdmin(baseURL, adminPassword);
		sessions.chair = (await joined(baseURL, cast.chair('Panel B').code)).api;
		sessions.juror = (await joined(baseURL, cast.jurors('Panel B')[0].code)).api;
		sessions.presenter = (await joined(baseURL, cast.presenter('Panel B', 1).code)).api;
		const admin = await (await sessions.admin.get('/admin')).text();
		panelA = /href="\/panel\?panel=([\w-]+)"/.exec(admin)?.[1] ?? '';
		expect(panelA).not.toBe('');
		evaluationId = /\/admin\/e\/([\w-]+)\//.exec(admin)?.[1] ?? '';
		expect(evaluationId).not.toBe('');
	});
	test.afterAll(async () => {
		for (const api of Object.values(sessions)) await api.dispose();
	});

	const PAGES: Record<string, Record<Role, Outcome>> = {
		'/admin': { anonymous: toLogin, admin: 200, chair: 403, juror: 403, presenter: 403 },
		'/panel': { anonymous: toJoin, admin: 200, chair: 200, juror: 403, presenter: 403 },
		'/juror': { anonymous: toJoin, admin: 403, chair: 403, juror: 200, presenter: 403 },
		'/presenter': { anonymous: toJoin, admin: 403, chair: 403, juror: 403, presenter: 200 },
		'/live': { anonymous: 200, admin: 200, chair: 200, juror: 200, presenter: 200 },
		'/': { anonymous: 200, admin: '303 /admin', chair: '303 /panel', juror: '303 /juror', presenter: '303 /presenter' }
	};
	/** `{evaluation}` is the demo evaluation's id; an anonymous visitor is sent to sign in and come back to the page. */
	const ACTIONS: Record<string, Record<Role, Outcome>> = {
		'/admin/e/{evaluation}/results?/publish': {
			anonymous: `303 /login?next=${encodeURIComponent('/admin/e/{evaluation}/results')}`,
			admin: 400,
			chair: 403,
			juror: 403,
			presenter: 403
		},
		'/admin?/issueCode': { anonymous: toLogin, admin: 400, chair: 403, juror: 403, presenter: 403 }
	};

	const outcomeOf = (status: number, location: string | undefined): Outcome | number =>
		status === 303 ? `303 ${location}` : (status as Outcome);

	for (const [path, expected] of Object.entries(PAGES)) {
		test(`GET ${path}`, async () => {
			for (const role of ROLES) {
				// The secretariat names the panel whose console it opens; a chair's comes from the session.
				const url = path === '/panel' ? `/panel?panel=${panelA}` : path;
				const res = await sessions[role].get(url, { maxRedirects: 0 });
				expect(outcomeOf(res.status(), res.headers().location), `${role} → GET ${path}`).toBe(expected[role]);
				// The page's data endpoint (client-side navigation) answers the same way.
				if (path === '/') continue;
				const data = await sessions[role].get(`${path}/__data.json${path === '/panel' ? `?panel=${panelA}` : ''}`, { maxRedirects: 0 });
				const outcome = expected[role];
				if (outcome === 200) {
					expect(data.status(), `${role} → ${path}/__data.json`).toBe(200);
					expect((await data.json()).type).toBe('data');
				} else if (outcome === 403) {
					expect(data.status(), `${role} → ${path}/__data.json`).toBe(403);
				} else {
					expect(await data.json(), `${role} → ${path}/__data.json`).toEqual({ type: 'redirect', location: String(outcome).slice(4) });
				}
			}
		});
	}

	test('the secretariat opening /panel without naming a panel goes back to the dashboard', async () => {
		const res = await sessions.admin.get('/panel', { maxRedirects: 0 });
		expect(outcomeOf(res.status(), res.headers().location)).toBe('303 /admin');
	});

	test('the chair of Panel B sees only their own console, whatever ?panel= says', async () => {
		const res = await sessions.chair.get(`/panel?panel=${panelA}`);
		expect(res.status()).toBe(200);
		const html = await res.text();
		expect(html).toContain('Panel B');
		expect(html).not.toContain('Ruang Merapi');
	});

	for (const [template, expectedFor] of Object.entries(ACTIONS)) {
		test(`POST ${template}`, async () => {
			const { baseURL } = mainServer();
			const action = template.replace('{evaluation}', evaluationId);
			for (const role of ROLES) {
				// Deliberately invalid forms: an admin reaches the action (400) and nothing changes.
				const res = await sessions[role].post(action, {
					form: { evaluationId: '', reason: '', userId: '' },
					headers: formHeaders(baseURL)
				});
				const expected = String(expectedFor[role]).replace(encodeURIComponent('{evaluation}'), evaluationId);
				expect(String(outcomeOf(res.status(), res.headers().location)), `${role} → POST ${action}`).toBe(expected);
				// The secretariat got through to the action itself, which refused the empty form next to its field.
				if (role === 'admin')
					expect(await res.text()).toContain(action.endsWith('publish') ? t('res_err_reason_short') : t('error_invalid_input'));
			}
			const admin = await (await sessions.admin.get('/admin')).text();
			expect(admin).toContain(t('not_published'));
		});
	}
});

test('the session cookie after joining is HttpOnly, SameSite=Lax, Path=/ and not Secure on http', async () => {
	const { baseURL } = mainServer();
	const { api, response } = await joined(baseURL, mainCast().jurors('Panel B')[1].code);
	expect(response.headers().location).toBe('/juror');
	const session = setCookies(response).filter((c) => c.startsWith('juri_session='));
	expect(session).toHaveLength(1);
	const [pair, ...attributes] = session[0].split(';').map((part) => part.trim());
	expect(pair).toMatch(/^juri_session=[a-z2-7]{32}$/);
	const names = attributes.map((a) => a.split('=')[0].toLowerCase());
	expect(names).toContain('httponly');
	expect(attributes).toContainEqual(expect.stringMatching(/^SameSite=Lax$/i));
	expect(attributes).toContainEqual('Path=/');
	expect(names).not.toContain('secure');
	expect(names).not.toContain('domain');
	// A long-lived session: a juror's tablet stays signed in through the event.
	const expires = attributes.find((a) => /^expires=/i.test(a));
	expect(expires).toBeDefined();
	expect(Date.parse(expires!.slice('expires='.length)) - Date.now()).toBeGreaterThan(7 * 24 * 3600_000);
	await api.dispose();
});

test('signing out ends the session: the old cookie no longer opens /juror', async () => {
	const { baseURL } = mainServer();
	const { api } = await joined(baseURL, mainCast().jurors('Panel B')[2].code);
	const token = await sessionToken(api);
	expect((await api.get('/juror')).status()).toBe(200);

	const out = await api.post('/logout', { headers: formHeaders(baseURL), form: {} });
	expect(out.status()).toBe(303);
	expect(out.headers().location).toBe('/');
	const cleared = setCookies(out).find((c) => c.startsWith('juri_session='));
	expect(cleared).toMatch(/^juri_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);

	// Someone who kept a copy of the cookie gets nowhere with it.
	const replay = await anonymous(baseURL);
	const res = await replay.get('/juror', { headers: { cookie: `juri_session=${token}` }, maxRedirects: 0 });
	expect(res.status()).toBe(303);
	expect(res.headers().location).toBe('/join');
	await replay.dispose();
	await api.dispose();
});
