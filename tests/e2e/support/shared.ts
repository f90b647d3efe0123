import { readFileSync } from 'node:fs';
import { castOf } from './people';
import type { ServerInfo } from './server';

export const STATE_ENV = 'JURI_E2E_STATE';

let cached: ServerInfo | null = null;

/** The shared server started by the global setup: address, admin password and join links. */
export function mainServer(): ServerInfo {
	if (cached) return cached;
	const file = process.env[STATE_ENV];
	if (!file) throw new Error(`${STATE_ENV} is not set: run the tests with \`npx playwright test\` (the global setup starts the server)`);
	cached = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
	return cached;
}

export const mainCast = () => castOf(mainServer());
