import { Sweeper } from './rate-limit';

/**
 * Who was cut off for flooding, until when. A client cut off must not come straight back with a
 * fresh budget on a new socket: its identity (a session, or an address) stays refused for the
 * cool-down. Time is passed in, so tests move it instead of waiting.
 *
 * @example const coolDowns = new CoolDowns(60_000); coolDowns.start('session:abc', now); coolDowns.active('session:abc', now + 1000); // true
 */
export class CoolDowns {
	readonly #until = new Map<string, number>();
	readonly #sweeper = new Sweeper();

	constructor(private readonly durationMs: number) {}

	/** Starts (or restarts) the cool-down of an identity. */
	start(identity: string, now: number): void {
		this.#until.set(identity, now + this.durationMs);
	}

	active(identity: string, now: number): boolean {
		this.#sweeper.sweep(this.#until, now, (until) => now >= until);
		const until = this.#until.get(identity);
		return until !== undefined && now < until;
	}
}
