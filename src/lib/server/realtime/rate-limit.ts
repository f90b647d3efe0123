/**
 * A token bucket per socket: bursts are fine (a chair double-tapping), a flood is refused and,
 * if it goes on, the socket is cut off so it cannot slow the others down.
 */
export class CommandBucket {
	#tokens: number;
	#updatedAt = Date.now();
	#refusals = 0;

	constructor(
		private readonly capacity = 30,
		private readonly perSecond = 10,
		private readonly refusalsBeforeCutOff = 100
	) {
		this.#tokens = capacity;
	}

	/** 'ok' to run the command, 'refuse' to answer rate_limited, 'cut' to disconnect the socket. */
	take(now = Date.now()): 'ok' | 'refuse' | 'cut' {
		// A clock stepping back (NTP) must not drain the bucket: a negative elapsed time used to remove
		// tokens, so every socket connected at that moment was refused and then cut off.
		const elapsed = Math.max(0, now - this.#updatedAt);
		this.#tokens = Math.min(this.capacity, this.#tokens + (elapsed / 1000) * this.perSecond);
		this.#updatedAt = now;
		if (this.#tokens >= 1) {
			this.#tokens -= 1;
			this.#refusals = 0;
			return 'ok';
		}
		return ++this.#refusals >= this.refusalsBeforeCutOff ? 'cut' : 'refuse';
	}
}
