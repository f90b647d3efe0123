export interface TarpitOptions {
	/** How long a refused handshake waits for its answer, or a cut-off socket for its close. */
	holdMs: number;
	/** At most this many held at once (each holds a connection); beyond, they are let go at once. */
	maxHeld: number;
}

export const DEFAULT_TARPIT: TarpitOptions = { holdMs: 10_000, maxHeld: 500 };

/**
 * Holds a flooder's refusals for a while instead of answering at once. A client cut off comes
 * straight back on a new connection, and every connection costs the server its TCP, HTTP and
 * WebSocket handshakes whether it is refused or not; held, the same loop costs one timer per
 * connection for the hold. The number held is capped, so held connections cannot use up the
 * server's file descriptors (beyond the cap they are answered at once, as before).
 *
 * @example tarpit.hold(() => callback('too many connections', false));
 */
export class Tarpit {
	readonly #held = new Set<() => void>();

	constructor(
		private readonly options: TarpitOptions = DEFAULT_TARPIT,
		/** Runs `release` after `ms`; returns a function that cancels it. */
		private readonly schedule: (release: () => void, ms: number) => () => void = (release, ms) => {
			const timer = setTimeout(release, ms);
			timer.unref();
			return () => clearTimeout(timer);
		}
	) {}

	hold(release: () => void): void {
		if (this.options.holdMs <= 0 || this.#held.size >= this.options.maxHeld) return release();
		const done = () => {
			this.#held.delete(done);
			cancel();
			release();
		};
		this.#held.add(done);
		const cancel = this.schedule(done, this.options.holdMs);
	}

	/** Lets everything held go now (the server is shutting down). */
	releaseAll(): void {
		for (const done of [...this.#held]) done();
	}
}
