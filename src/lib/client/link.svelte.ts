import type { JuriSocket } from './socket';

export interface LinkTiming {
	/** How often the device asks the server whether the link is alive. */
	heartbeatMs: number;
	/** Without an answer for this long, the link counts as lost. */
	lostAfterMs: number;
}

/** The tablet's timing: a lost link shows within 3 s (2.5 s plus at most one check interval). */
export const TABLET_LINK: LinkTiming = { heartbeatMs: 1000, lostAfterMs: 2500 };

export type LinkState = 'online' | 'offline' | 'reconnecting';

/**
 * Whether the link to the server is up, as the person holding the device should see it. socket.io
 * alone notices a dead link only after its ping timeout (about 18 s here), so this also listens to
 * the browser's online/offline events and sends a tiny heartbeat the server acknowledges: a missing
 * answer past `lostAfterMs` means offline, and the next answer means online again. Timers use the
 * page's clock (setInterval, Date.now), so tests can drive them (Playwright's page.clock).
 */
export class LinkMonitor {
	state = $state<LinkState>('reconnecting');
	#lastAnswerAt = 0;
	#lastBeatAt = -Infinity;
	#beatInFlight = false;
	/** Beats sent so far: only the answer to the latest frees the way for the next. */
	#beats = 0;
	#browserOnline = true;

	constructor(
		private readonly socket: JuriSocket,
		private readonly timing: LinkTiming = TABLET_LINK
	) {}

	get online(): boolean {
		return this.state === 'online';
	}

	/** Call on mount; returns the clean-up. */
	start(): () => void {
		this.#browserOnline = navigator.onLine;
		// The first connection gets the same grace as a reconnection: a page opened (from the offline
		// shell) in a dead hall says "offline" once that has passed, not "reconnecting" for ever.
		this.#lastAnswerAt = Date.now();
		const onConnect = () => {
			// A fresh connection is itself an answer; beats of the old one are gone with it.
			this.#beatInFlight = false;
			this.#lastAnswerAt = Date.now();
			this.#assess();
		};
		const onDisconnect = () => {
			this.#beatInFlight = false;
			this.#assess();
		};
		const onBrowserChange = () => {
			this.#browserOnline = navigator.onLine;
			// The network is back: try now instead of waiting out socket.io's back-off (up to 3 s plus
			// jitter), so the queued sheets go out as soon as they can.
			if (this.#browserOnline && !this.socket.connected) this.socket.disconnect().connect();
			this.#assess();
		};
		this.socket.on('connect', onConnect);
		this.socket.on('disconnect', onDisconnect);
		addEventListener('online', onBrowserChange);
		addEventListener('offline', onBrowserChange);
		if (this.socket.connected) onConnect();
		else this.#assess();
		// Checked four times per beat, so a lost link shows at most a quarter beat after the limit.
		const timer = setInterval(() => this.#tick(), this.timing.heartbeatMs / 4);
		return () => {
			clearInterval(timer);
			this.socket.off('connect', onConnect);
			this.socket.off('disconnect', onDisconnect);
			removeEventListener('online', onBrowserChange);
			removeEventListener('offline', onBrowserChange);
		};
	}

	#tick(): void {
		const now = Date.now();
		// One beat in flight at most, until it is overdue: a stalled link does not pile up beats that
		// all land (and spend the socket's command budget) at once when it recovers.
		const waiting = this.#beatInFlight && now - this.#lastBeatAt < this.timing.lostAfterMs;
		if (this.socket.connected && !waiting && now - this.#lastBeatAt >= this.timing.heartbeatMs) {
			const beat = ++this.#beats;
			this.#beatInFlight = true;
			this.#lastBeatAt = now;
			// No socket.io timeout: it would drop a late answer, and a late answer is news too. A link
			// that hung and resumes is up again the moment a held beat is answered, not a beat later.
			// socket.io forgets unanswered beats when the connection closes.
			this.socket.emit('heartbeat', () => {
				if (beat === this.#beats) this.#beatInFlight = false;
				this.#lastAnswerAt = Date.now();
				this.#assess();
			});
		}
		this.#assess();
	}

	#assess(): void {
		const answered = Date.now() - this.#lastAnswerAt <= this.timing.lostAfterMs;
		if (!this.#browserOnline || !answered) this.state = 'offline';
		else this.state = this.socket.connected ? 'online' : 'reconnecting';
	}
}
