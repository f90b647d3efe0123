import { defineWorkerTask } from '$lib/server/workers/run-in-worker';

/** Answers with its input and the thread it ran on. */
export const echoTask = defineWorkerTask(import.meta.url, async <T>(input: T) => {
	const { isMainThread } = await import('node:worker_threads');
	return { input, isMainThread };
});
