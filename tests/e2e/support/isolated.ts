import type { TestType } from '@playwright/test';
import { castOf, type Cast } from './people';
import { startJuriServer, type RunningServer } from './server';

/**
 * A server of the spec's own (fresh database, fresh demo), started before its tests and stopped
 * after them, for flows that would disturb the shared server (certifying, publishing, throttling).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useIsolatedServer(test: TestType<any, any>, label: string): () => { server: RunningServer; cast: Cast } {
	let server: RunningServer | null = null;
	test.beforeAll(async () => {
		test.setTimeout(60_000);
		server = await startJuriServer({ label });
	});
	test.afterAll(async () => {
		await server?.stop();
	});
	return () => {
		if (!server) throw new Error('The isolated server did not start');
		return { server, cast: castOf(server) };
	};
}
