import { diff, type Json } from '$lib/domain/live/view-delta';
import type { Snapshot, ViewPatch } from '$lib/shared/contracts';

type AudienceSnapshot = Snapshot<'audience'>;

/** What a push sends: a patch from the last version pushed, or the whole snapshot when there is no base; `pushed` is the new base. */
export interface AudiencePush {
	pushed: AudienceSnapshot;
	patch: ViewPatch | null;
}

/**
 * The audience snapshot of each evaluation, built once per public change and shared: a reconnect
 * storm of 2,000 phones syncing at once costs one build, not 2,000. Concurrent requests share the
 * build in flight. The publisher drops an evaluation's entry when a public change commits, so the
 * next request (or the push itself) builds the new version; a build started before the change only
 * serves the requests that came before it.
 *
 * It also keeps, per evaluation, the base of the next push: the last version pushed to the
 * audience (or, before any push or after one skipped because nobody watched, the first one built
 * since), so a push sends only what changed since.
 * A build's data is read in one transaction with its version (see `audienceSnapshot`), so any two
 * builds of one version are alike, whichever process made them: a phone that synced a version
 * holds exactly the base a patch from that version was diffed against.
 *
 * @example const cache = new AudienceCache((id) => audienceSnapshot(db, id)); await cache.get(evaluationId); io.to(room).emit('patch', (await cache.push(evaluationId)).patch);
 */
export class AudienceCache {
	readonly #builds = new Map<string, Promise<AudienceSnapshot>>();
	readonly #bases = new Map<string, AudienceSnapshot>();

	constructor(
		private readonly build: (evaluationId: string) => Promise<AudienceSnapshot>,
		private readonly now: () => number = Date.now
	) {}

	/** The evaluation's audience snapshot, stamped with the server's time now (clients set their countdown clocks by it). */
	async get(evaluationId: string): Promise<AudienceSnapshot> {
		return { ...(await this.#built(evaluationId)), serverNow: this.now() };
	}

	#built(evaluationId: string): Promise<AudienceSnapshot> {
		let pending = this.#builds.get(evaluationId);
		if (!pending) {
			pending = this.build(evaluationId);
			this.#builds.set(evaluationId, pending);
			// A failed build (an unknown evaluation, a database hiccup) is not kept: the next request tries again.
			const built = pending;
			built.then(
				(snapshot) => this.#bases.has(evaluationId) || this.#bases.set(evaluationId, snapshot),
				() => this.#builds.get(evaluationId) === built && this.#builds.delete(evaluationId)
			);
		}
		return pending;
	}

	/** A public change committed: the next request builds afresh. */
	invalidate(evaluationId: string): void {
		this.#builds.delete(evaluationId);
	}

	/**
	 * What to push for the evaluation's current version (`pushed`, which becomes the base of the next
	 * push): a patch from the base, or none when there is no older base to patch from (this process
	 * has pushed and served nothing yet), and the whole snapshot is pushed.
	 */
	async push(evaluationId: string): Promise<AudiencePush> {
		const base = this.#bases.get(evaluationId);
		const next = await this.#built(evaluationId);
		const pushed = { ...next, serverNow: this.now() };
		this.adopt(pushed);
		if (!base || base.version >= next.version) return { pushed, patch: null };
		const delta = diff(base.data as unknown as Json, next.data as unknown as Json);
		return { pushed, patch: { view: 'audience', from: base.version, to: next.version, serverNow: pushed.serverNow, delta } };
	}

	/**
	 * Nobody here watches the evaluation, so its change was not pushed: phones that come later sync
	 * whatever version is current then, which is the base of the next push (not the version before).
	 */
	unwatched(evaluationId: string): void {
		this.#bases.delete(evaluationId);
	}

	/** A newer version pushed (by this process or another): the next push patches from it. */
	adopt(snapshot: AudienceSnapshot): void {
		const id = snapshot.data.evaluation.id;
		if ((this.#bases.get(id)?.version ?? -1) < snapshot.version) this.#bases.set(id, snapshot);
	}
}
