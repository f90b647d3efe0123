// Production entry: adapter-node's request handler and socket.io on one HTTP server, one port, with
// the probes a proxy or supervisor asks (/healthz, /readyz), request ids, structured logs, and a
// graceful stop on SIGTERM/SIGINT. (`node build` alone would not attach socket.io; its PORT/HOST
// handling is redone here.)
import { createServer } from 'node:http';

import { BASELINE_HEADERS } from './src/lib/server/http/baseline-headers.js';
import { logger, newEventId } from './src/lib/server/log.js';

// adapter-node applies one body limit to every request; it is the imports' 6 MB here, and the
// `handle` hook holds every other route to a small limit (src/lib/server/http/body-limit.ts).
// adapter-node reads the variable when its handler module loads, hence the dynamic import below.
process.env.BODY_SIZE_LIMIT ??= '6M';
const { handler } = await import('./build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
/** How long a stop may take before the process exits anyway: the database is durable at every commit. */
const STOP_DEADLINE_MS = 10_000;

// Importing the handler ran the `init` hook, which started the app (migrations, demo seed) once
// and left it on globalThis for this entry to share with the route bundle.
const app = await globalThis[Symbol.for('juri.app')];

/** An id the proxy sent (nginx: `proxy_set_header X-Request-Id $request_id`) if it looks like one, else ours. */
const requestIdOf = (header) => (typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : newEventId());

/**
 * The probes: public, cheap, no data. /healthz: the process answers (liveness). /readyz: the
 * database answers (and each dependency registered with the app, e.g. Redis) and the process is not
 * shutting down; 503 otherwise, so the proxy sends traffic elsewhere.
 */
async function probe(path, res) {
	const readiness = path === '/readyz' ? await app.readiness() : null;
	res.statusCode = readiness && readiness.status !== 'ready' ? 503 : 200;
	res.setHeader('content-type', 'application/json');
	res.setHeader('cache-control', 'no-store');
	res.end(JSON.stringify(readiness ?? { status: 'ok' }));
}

// Static files are served before SvelteKit's hook runs: the baseline headers go on every response here.
const server = createServer((req, res) => {
	for (const [name, value] of Object.entries(BASELINE_HEADERS)) res.setHeader(name, value);
	const path = req.url?.split('?')[0];
	if (path === '/healthz' || path === '/readyz') return void probe(path, res);
	// One id per request, in the response and (through the header) in SvelteKit's error log.
	const requestId = requestIdOf(req.headers['x-request-id']);
	req.headers['x-request-id'] = requestId;
	res.setHeader('x-request-id', requestId);
	handler(req, res);
});
app.attachRealtime(server);

server.listen(port, host, () => {
	const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
	const banner = app.describeStart(origin);
	// A person at a terminal reads the banner; a supervisor's log gets one JSON line holding it.
	if (process.stdout.isTTY) console.log(banner);
	else logger.info('started', { origin, port, host, banner });
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	logger.info('stopping: draining connections, then closing the database', { signal });
	setTimeout(() => {
		logger.error('stop took too long: exiting without waiting further', { deadlineMs: STOP_DEADLINE_MS });
		process.exit(1);
	}, STOP_DEADLINE_MS).unref();
	try {
		// /readyz answers 503 from now; socket.io closes every live connection (clients reconnect, to
		// another process behind the proxy), the server stops accepting and finishes the requests in
		// flight, the socket commands being served finish, then the database closes.
		await app.shutdown();
		logger.info('stopped', { signal });
		process.exit(0);
	} catch (error) {
		logger.error('stop failed', { signal, error });
		process.exit(1);
	}
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
