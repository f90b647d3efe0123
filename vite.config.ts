import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `vite dev`: socket.io on Vite's own HTTP server (same port; it only owns /socket.io/), with the
 * app loaded through Vite's SSR module graph so routes and sockets share one composition root.
 */
function juriRealtime(): Plugin {
	return {
		name: 'juri-realtime',
		configureServer(server) {
			server.httpServer?.once('listening', async () => {
				const { startApp } = await server.ssrLoadModule('/src/lib/server/app.ts');
				const app = await startApp();
				app.attachRealtime(server.httpServer as HttpServer);
				const address = server.httpServer?.address();
				const port = typeof address === 'object' && address ? address.port : 5173;
				console.log(app.describeStart(process.env.ORIGIN ?? `http://localhost:${port}`));
			});
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Indonesian unless the user picks English (stored in a cookie); the browser's language does not decide.
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		juriRealtime()
	],
	build: {
		// Rolldown's plugin-timing report prints in warning colours on every build on a slow machine
		// (SvelteKit's own bundle-writing dominates). It is about the build tool, not the app, and a
		// newcomer reads it as something to fix.
		rolldownOptions: { checks: { bundlerTimings: false } }
	},
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/cluster/**/*.test.ts'],
		environment: 'node',
		pool: 'forks',
		testTimeout: 20_000
	}
});
