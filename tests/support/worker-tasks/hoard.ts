import { defineWorkerTask } from '$lib/server/workers/run-in-worker';

/** Keeps allocating until the heap limit stops it. */
export const hoardTask = defineWorkerTask(import.meta.url, () => {
	const kept: string[][] = [];
	for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => `item ${i} ${kept.length}`));
});
