/**
 * Cross-site form posts are refused (403) before they reach any action, whatever the form
 * content type and its casing, and they change nothing: no session is created or ended, no join
 * code is used up, nothing is published. Shared server.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { anonymous, formHeaders, joined, setCookies, signedInAdmin } from './support/http';
import { t } from './support/messages';
import { mainCast, mainServer } from './support/shared';

const EVIL = 'http://evil.example';
const BOUNDARY = '----juri-e2e-boundary';
/** Form content types a cross-site page can send without a CORS preflight, in odd casings too. */
const CONTENT_TYPES = [
	'application/x-www-form-urlencoded',
	`multipart/form-data; boundary=${BOUNDARY}`,
	'text/plain',
	'Text/Plain',
	'TEXT/PLAIN; charset=UTF-8',
	'Application/X-WWW-Form-Urlencoded',
	`Multipart/Form-Data; boundary=${BOUNDARY}`
];

function encode(contentType: string, fields: Record<string, string>): string {
	const type = contentType.toLowerCase();
	if (type.startsWith('multipart/')) {
		return (
			Object.entries(fields)
				.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
				.join('') + `--${BOUNDARY}--\r\n`
		);
	}
	if (type.startsWith('text/plain'))
		return Object.entries(fields)
			.map(([k, v]) => `${k}=${v}\r\n`)
			.join('');
	return new URLSearchParams(fields).toString();
}

async function crossSite(api: APIRequestContext, path: string, fields: Record<string, string>, contentType: string) {
	return api.post(path, {
		headers: { origin: EVIL, referer: `${EVIL}/page`, 'content-type': contentType, accept: 'text/html' },
		data: encode(contentType, fields),
		maxRedirects: 0
	});
}

test("cross-origin form posts to /login, /join, /logout and the results hub's ?/publish are refused and change nothing", async () => {
	const { baseURL, adminPassword } = mainServer();
	const cast = mainCast();
	const presenter = cast.presenter('Panel B', 2);
	const attacker = await anonymous(baseURL);
	const admin = await signedInAdmin(baseURL, adminPassword);
	const { api: signedIn } = await joined(baseURL, cast.presenter('Panel B', 6).code);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await (await admin.get('/admin')).text())?.[1];
	expect(evaluationId).toBeTruthy();

	for (const contentType of CONTENT_TYPES) {
		const attempts: [string, APIRequestContext, string, Record<string, string>][] = [
			['sign in as the secretariat', attacker, '/login', { username: 'admin', password: adminPassword }],
			['redeem a join code', attacker, '/join', { code: presenter.code }],
			['redeem a join link', attacker, `/join/${presenter.code}`, { code: presenter.code }],
			['sign a presenter out', signedIn, '/logout', {}],
			[
				'publish results',
				admin,
				`/admin/e/${evaluationId}/results?/publish`,
				{ reason: 'Cross-site publication', decreeNumber: '9/KEP/KIP/XII/2023', decreeDate: '2023-12-19' }
			]
		];
		for (const [what, api, path, fields] of attempts) {
			const res = await crossSite(api, path, fields, contentType);
			expect(res.status(), `${what} (${contentType})`).toBe(403);
			expect(await res.text()).toContain('Cross-site POST form submissions are forbidden');
			expect(
				setCookies(res).filter((c) => c.startsWith('juri_session')),
				`${what} (${contentType}) sets no session cookie`
			).toEqual([]);
		}
	}
	// No Origin at all is not our origin either.
	const bare = await attacker.post('/login', {
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		data: new URLSearchParams({ username: 'admin', password: adminPassword }).toString(),
		maxRedirects: 0
	});
	expect(bare.status()).toBe(403);

	// Nothing changed: the attacker has no session, the presenter is still signed in, nothing is
	// published, and the join code still works for its owner.
	expect((await attacker.get('/admin', { maxRedirects: 0 })).status()).toBe(303);
	expect((await attacker.storageState()).cookies.filter((c) => c.name === 'juri_session')).toEqual([]);
	expect((await signedIn.get('/presenter', { maxRedirects: 0 })).status()).toBe(200);
	const adminPage = await (await admin.get('/admin')).text();
	expect(adminPage).toContain(t('not_published'));
	const owner = await anonymous(baseURL);
	const redeemed = await owner.post(`/join/${presenter.code}`, {
		form: { code: presenter.code },
		headers: formHeaders(baseURL),
		maxRedirects: 0
	});
	expect(redeemed.status()).toBe(303);
	expect(redeemed.headers().location).toBe('/presenter');
	for (const api of [attacker, admin, signedIn, owner]) await api.dispose();
});
