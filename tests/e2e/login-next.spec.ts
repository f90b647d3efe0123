/**
 * /login?next=… leads only to a path on this site: each hostile value from the shared table is
 * sent with the right password, and the Location header is resolved the way a browser resolves it.
 * Shared server (a successful sign-in changes nothing others see).
 */
import { expect, test } from '@playwright/test';
import { HOSTILE_NEXT } from '../fixtures/hostile-next';
import { mainServer } from './support/shared';

async function signInWithNext(next: string): Promise<URL> {
	const { baseURL, adminPassword } = mainServer();
	const res = await fetch(`${baseURL}/login?next=${encodeURIComponent(next)}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username: 'admin', password: adminPassword })
	});
	expect(res.status, `sign-in with next=${JSON.stringify(next)}`).toBe(303);
	return new URL(res.headers.get('location')!, baseURL);
}

test('a hostile next falls back to /admin on this site', async () => {
	const { baseURL } = mainServer();
	for (const next of HOSTILE_NEXT) {
		const location = await signInWithNext(next);
		expect(location.href, JSON.stringify(next)).toBe(`${new URL(baseURL).origin}/admin`);
	}
});

test('a path on this site is kept', async () => {
	const { baseURL } = mainServer();
	const location = await signInWithNext('/admin/evaluations?from=login#new');
	expect(location.href).toBe(`${new URL(baseURL).origin}/admin/evaluations?from=login#new`);
});
