import { defineWorkerTask } from '$lib/server/workers/run-in-worker';

/** Never answers: a synchronous loop no event can interrupt, as a hostile file could cause. */
export const spinTask = defineWorkerTask(import.meta.url, (): number => {
	let n = 0;
	for (;;) n = (n + 1) % 1000;
});
