/**
 * The public-results policy over HTTP and in the browser (issue 8, item 1): with "ranks only" a
 * certified body's rank shows on /live while its scores appear nowhere the public can fetch (the
 * page, its __data.json, the socket); with "nothing" not even its name; once published, /live and
 * the presenter's page show that version, labelled with its number, and a later certification
 * does not change them. A server of its own.
 */
import type { APIRequestContext } from '@playwright/test';
import { LiveClient, joinSession, slotOf } from './support/api';
import { saqOf } from './support/csv';
import { DEVICES, expect, personPage, sheetTotal, test, type Sheet } from './support/fixtures';
import { anonymous, formHeaders, signedInAdmin } from './support/http';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'public-results');
test.describe.configure({ mode: 'serial' });

const SHEET: Sheet = { K1: 90, K2: 80, K3: 85, K4: 70, K5: 75, K6: 60 };
/** A score as it could appear: JSON, two decimals, decimal comma. */
const spellings = (value: number) => [...new Set([JSON.stringify(value), value.toFixed(2), value.toFixed(2).replace('.', ',')])];

let admin: APIRequestContext;
let publicApi: APIRequestContext;
let evaluationId = '';

async function setPolicy(policy: 'provisional' | 'ranks_only' | 'hidden') {
	const { server } = scene();
	const res = await admin.post(`/admin/e/${evaluationId}/settings?/publicResults`, {
		form: { policy },
		headers: formHeaders(server.baseURL)
	});
	expect(res.status()).toBe(200);
}

const publicTexts = async () => [await (await publicApi.get('/live')).text(), await (await publicApi.get('/live/__data.json')).text()];

test('ranks only, then nothing: the certified body’s scores never reach the public, its name only when allowed', async () => {
	const { server, cast } = scene();
	admin = await signedInAdmin(server.baseURL, server.adminPassword);
	publicApi = await anonymous(server.baseURL);
	evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await (await admin.get('/admin')).text())![1];
	await setPolicy('ranks_only');

	const body = cast.presenter('Panel A', 1).name;
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel A').code));
	const jurors = await Promise.all(
		cast.jurors('Panel A').map(async (j) => LiveClient.connect(server.baseURL, await joinSession(server.baseURL, j.code)))
	);
	const slotId = slotOf(await chair.panel(), body).id;
	await chair.run(slotId, 'start_presentation', 'open_scoring');
	for (const juror of jurors) await juror.submit(slotId, SHEET);
	await chair.run(slotId, 'close_scoring', 'certify');
	const presentation = sheetTotal(SHEET);
	const final = Math.round((0.7 * saqOf(body) + 0.3 * presentation) * 100) / 100;

	const audience = await LiveClient.connect(server.baseURL);
	const socketView = JSON.stringify(await audience.sync({ view: 'audience', evaluationId }));
	for (const text of [...(await publicTexts()), socketView]) {
		expect(text).toContain(body);
		for (const value of [presentation, final]) for (const spelling of spellings(value)) expect(text).not.toContain(spelling);
	}

	await setPolicy('hidden');
	for (const text of [...(await publicTexts()), JSON.stringify(await audience.sync({ view: 'audience', evaluationId }))]) {
		// The room's queue may name the body as on stage or next; the results never do.
		expect(text).not.toContain('"finalScore"');
		expect(text).not.toContain('"rank"');
	}
	expect(await (await publicApi.get('/live')).text()).toContain(t('results_public_hidden'));
	for (const client of [chair, ...jurors, audience]) client.close();
});

test('once published, /live and the presenter show that version, and a later certification changes neither', async ({ browser }) => {
	const { server, cast } = scene();
	const published = await admin.post(`/admin/e/${evaluationId}/results?/publish`, {
		form: { reason: 'Hasil tahap presentasi', decreeNumber: '12/KEP/KI/XII/2023', decreeDate: '2023-12-19' },
		headers: formHeaders(server.baseURL)
	});
	expect(published.status()).toBe(200);
	expect(await published.text()).not.toContain('field-error');

	const live = await (await browser.newContext(DEVICES.bigScreen)).newPage();
	await live.goto(`${server.baseURL}/live`);
	await expect(live.getByTestId('public-results')).toHaveAttribute('data-kind', 'published');
	await expect(live.getByTestId('public-results').getByRole('heading', { level: 2 }).first()).toHaveText(
		t('results_public_published', { version: 1 })
	);
	const rowsBefore = await live.getByTestId('leaderboard-row').allInnerTexts();
	// The whole published version: every body of the evaluation, not only those that presented.
	expect(rowsBefore.length).toBeGreaterThan(20);

	const { page: presenter } = await personPage(browser, cast.presenter('Panel A', 1), DEVICES.phone);
	await expect(presenter.getByTestId('result-version')).toHaveText(
		`${t('results_public_published', { version: 1 })} · ${t('results_public_decree', { number: '12/KEP/KI/XII/2023', date: '19 Desember 2023' })}`
	);

	// Panel B certifies a slot after publication: the public results stay version 1, as published.
	const chair = await LiveClient.connect(server.baseURL, await joinSession(server.baseURL, cast.chair('Panel B').code));
	const jurors = await Promise.all(
		cast.jurors('Panel B').map(async (j) => LiveClient.connect(server.baseURL, await joinSession(server.baseURL, j.code)))
	);
	const slotId = slotOf(await chair.panel(), cast.presenter('Panel B', 1).name).id;
	await chair.run(slotId, 'start_presentation', 'open_scoring');
	for (const juror of jurors) await juror.submit(slotId, { K1: 100, K2: 100, K3: 100, K4: 100, K5: 100, K6: 100 });
	await chair.run(slotId, 'close_scoring', 'certify');
	// The room's state is public and live: the certified slot leaves the stage…
	await expect(live.getByTestId('room').filter({ hasText: 'Rinjani' })).not.toContainText(cast.presenter('Panel B', 1).name, {
		timeout: 15_000
	});
	// …while the results are still version 1, row for row.
	expect(await live.getByTestId('leaderboard-row').allInnerTexts()).toEqual(rowsBefore);
	await presenter.reload();
	await expect(presenter.getByTestId('result-version')).toHaveText(
		`${t('results_public_published', { version: 1 })} · ${t('results_public_decree', { number: '12/KEP/KI/XII/2023', date: '19 Desember 2023' })}`
	);
	for (const client of [chair, ...jurors]) client.close();
});
