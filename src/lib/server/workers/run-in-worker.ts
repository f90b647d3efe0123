/**
 * Runs CPU-heavy work (reading an uploaded workbook) on a worker thread of its own, so the event
 * loop that serves every page and socket never waits for it. No pool: a worker is started per run
 * and ended when it answers, when its deadline passes or when it outgrows its heap.
 *
 * A task is a module that calls `defineWorkerTask(import.meta.url, run)`; the worker loads that
 * module by its own URL, which stays right wherever the code ends up: the source file under vitest
 * and `vite dev` (loaded through tsx, a dev dependency), a chunk of build/server in production.
 * Callers import a task module with a dynamic `import()`, so the bundler keeps it in a chunk of its
 * own and the worker does not load the rest of the server. A task may import `$lib` code and npm
 * packages but nothing SvelteKit-specific (`$app`, `$env`, paraglide): it runs outside SvelteKit.
 * Input and output cross the thread boundary by structured clone.
 */
import { Worker } from 'node:worker_threads';

export type WorkerFailure = 'deadline' | 'out_of_memory' | 'crashed';

/** The task did not answer: its deadline passed, it outgrew its heap, or it threw. */
export class WorkerTaskError extends Error {
	constructor(
		readonly reason: WorkerFailure,
		message: string
	) {
		super(message);
		this.name = 'WorkerTaskError';
	}
}

/** A task module's handle: where the worker loads it from. The types tie runs to the task's signature. */
export interface WorkerTask<I, O> {
	readonly url: string;
	/** Never set: carries the input and output types. */
	readonly types?: (input: I) => O;
}

export interface WorkerTaskOptions {
	/** Aborting it (e.g. `AbortSignal.timeout(ms)`) ends the worker at once, wherever it is. */
	deadline: AbortSignal;
	/** The worker's heap ceiling (V8's old generation), in MB: a task that outgrows it is ended. */
	heapMb?: number;
}

// Shared by the module and the worker's bootstrap below, which cannot import anything of ours.
const REGISTRY = 'juri.worker-tasks';
type Registry = Map<string, (input: unknown) => unknown>;

function registry(): Registry {
	const slot = globalThis as unknown as Record<symbol, Registry | undefined>;
	return (slot[Symbol.for(REGISTRY)] ??= new Map());
}

/**
 * Declares the task a module runs in a worker. Call it once per module (one task per module), at
 * its top level, with the module's own `import.meta.url`.
 *
 * @example export const readTableTask = defineWorkerTask(import.meta.url, (bytes: Uint8Array) => readTable(bytes));
 */
export function defineWorkerTask<I, O>(moduleUrl: string, run: (input: I) => O | Promise<O>): WorkerTask<I, Awaited<O>> {
	// Loaders tag module URLs (tsx adds `?tsx-namespace=…`): the file is what identifies the task.
	// A module evaluated again (`vite dev` reloading it after an edit) replaces its task.
	const url = moduleUrl.replace(/[?#].*$/, '');
	registry().set(url, run as (input: unknown) => unknown);
	return { url };
}

// Evaluated as a CommonJS script inside the worker: loads the task's module, whose top level
// registers the task, then runs it.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, input } = workerData;
const load = url.endsWith('.ts') ? import('tsx/esm/api').then((tsx) => tsx.tsImport(url, { parentURL: url })) : import(url);
load
	.then(() => globalThis[Symbol.for(${JSON.stringify(REGISTRY)})].get(url)(input))
	.then(
		(output) => parentPort.postMessage({ output }),
		(error) => parentPort.postMessage({ error: String((error && error.stack) || error) })
	);
`;

/**
 * Runs a task on `input` in a fresh worker thread and resolves with what it returns. Rejects with
 * a WorkerTaskError when the deadline is aborted first ('deadline'), the heap limit is hit
 * ('out_of_memory'), or the task throws or its worker dies ('crashed').
 *
 * @example
 * const { readTableTask } = await import('./read-table.worker');
 * const outcome = await runInWorker(readTableTask, bytes, { deadline: AbortSignal.timeout(20_000), heapMb: 384 });
 */
export function runInWorker<I, O>(task: WorkerTask<I, O>, input: I, options: WorkerTaskOptions): Promise<O> {
	const { deadline, heapMb } = options;
	if (deadline.aborted) return Promise.reject(new WorkerTaskError('deadline', 'The deadline passed before the task started'));
	return new Promise<O>((resolve, reject) => {
		const worker = new Worker(BOOTSTRAP, {
			eval: true,
			workerData: { url: task.url, input },
			resourceLimits: heapMb ? { maxOldGenerationSizeMb: heapMb } : undefined
		});
		let settled = false;
		const settle = (finish: () => void) => {
			if (settled) return;
			settled = true;
			deadline.removeEventListener('abort', onDeadline);
			void worker.terminate();
			finish();
		};
		const onDeadline = () => settle(() => reject(new WorkerTaskError('deadline', 'The task passed its deadline')));
		deadline.addEventListener('abort', onDeadline, { once: true });
		worker.on('message', (message: { output: O } | { error: string }) =>
			settle(() => ('error' in message ? reject(new WorkerTaskError('crashed', message.error)) : resolve(message.output)))
		);
		worker.on('error', (error: Error & { code?: string }) =>
			settle(() =>
				reject(
					error.code === 'ERR_WORKER_OUT_OF_MEMORY'
						? new WorkerTaskError('out_of_memory', 'The task ran out of memory')
						: new WorkerTaskError('crashed', error.message)
				)
			)
		);
		worker.on('exit', (code) => settle(() => reject(new WorkerTaskError('crashed', `The worker exited (code ${code}) without an answer`))));
	});
}
