import { defineWorkerTask } from '$lib/server/workers/run-in-worker';

/** Throws, as a bug in a task would. */
export const failTask = defineWorkerTask(import.meta.url, (message: string) => {
	throw new Error(message);
});
