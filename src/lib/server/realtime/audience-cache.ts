import type { Snapshot } from '$lib/shared/contracts';

/**
 * The audience snapshot of each evaluation, built once per public change and shared: a reconnect
 * storm of 2,000 phones syncing at once costs one build, not 2,000. Concurrent requests share the
 * build in flight. The publisher drops an evaluation's entry when a public change commits, so the
 * next request (or the push itself) builds the new version; a build started before the change only
 * serves the requests that came before it.
 *
 * @example const cache = new AudienceCache((id) => buildSnapshot(db, 'audience', null, { evaluationId: id }, presence)); await cache.get(evaluationId);
 */
export class AudienceCache {
	readonly #builds = new Map<string, Promise<Snapshot>>();

	constructor(
		private readonly build: (evaluationId: string) => Promise<Snapshot>,
		private readonly now: () => number = Date.now
	) {}

	/** The evaluation's audience snapshot, stamped with the server's time now (clients set their countdown clocks by it). */
	async get(evaluationId: string): Promise<Snapshot> {
		let pending = this.#builds.get(evaluationId);
		if (!pending) {
			pending = this.build(evaluationId);
			this.#builds.set(evaluationId, pending);
			// A failed build (an unknown evaluation, a database hiccup) is not kept: the next request tries again.
			const built = pending;
			built.catch(() => this.#builds.get(evaluationId) === built && this.#builds.delete(evaluationId));
		}
		return { ...(await pending), serverNow: this.now() };
	}

	/** A public change committed: the next request builds afresh. */
	invalidate(evaluationId: string): void {
		this.#builds.delete(evaluationId);
	}
}
