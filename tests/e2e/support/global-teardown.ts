import { readFileSync } from 'node:fs';
import { sharedServer } from './global-setup';
import { STATE_ENV } from './shared';
import type { ServerInfo } from './server';

/** Stops the shared server started by the global setup and removes its temporary database. */
export default async function globalTeardown(): Promise<void> {
	const server = sharedServer();
	if (server) {
		await server.stop();
		return;
	}
	// Loaded as a separate module instance: fall back to the pid recorded in the state file.
	const file = process.env[STATE_ENV];
	if (!file) return;
	try {
		const { pid } = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
		process.kill(pid, 'SIGTERM');
	} catch {
		// already gone
	}
}
