import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromiumProblem } from './browser';
import { startJuriServer, type RunningServer } from './server';
import { STATE_ENV } from './shared';

let server: RunningServer | null = null;

/**
 * Starts the shared server (production build, temporary database, demo seed) and writes its
 * address, admin password and parsed join links to a JSON file named by JURI_E2E_STATE.
 */
export default async function globalSetup(): Promise<void> {
	const problem = chromiumProblem();
	if (problem) console.warn(`\n[e2e] ${problem}\n`);
	server = await startJuriServer({ label: 'shared' });
	const { baseURL, adminPassword, people, pid, dir, logFile } = server;
	const file = path.join(dir, 'state.json');
	writeFileSync(file, JSON.stringify({ baseURL, adminPassword, people, pid, dir, logFile }, null, '\t'));
	process.env[STATE_ENV] = file;
	process.env.JURI_E2E_BASE_URL = server.baseURL;
}

/** Used by the global teardown (same process). */
export function sharedServer(): RunningServer | null {
	return server;
}
