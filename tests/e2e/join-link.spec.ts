/**
 * Join links are one-time codes redeemed by a POST: opening the link (a GET, as chat apps and mail
 * scanners do to preview it) must not use it up. Shared server.
 */
import { expect, test } from './support/fixtures';
import { t } from './support/messages';
import { mainCast } from './support/shared';

test('opening a join link does not consume the code; pressing Join does, once', async ({ browser, request }) => {
	const person = mainCast().presenter('Panel B', 5);

	// Link previews: plain GETs of the page and of its data, several times.
	for (let i = 0; i < 2; i++) {
		const res = await request.get(person.link, { maxRedirects: 0 });
		expect(res.status()).toBe(200);
		expect(await res.text()).toContain(person.code);
		expect((await request.get(`${person.link}/__data.json`, { maxRedirects: 0 })).status()).toBe(200);
		expect(res.headers()['set-cookie'] ?? '').not.toContain('juri_session');
	}
	const preview = await browser.newContext();
	const previewPage = await preview.newPage();
	await previewPage.goto(person.link);
	await expect(previewPage.getByRole('textbox', { name: t('join_code') })).toHaveValue(person.code);
	await preview.close();

	// The owner taps Join: it works.
	const owner = await browser.newContext();
	const ownerPage = await owner.newPage();
	await ownerPage.goto(person.link);
	await ownerPage.getByRole('button', { name: t('join_submit') }).click();
	await expect(ownerPage).toHaveURL(/\/presenter$/);
	await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(person.name);

	// Anyone trying the same link afterwards is refused on the page.
	const late = await browser.newContext();
	const latePage = await late.newPage();
	await latePage.goto(person.link);
	await latePage.getByRole('button', { name: t('join_submit') }).click();
	await expect(latePage.getByRole('alert')).toHaveText(t('join_invalid'));
	await expect(latePage).toHaveURL(person.link);
	expect((await late.cookies()).filter((c) => c.name === 'juri_session')).toEqual([]);
});
