import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumProblem, isCI } from './tests/e2e/support/browser';

// Playwright's own browsers cannot be downloaded here: Debian's Chromium is used instead.
// On CI a missing Chromium fails the run; locally the browser tests are skipped with a message.
const problem = chromiumProblem();
if (problem && isCI) {
	throw new Error(`[e2e] CI=true and ${problem.replace(/: browser tests are skipped.*$/, '')}. Install it (apt-get install chromium).`);
}

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	// One shared server (production build on a temporary database) for the specs that use mainServer();
	// specs needing a pristine event start their own.
	globalSetup: './tests/e2e/support/global-setup.ts',
	globalTeardown: './tests/e2e/support/global-teardown.ts',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	forbidOnly: isCI,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: isCI ? [['list'], ['html', { open: 'never' }]] : [['list']],
	use: {
		headless: true,
		launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		actionTimeout: 10_000,
		navigationTimeout: 15_000
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }]
});
