import type { Ack, Snapshot, SyncInput, ViewMap, ViewName, ViewPatch } from '$lib/shared/contracts';
import { receiveStep } from '$lib/domain/live/view-delta';
import type { JuriSocket } from './socket';
import { refusalText } from '$lib/shared/refusal-text';

/**
 * Where a device keeps the latest snapshot of its own view, so a page reloaded without a network
 * (served by the offline shell, whose copy may be hours old) shows what it last knew. One entry per
 * device: the next person's view replaces it, and a view is only recalled for its owner.
 */
export interface RememberedView {
	storage: Storage;
	key: string;
	/** The user whose view it is. */
	owner: string;
}

interface KeptSnapshot {
	owner: string;
	receivedAt: number;
	snapshot: Snapshot;
}

/**
 * A live view held by the client: the latest snapshot by version. Signed-in views are pushed whole
 * snapshots, so a missed push is healed by the next one; the audience is pushed patches (what
 * changed since the version before), applied to the version they start from, and a patch that does
 * not start from the version held (one was missed) makes the view ask for the whole snapshot. On
 * every connect and reconnect the view asks for a fresh snapshot; anything older arriving late is
 * ignored.
 */
export class LiveView<V extends ViewName> {
	// Replaced whole (a snapshot, or a patched copy sharing the unchanged parts), never changed in place.
	data = $state.raw<ViewMap[V] | null>(null);
	version = $state(-1);
	connected = $state(false);
	error = $state<string | null>(null);
	/** The server took this view away (a chair removed, a juror moved to another panel): pushes have stopped. */
	revoked = $state(false);
	/** serverNow − local clock, so every device counts down the same timer. */
	clockOffset = $state(0);
	/** A sync is on its way: patches meanwhile wait for its answer rather than asking again. */
	#syncing = false;

	constructor(
		private readonly socket: JuriSocket,
		private readonly request: SyncInput & { view: V },
		/** A snapshot rendered on the server, shown until the socket's first one arrives. */
		initial?: Snapshot<V>,
		private readonly remember?: RememberedView
	) {
		// Read before the first apply, which keeps what it applies.
		const kept = this.#recall();
		if (initial) this.apply(initial);
		if (kept) this.apply(kept);
		socket.on('connect', () => {
			this.connected = true;
			this.sync();
		});
		socket.on('disconnect', () => (this.connected = false));
		socket.on('snapshot', (snapshot) => this.apply(snapshot));
		socket.on('patch', (patch) => this.patch(patch));
		socket.on('refused', (refusal) => {
			if (refusal.view !== this.request.view) return;
			this.revoked = true;
			this.error = refusalText(refusal.error);
		});
		if (socket.connected) {
			this.connected = true;
			this.sync();
		}
	}

	sync(): void {
		this.#syncing = true;
		this.socket.emit('sync', this.request, (res: Ack<Snapshot>) => {
			this.#syncing = false;
			if (res.ok) {
				this.error = null;
				this.revoked = false;
				this.apply(res.data);
			} else {
				this.error = refusalText(res.error);
			}
		});
	}

	private patch(patch: ViewPatch): void {
		if (patch.view !== this.request.view) return;
		const held = this.data === null ? null : { version: this.version, data: this.data };
		const step = receiveStep(held, patch);
		if (step.kind === 'gap' && !this.#syncing) this.sync();
		if (step.kind !== 'applied') return;
		this.apply({ view: patch.view, version: step.view.version, serverNow: patch.serverNow, data: step.view.data } as Snapshot);
	}

	private apply(snapshot: Snapshot): void {
		if (snapshot.view !== this.request.view || snapshot.version < this.version) return;
		this.version = snapshot.version;
		this.clockOffset = snapshot.serverNow - Date.now();
		this.data = snapshot.data as ViewMap[V];
		if (this.remember) {
			const kept: KeptSnapshot = { owner: this.remember.owner, receivedAt: Date.now(), snapshot };
			this.remember.storage.setItem(this.remember.key, JSON.stringify(kept));
		}
	}

	/** The kept snapshot, with its server time moved on by the time since it arrived (so the clock offset holds). */
	#recall(): Snapshot | null {
		if (!this.remember) return null;
		try {
			const kept = JSON.parse(this.remember.storage.getItem(this.remember.key) ?? 'null') as KeptSnapshot | null;
			if (kept?.owner !== this.remember.owner || typeof kept.snapshot?.version !== 'number') return null;
			return { ...kept.snapshot, serverNow: kept.snapshot.serverNow + (Date.now() - kept.receivedAt) };
		} catch {
			return null;
		}
	}
}

/** A clock that ticks for countdowns; `now` is corrected to the server's clock by the view. */
export class Ticker {
	now = $state(Date.now());
	#timer: ReturnType<typeof setInterval> | null = null;

	start(intervalMs = 250): () => void {
		this.#timer = setInterval(() => (this.now = Date.now()), intervalMs);
		return () => {
			if (this.#timer) clearInterval(this.#timer);
		};
	}
}
