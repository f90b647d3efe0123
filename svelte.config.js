import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Only the juror tablet needs the offline shell: its page registers the worker itself, so
		// audience phones and other screens never download or run it.
		serviceWorker: { register: false }
	}
};

export default config;
