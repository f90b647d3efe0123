import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';

/** Headers of a same-origin form POST as a browser sends it (SvelteKit checks the Origin). */
export const formHeaders = (baseURL: string) => ({ origin: baseURL, accept: 'text/html' });

/** A cookie jar of its own: anonymous, or signed in by a join code or the admin password. */
export async function anonymous(baseURL: string): Promise<APIRequestContext> {
	return playwrightRequest.newContext({ baseURL, maxRedirects: 0 });
}

export async function joined(baseURL: string, code: string): Promise<{ api: APIRequestContext; response: APIResponse }> {
	const api = await anonymous(baseURL);
	const response = await api.post('/join', { form: { code }, headers: formHeaders(baseURL), maxRedirects: 0 });
	expect(response.status(), `joining with ${code}`).toBe(303);
	return { api, response };
}

export async function signedInAdmin(baseURL: string, password: string): Promise<APIRequestContext> {
	const api = await anonymous(baseURL);
	const response = await api.post('/login', { form: { username: 'admin', password }, headers: formHeaders(baseURL), maxRedirects: 0 });
	expect(response.status(), 'admin sign-in').toBe(303);
	return api;
}

/** Every Set-Cookie header of a response. */
export const setCookies = (response: APIResponse) =>
	response
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie')
		.map((h) => h.value);

/** The session cookie's value in a context's jar. */
export async function sessionToken(api: APIRequestContext): Promise<string> {
	const cookie = (await api.storageState()).cookies.find((c) => c.name === 'juri_session');
	if (!cookie) throw new Error('no session cookie in this context');
	return cookie.value;
}
