import type { TestType } from '@playwright/test';
import { castOf, type Cast } from './people';
import { startJuriServer, type RunningServer, type StartOptions } from './server';

/**
 * A server of the spec's own (fresh database, fresh demo), started before its tests and stopped
 * after them, for flows that would disturb the shared server (certifying, publishing, throttling).
 */
export function useIsolatedServer(
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	test: TestType<any, any>,
	label: string,
	options: Omit<StartOptions, 'label'> = {}
): () => { server: RunningServer; cast: Cast } {
	let server: RunningServer | null = null;
	test.beforeAll(async () => {
		test.setTimeout(60_000);
		server = await startJuriServer({ ...options, label });
	});
	test.afterAll(async () => {
		await server?.stop();
	});
	return () => {
		if (!server) throw new Error('The isolated server did not start');
		return { server, cast: castOf(server) };
	};
}
