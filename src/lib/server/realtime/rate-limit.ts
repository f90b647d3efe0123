/** A token bucket's size: how many at once, and how fast it refills. */
export interface BucketSize {
	capacity: number;
	perSecond: number;
}

/**
 * A token bucket: bursts up to `capacity`, then `perSecond` on average. Time is always passed in,
 * so callers (and tests) decide what the clock is.
 *
 * @example const bucket = new TokenBucket({ capacity: 2, perSecond: 1 }, now); bucket.take(now); // true
 */
export class TokenBucket {
	#tokens: number;
	#updatedAt: number;

	constructor(
		private readonly size: BucketSize,
		now: number
	) {
		this.#tokens = size.capacity;
		this.#updatedAt = now;
	}

	/** Takes one token if there is one. */
	take(now: number): boolean {
		this.#refill(now);
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** Full again: nobody has used it lately, so a keyed store may forget it. */
	idle(now: number): boolean {
		this.#refill(now);
		return this.#tokens >= this.size.capacity;
	}

	#refill(now: number): void {
		// A clock stepping back (NTP) must not drain the bucket: a negative elapsed time used to remove
		// tokens, so every socket connected at that moment was refused and then cut off.
		const elapsed = Math.max(0, now - this.#updatedAt);
		this.#tokens = Math.min(this.size.capacity, this.#tokens + (elapsed / 1000) * this.size.perSecond);
		this.#updatedAt = now;
	}
}

/**
 * Drops a keyed store's entries that are no longer needed, at most once a minute of the given clock,
 * so a stream of new keys (addresses, sessions) cannot grow the store forever.
 *
 * @example const sweeper = new Sweeper(); sweeper.sweep(buckets, now, (bucket) => bucket.idle(now));
 */
export class Sweeper {
	#sweptAt = -Infinity;

	sweep<K, V>(entries: Map<K, V>, now: number, unneeded: (value: V) => boolean): void {
		if (now - this.#sweptAt < 60_000) return;
		this.#sweptAt = now;
		for (const [key, value] of entries) if (unneeded(value)) entries.delete(key);
	}
}

/**
 * One token bucket per key (a session, an address), created full on first use and forgotten once full
 * again, so memory follows the clients that are busy now, not every client ever seen.
 *
 * @example const perAddress = new KeyedBuckets({ capacity: 60, perSecond: 20 }); perAddress.take('203.0.113.7', now);
 */
export class KeyedBuckets {
	readonly #buckets = new Map<string, TokenBucket>();
	readonly #sweeper = new Sweeper();

	constructor(private readonly size: BucketSize) {}

	take(key: string, now: number): boolean {
		this.#sweeper.sweep(this.#buckets, now, (bucket) => bucket.idle(now));
		let bucket = this.#buckets.get(key);
		if (!bucket) this.#buckets.set(key, (bucket = new TokenBucket(this.size, now)));
		return bucket.take(now);
	}

	/** How many keys are held now (idle ones are swept once a minute). */
	get tracked(): number {
		return this.#buckets.size;
	}
}

/**
 * A token bucket per socket: bursts are fine (a chair double-tapping), a flood is refused and,
 * if it goes on, the socket is cut off so it cannot slow the others down. Refusals by a wider
 * budget (the session's, the address's) count too: a socket refused by either, again and again, is
 * flooding just the same.
 */
export class CommandBucket {
	readonly #bucket: TokenBucket;
	#refusals = 0;

	constructor(
		capacity = 30,
		perSecond = 10,
		private readonly refusalsBeforeCutOff = 100,
		now = Date.now()
	) {
		this.#bucket = new TokenBucket({ capacity, perSecond }, now);
	}

	/** 'ok' to run the command, 'refuse' to answer rate_limited, 'cut' to disconnect the socket. */
	take(now = Date.now()): 'ok' | 'refuse' | 'cut' {
		if (!this.#bucket.take(now)) return this.refused();
		this.admitted();
		return 'ok';
	}

	/** Takes this socket's token without deciding yet: a wider budget may still refuse the command. */
	tryTake(now: number): boolean {
		return this.#bucket.take(now);
	}

	/** The command runs: a bursty but honest client starts counting refusals afresh. */
	admitted(): void {
		this.#refusals = 0;
	}

	/** The command is refused (here or by a wider budget): 'cut' once refusals in a row reach the limit. */
	refused(): 'refuse' | 'cut' {
		return ++this.#refusals >= this.refusalsBeforeCutOff ? 'cut' : 'refuse';
	}
}
