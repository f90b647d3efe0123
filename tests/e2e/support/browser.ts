import { existsSync } from 'node:fs';

/** Debian's Chromium: Playwright's own browsers cannot be downloaded here. */
export const CHROMIUM_PATH = process.env.JURI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const isCI = process.env.CI === 'true';

/** Why browser tests cannot run, or null when they can. */
export function chromiumProblem(): string | null {
	return existsSync(CHROMIUM_PATH)
		? null
		: `Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium package or set JURI_CHROMIUM): browser tests are skipped; HTTP-level tests still run.`;
}
