import { onMount } from 'svelte';
import type { Snapshot, SyncInput, ViewMap, ViewName } from '$lib/shared/contracts';
import { LiveView, Ticker, type RememberedView } from './live-view.svelte';
import { connectSocket, type JuriSocket } from './socket';

export interface FollowedView<V extends ViewName> {
	/** The latest view: the server-rendered snapshot until the socket's first one arrives. */
	readonly view: ViewMap[V];
	/** The local clock corrected to the server's, ticking for countdowns. */
	readonly now: number;
	readonly connected: boolean;
	/** The server took this view away (the person's role or seat changed): the page says so instead of going quietly stale. */
	readonly revoked: boolean;
	/** The page's socket once mounted (null during server rendering), for commands and the juror's outbox. */
	readonly socket: JuriSocket | null;
}

/**
 * Follows a live view from a page component: opens the socket on mount, syncs and applies pushed
 * snapshots by version, ticks a clock for countdowns, and closes everything when the page goes.
 * Call it during component initialisation. `remember` keeps the latest snapshot on the device (see
 * RememberedView), for pages the offline shell may serve from an older copy.
 *
 * @example const live = followLiveView(() => ({ view: 'audience', evaluationId: data.evaluationId }), () => data.snapshot);
 * @example const live = followLiveView(() => ({ view: 'juror' }), () => data.snapshot, { remember: () => ({ key: 'juri.view.juror', owner: data.jurorId }) });
 */
export function followLiveView<V extends ViewName>(
	request: () => SyncInput & { view: V },
	initial: () => Snapshot<V>,
	options: { tickMs?: number; remember?: () => Omit<RememberedView, 'storage'> } = {}
): FollowedView<V> {
	const state = $state<{ live: LiveView<V> | null; socket: JuriSocket | null }>({ live: null, socket: null });
	const ticker = new Ticker();
	onMount(() => {
		const socket = connectSocket();
		state.socket = socket;
		const remember = options.remember ? { storage: localStorage, ...options.remember() } : undefined;
		state.live = new LiveView(socket, request(), initial(), remember);
		const stop = ticker.start(options.tickMs ?? 250);
		return () => {
			stop();
			socket.disconnect();
		};
	});
	return {
		get view() {
			return state.live?.data ?? initial().data;
		},
		get now() {
			return ticker.now + (state.live?.clockOffset ?? 0);
		},
		get connected() {
			return state.live?.connected ?? false;
		},
		get revoked() {
			return state.live?.revoked ?? false;
		},
		get socket() {
			return state.socket;
		}
	};
}
