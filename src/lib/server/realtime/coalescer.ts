/**
 * Runs a rebuild-and-push per key at most once per interval, latest wins: the first change is
 * pushed at once, changes during a build or inside the interval fold into one trailing push.
 * So the cost of a live view is viewers × push rate, not viewers × changes.
 */
export class Coalescer {
	readonly #state = new Map<string, { running: boolean; dirty: boolean; lastRun: number }>();

	constructor(
		private readonly intervalMs: (key: string) => number,
		private readonly onError: (key: string, error: unknown) => void
	) {}

	schedule(key: string, work: () => Promise<void>): void {
		const entry = this.#state.get(key) ?? { running: false, dirty: false, lastRun: 0 };
		this.#state.set(key, entry);
		if (entry.running) {
			entry.dirty = true;
			return;
		}
		entry.running = true;
		const wait = Math.max(0, entry.lastRun + this.intervalMs(key) - Date.now());
		setTimeout(async () => {
			entry.dirty = false;
			entry.lastRun = Date.now();
			try {
				await work();
			} catch (error) {
				this.onError(key, error);
			}
			entry.running = false;
			if (entry.dirty) this.schedule(key, work);
			else this.#state.delete(key);
		}, wait);
	}
}
