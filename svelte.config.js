import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
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
