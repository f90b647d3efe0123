import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * adapter-node, with one line of its output left out: bundling SvelteKit's own server output, its
 * rollup step reports SvelteKit's internal `chunks/env.js` (shared by its entries, empty once
 * bundled) as `Generated an empty chunk`. It prints on every build, says nothing about this app,
 * and a newcomer takes it for a warning to fix. Any other message of the adapter still prints.
 */
function nodeAdapter() {
	const node = adapter({ out: 'build' });
	return {
		...node,
		async adapt(builder) {
			const warn = console.warn;
			console.warn = (...args) => {
				if (args.length === 1 && args[0] === 'Generated an empty chunk: "chunks/env.js".') return;
				warn(...args);
			};
			try {
				await node.adapt(builder);
			} finally {
				console.warn = warn;
			}
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: nodeAdapter(),
		// Scripts only from this origin or inline with the page's nonce: an injected <script> does not
		// run. Inline styles stay allowed (style attributes in rendered markup); frame-ancestors is set
		// per route by the handle hook (src/lib/server/http/security-headers.ts).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		},
		// Only the juror tablet needs the offline shell: its page registers the worker itself, so
		// audience phones and other screens never download or run it.
		serviceWorker: { register: false }
	}
};

export default config;
