/**
 * Runs a rebuild-and-push per key at most once per interval, latest wins: the first change is
 * pushed at once, changes during a build or inside the interval fold into one trailing push.
 * So the cost of a live view is viewers × push rate, not viewers × changes.
 */
export class Coalescer {
	readonly #state = new Map<string, { running: boolean; dirty: boolean; lastRun: number; work: () => Promise<void> }>();

	constructor(
		private readonly intervalMs: (key: string) => number,
		private readonly onError: (key: string, error: unknown) => void
	) {}

	schedule(key: string, work: () => Promise<void>): void {
		const entry = this.#state.get(key) ?? { running: false, dirty: false, lastRun: 0, work };
		this.#state.set(key, entry);
		// Latest wins: a change arriving during a build is pushed by the work it was scheduled with.
		entry.work = work;
		if (entry.running) {
			entry.dirty = true;
			return;
		}
		entry.running = true;
		const wait = Math.max(0, entry.lastRun + this.intervalMs(key) - Date.now());
		const run = async () => {
			entry.dirty = false;
			entry.lastRun = Date.now();
			try {
				await entry.work();
			} catch (error) {
				this.onError(key, error);
			}
			entry.running = false;
			if (entry.dirty) this.schedule(key, entry.work);
			else this.#forgetWhenIdle(key, entry);
		};
		// Node waits at least a millisecond for any timer: a push with no interval to wait for runs right
		// after the current work instead (the whole unloaded path from a command to the audience, P1, is a few ms).
		if (wait > 0) setTimeout(run, wait);
		else setImmediate(run);
	}

	/**
	 * The entry (and its lastRun) is kept until its interval has passed. It used to be deleted as soon
	 * as a push finished, so the next change was pushed at once again: changes spaced a little apart
	 * were each pushed, and an audience saw one push per submission instead of one per interval.
	 */
	#forgetWhenIdle(key: string, entry: { running: boolean; lastRun: number }): void {
		const remaining = entry.lastRun + this.intervalMs(key) - Date.now();
		if (remaining <= 0) {
			this.#state.delete(key);
			return;
		}
		const timer = setTimeout(() => {
			if (this.#state.get(key) === entry && !entry.running && Date.now() >= entry.lastRun + this.intervalMs(key)) this.#state.delete(key);
		}, remaining);
		timer.unref?.();
	}
}
