/**
 * What a proxy and a supervisor see of the production server: /healthz and /readyz (public, no
 * data), a request id on every response (the proxy's own when it sends one), JSON log lines, and a
 * graceful stop on SIGTERM that closes live connections so that clients reconnect elsewhere, then
 * exits. A server of its own: the test stops it.
 */
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { expect, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';

const scene = useIsolatedServer(test, 'lifecycle');
test.describe.configure({ mode: 'serial' });

test('/healthz and /readyz answer JSON without data, uncached; pages carry a request id', async ({ request }) => {
	const { server } = scene();
	const health = await request.get(`${server.baseURL}/healthz`);
	expect(health.status()).toBe(200);
	expect(await health.json()).toEqual({ status: 'ok' });
	const ready = await request.get(`${server.baseURL}/readyz?probe=1`);
	expect(ready.status()).toBe(200);
	expect(ready.headers()['cache-control']).toBe('no-store');
	expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true } });

	const page = await request.get(`${server.baseURL}/live`);
	expect(page.headers()['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
	const proxied = await request.get(`${server.baseURL}/live`, { headers: { 'x-request-id': 'nginx-4f2a9c' } });
	expect(proxied.headers()['x-request-id']).toBe('nginx-4f2a9c');
	const forged = await request.get(`${server.baseURL}/live`, { headers: { 'x-request-id': 'a"},{"level":"error' } });
	expect(forged.headers()['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
});

test('SIGTERM: live sockets are closed so they reconnect elsewhere, then the process stops and says so in JSON', async () => {
	const { server } = scene();
	const socket = io(server.baseURL, { transports: ['websocket'], reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const reason = new Promise<string>((resolve) => socket.once('disconnect', (r) => resolve(r)));
	process.kill(server.pid, 'SIGTERM');
	// A closed transport: socket.io clients reconnect by themselves (a server-side disconnect they would not).
	expect(await reason).toBe('transport close');
	await expect
		.poll(() => {
			try {
				process.kill(server.pid, 0);
				return 'running';
			} catch {
				return 'exited';
			}
		})
		.toBe('exited');
	const entries = readFileSync(server.logFile, 'utf8')
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as { level: string; pid: number; msg: string; signal?: string });
	expect(entries.map((e) => e.msg)).toEqual(['started', 'stopping: draining connections, then closing the database', 'stopped']);
	expect(entries.every((e) => e.pid === server.pid && e.level === 'info')).toBe(true);
	expect(entries.at(-1)).toMatchObject({ signal: 'SIGTERM' });
});
