/**
 * A tablet shared by jurors: the offline shell's copy of the juror page (that juror's panel,
 * rubric and view) ends with the session, so nobody reloading the tablet offline after a sign-out
 * sees it, and the next juror's page replaces it. Nothing but that page and its build files is kept.
 * Own server.
 */
import { DEVICES, expect, joinAs, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';
import { offlineReady } from './support/tablet';

const scene = useIsolatedServer(test, 'shared-tablet');

test("signing out forgets the juror's page, and the next juror's page is the one kept", async ({ browser }) => {
	const { server, cast } = scene();
	const [first, second] = cast.jurors('Panel A');
	const context = await browser.newContext(DEVICES.tablet);
	const page = await context.newPage();

	await joinAs(page, first);
	await offlineReady(page);
	await page.getByRole('button', { name: t('logout') }).click();
	await expect(page).toHaveURL(`${server.baseURL}/`);

	// Offline, the tablet no longer opens the first juror's page.
	await context.setOffline(true);
	await expect(page.goto(`${server.baseURL}/juror`)).rejects.toThrow(/net::ERR_(FAILED|INTERNET_DISCONNECTED)/);
	await context.setOffline(false);

	await joinAs(page, second);
	await offlineReady(page);
	// Other pages opened on the tablet pass through the worker untouched: it keeps only the juror
	// page and the build files that page loads.
	await page.goto(`${server.baseURL}/live`);
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	const kept = await page.evaluate(async () => {
		const paths: string[] = [];
		for (const name of await caches.keys()) {
			for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
		}
		return paths;
	});
	expect(kept).toContain('/juror');
	expect(kept.filter((p) => p !== '/juror' && !p.startsWith('/_app/immutable/') && p !== '/favicon.svg')).toEqual([]);
	await page.goto(`${server.baseURL}/juror`);
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('connection')).toHaveAttribute('data-offline', 'true');
	await expect(page.getByRole('banner')).toContainText(second.name);
	await expect(page.getByRole('banner')).not.toContainText(first.name);
});
