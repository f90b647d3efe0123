/**
 * Page weight (target P7): the audience page, opened on phones and big screens over event Wi-Fi,
 * loads at most 80 KB of gzipped JavaScript. Sizes are measured on the built files it requests.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from './support/fixtures';
import { mainServer } from './support/shared';

const BUDGET_KB = 80;

test(`the audience page loads at most ${BUDGET_KB} KB of gzipped JavaScript`, async ({ browser }) => {
	const { baseURL } = mainServer();
	const context = await browser.newContext();
	const page = await context.newPage();
	const scripts = new Set<string>();
	page.on('response', (res) => {
		const path = new URL(res.url()).pathname;
		if (path.endsWith('.js')) scripts.add(path);
	});
	await page.goto(`${baseURL}/live`, { waitUntil: 'networkidle' });
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
	const gzipped = [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(`build/client${path}`)).length, 0);
	expect(scripts.size).toBeGreaterThan(0);
	expect(gzipped / 1024, `${scripts.size} scripts`).toBeLessThanOrEqual(BUDGET_KB);
	await context.close();
});
