/** How often expired cool-downs are dropped, so a stream of cut-off clients cannot grow the registry forever. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Who was cut off for flooding, until when. A client cut off must not come straight back with a
 * fresh budget on a new socket: its identity (a session, or an address) stays refused for the
 * cool-down. Time is passed in, so tests move it instead of waiting.
 *
 * @example const coolDowns = new CoolDowns(60_000); coolDowns.start('session:abc', now); coolDowns.active('session:abc', now + 1000); // true
 */
export class CoolDowns {
	readonly #until = new Map<string, number>();
	#sweptAt = -Infinity;

	constructor(private readonly durationMs: number) {}

	/** Starts (or restarts) the cool-down of an identity. */
	start(identity: string, now: number): void {
		this.#until.set(identity, now + this.durationMs);
	}

	active(identity: string, now: number): boolean {
		this.#sweep(now);
		const until = this.#until.get(identity);
		return until !== undefined && now < until;
	}

	#sweep(now: number): void {
		if (now - this.#sweptAt < SWEEP_EVERY_MS) return;
		this.#sweptAt = now;
		for (const [identity, until] of this.#until) if (now >= until) this.#until.delete(identity);
	}
}
