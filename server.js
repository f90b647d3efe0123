// Production entry: adapter-node's request handler and socket.io on one HTTP server, one port.
// (`node build` alone would not attach socket.io; its PORT/HOST handling is redone here.)
import { createServer } from 'node:http';

import { BASELINE_HEADERS } from './src/lib/server/http/baseline-headers.js';

// adapter-node applies one body limit to every request; it is the imports' 6 MB here, and the
// `handle` hook holds every other route to a small limit (src/lib/server/http/body-limit.ts).
// adapter-node reads the variable when its handler module loads, hence the dynamic import below.
process.env.BODY_SIZE_LIMIT ??= '6M';
const { handler } = await import('./build/handler.js');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

// Importing the handler ran the `init` hook, which started the app (migrations, demo seed) once
// and left it on globalThis for this entry to share with the route bundle.
const app = await globalThis[Symbol.for('juri.app')];
// Static files are served before SvelteKit's hook runs: the baseline headers go on every response here.
const server = createServer((req, res) => {
	for (const [name, value] of Object.entries(BASELINE_HEADERS)) res.setHeader(name, value);
	handler(req, res);
});
app.attachRealtime(server);

server.listen(port, host, () => {
	const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
	console.log(app.describeStart(origin));
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing connections and the database…`);
	// Hard stop if a connection will not close: the database is durable at every commit anyway.
	setTimeout(() => process.exit(1), 10_000).unref();
	await app.shutdown();
	server.close(() => process.exit(0));
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
