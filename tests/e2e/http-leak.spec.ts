/**
 * Blind scoring: until a slot is certified, no public page, data endpoint or live view reveals a
 * juror's total, the panel's mean or the final score, and a presenter sees a result only once it
 * is published. Scores are submitted over socket.io as the tablets do. Own server.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { LiveClient, joinSession, slotOf } from './support/api';
import { saqOf } from './support/csv';
import { anonymous, formHeaders, joined, signedInAdmin } from './support/http';
import { useIsolatedServer } from './support/isolated';
import { sheetTotal, type Sheet } from './support/fixtures';

const scene = useIsolatedServer(test, 'leak');

// Totals and mean chosen to be exact in binary (61.25, 75.75, 62.5 → mean 66.5), so they print
// the same way wherever they would leak.
const SHEETS: Sheet[] = [
	{ K1: 77, K2: 65, K3: 55, K4: 40, K5: 85, K6: 35 },
	{ K1: 84, K2: 70, K3: 75, K4: 65, K5: 65, K6: 95 },
	{ K1: 93, K2: 45, K3: 60, K4: 55, K5: 30, K6: 70 }
];

/** Every way a number could show up: JSON (61.25), two decimals, and the Indonesian decimal comma. */
function spellings(value: number): string[] {
	const fixed = value.toFixed(2);
	return [...new Set([JSON.stringify(value), fixed, fixed.replace('.', ',')])];
}

function expectNoneOf(text: string, values: number[], where: string) {
	for (const value of values) {
		for (const spelling of spellings(value)) expect(text.includes(spelling), `${where} must not contain ${spelling}`).toBe(false);
	}
}

test('uncertified scores never reach /live, /presenter, their __data.json or the public live views', async () => {
	test.setTimeout(60_000);
	const { server, cast } = scene();
	const { baseURL } = server;
	const body = cast.presenter('Panel A', 1);
	const totals = SHEETS.map(sheetTotal);
	expect(totals).toEqual([61.25, 75.75, 62.5]);
	const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
	const final = (70 * saqOf(body.name) + 30 * mean) / 100;
	expect([mean, final]).toEqual([66.5, 87.5]);
	const secret = [...totals, mean, final];

	const chair = await LiveClient.connect(baseURL, await joinSession(baseURL, cast.chair('Panel A').code));
	const jurors = await Promise.all(
		cast.jurors('Panel A').map(async (j) => LiveClient.connect(baseURL, await joinSession(baseURL, j.code)))
	);
	const publicApi = await anonymous(baseURL);
	const { api: presenterApi } = await joined(baseURL, body.code);
	const admin = await signedInAdmin(baseURL, server.adminPassword);
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await (await admin.get('/admin')).text())![1];
	const audienceSocket = await LiveClient.connect(baseURL);
	const presenterSocket = await LiveClient.connect(
		baseURL,
		`juri_session=${(await presenterApi.storageState()).cookies.find((c) => c.name === 'juri_session')!.value}`
	);

	/** Everything public (and the presenter's own screens) as text. */
	const publicSurfaces = async (): Promise<[string, string][]> => {
		const get = async (api: APIRequestContext, path: string): Promise<[string, string]> => {
			const res = await api.get(path, { maxRedirects: 0 });
			expect(res.status(), path).toBe(200);
			return [path, await res.text()];
		};
		return [
			await get(publicApi, '/live'),
			await get(publicApi, '/live/__data.json'),
			await get(publicApi, `/live/__data.json?evaluation=${evaluationId}`),
			await get(publicApi, '/'),
			await get(publicApi, '/join'),
			await get(presenterApi, '/presenter'),
			await get(presenterApi, '/presenter/__data.json'),
			await get(presenterApi, '/live/__data.json'),
			['audience socket', JSON.stringify(await audienceSocket.sync({ view: 'audience', evaluationId }))],
			['presenter socket', JSON.stringify(await presenterSocket.sync({ view: 'presenter' }))]
		];
	};
	const expectNoLeak = async (stage: string) => {
		for (const [where, text] of await publicSurfaces()) expectNoneOf(text, secret, `${stage}: ${where}`);
	};

	const slotId = slotOf(await chair.panel(), body.name).id;
	await chair.run(slotId, 'start_presentation', 'open_scoring');
	for (const [i, juror] of jurors.entries()) {
		const receipt = await juror.submit(slotId, SHEETS[i]);
		expect(receipt.total).toBe(totals[i]);
	}
	// The chair does see the totals (sanity check that they exist and print as expected).
	const chairView = JSON.stringify(await chair.panel());
	for (const total of totals) expect(chairView).toContain(JSON.stringify(total));

	await expectNoLeak('scoring open');
	// A juror's tablet holds only that juror's own sheet.
	const own = JSON.stringify(await jurors[0].sync({ view: 'juror' }));
	expect(own).toContain(JSON.stringify(totals[0]));
	expectNoneOf(own, [...totals.slice(1), mean, final], "another juror's live view");
	await chair.run(slotId, 'close_scoring');
	await expectNoLeak('scoring closed');

	// Certified: the audience now sees the panel's mean and the final score (but never a juror's
	// total), and the presenter still sees nothing until the secretariat publishes.
	await chair.run(slotId, 'certify');
	const live = await (await publicApi.get('/live/__data.json')).text();
	expect(live).toContain(JSON.stringify(mean));
	expect(live).toContain(JSON.stringify(final));
	expectNoneOf(live, totals, 'certified: /live/__data.json');
	const audience = JSON.stringify(await audienceSocket.sync({ view: 'audience', evaluationId }));
	expect(audience).toContain(JSON.stringify(final));
	expectNoneOf(audience, totals, 'certified: audience socket');
	for (const path of ['/presenter', '/presenter/__data.json']) {
		expectNoneOf(await (await presenterApi.get(path)).text(), [mean, final], `certified, unpublished: ${path}`);
	}
	expectNoneOf(
		JSON.stringify(await presenterSocket.sync({ view: 'presenter' })),
		[mean, final],
		'certified, unpublished: presenter socket'
	);

	const published = await admin.post(`/admin/e/${evaluationId}/results?/publish`, {
		form: { reason: 'Hasil resmi', decreeNumber: '1/KEP/KIP/XII/2023', decreeDate: '2023-12-19' },
		headers: formHeaders(baseURL)
	});
	expect(published.status()).toBe(200);
	expect(await (await presenterApi.get('/presenter/__data.json')).text()).toContain(JSON.stringify(final));
	expectNoneOf(await (await presenterApi.get('/presenter/__data.json')).text(), totals, 'published: /presenter/__data.json');

	for (const client of [chair, ...jurors, audienceSocket, presenterSocket]) client.close();
	for (const api of [publicApi, presenterApi, admin]) await api.dispose();
});
