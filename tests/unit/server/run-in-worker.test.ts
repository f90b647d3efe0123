/**
 * A task runs on a worker thread and answers by structured clone; a task that never answers, dies
 * or outgrows its heap is ended and reported, and the caller's thread goes on.
 */
import { describe, expect, test } from 'vitest';
import { runInWorker, WorkerTaskError } from '$lib/server/workers/run-in-worker';

const reasonOf = (run: Promise<unknown>) =>
	run.then(
		() => 'answered',
		(e: unknown) => (e instanceof WorkerTaskError ? e.reason : `unexpected ${String(e)}`)
	);

describe('runInWorker', () => {
	test('runs the task off the main thread and returns its answer, dates included', async () => {
		const { echoTask } = await import('../../support/worker-tasks/echo');
		const input = { text: 'Badan Café', when: new Date(Date.UTC(2026, 10, 28)), rows: [[1, null]] };
		const answer = await runInWorker(echoTask, input, { deadline: AbortSignal.timeout(20_000) });
		expect(answer).toEqual({ input, isMainThread: false });
	});

	test('a task that never answers is ended at its deadline (the loop cannot finish, so no race)', async () => {
		const { spinTask } = await import('../../support/worker-tasks/spin');
		expect(await reasonOf(runInWorker(spinTask, undefined, { deadline: AbortSignal.timeout(300) }))).toBe('deadline');
	});

	test('a deadline that has passed already starts no worker', async () => {
		const { echoTask } = await import('../../support/worker-tasks/echo');
		expect(await reasonOf(runInWorker(echoTask, 1, { deadline: AbortSignal.abort() }))).toBe('deadline');
	});

	test('a task that throws is reported as crashed, with its message', async () => {
		const { failTask } = await import('../../support/worker-tasks/fail');
		const error = await runInWorker(failTask, 'broken on purpose', { deadline: AbortSignal.timeout(20_000) }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(WorkerTaskError);
		expect(error).toMatchObject({ reason: 'crashed', message: expect.stringContaining('broken on purpose') });
	});

	test('a task that outgrows its heap is ended as out of memory', async () => {
		const { hoardTask } = await import('../../support/worker-tasks/hoard');
		expect(await reasonOf(runInWorker(hoardTask, undefined, { deadline: AbortSignal.timeout(60_000), heapMb: 32 }))).toBe('out_of_memory');
	});
});
