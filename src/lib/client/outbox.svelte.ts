import type { Ack, AckError, ErrorCode, ScoreReceipt, SubmitScoresInput } from '$lib/shared/contracts';
import type { JuriSocket } from './socket';

const ACK_TIMEOUT_MS = 8000;
const RETRY_DELAY_MS = 2000;

/** Refusals that say nothing about the sheet itself: keep it queued and send it again later. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'internal', 'unauthenticated']);

export interface OutboxItem extends SubmitScoresInput {
	queuedAt: number;
	/** The body on stage when it was queued, to name a held sheet once its slot has left the stage. */
	bodyName?: string;
	/**
	 * Why the server refused this sheet for good (scoring closed while the tablet was offline, a
	 * recusal, a rubric change). A refused sheet stays here, shown with its reason, and is not sent
	 * again by itself: the juror resends it (once the chair reopens scoring) or discards it.
	 */
	refused?: AckError;
}

/**
 * The juror's durable outbox: a submission is written to localStorage before it is sent and
 * removed only when the server acknowledges its commit. A sheet the server refuses is never
 * dropped: it is kept with the reason, and the tablet reports the slots it holds such sheets for,
 * so the chair's console shows them. A reload, a dropped link or a hung socket loses nothing; the
 * submission id makes every retry harmless.
 */
export class Outbox {
	items = $state<OutboxItem[]>([]);
	/** The server's receipt for the last sheet this tablet sent. */
	lastReceipt = $state<ScoreReceipt | null>(null);
	#flushing = false;
	/** A flush was asked for while one ran (a reconnect, a new sheet): run again when it ends. */
	#again = false;
	/** What this connection last told the server about held sheets (a new connection knows nothing). */
	#reported = '';

	readonly #storageKey: string;

	/** One outbox per juror, so a shared tablet never sends one juror's sheet as another's. */
	constructor(
		private readonly socket: JuriSocket,
		jurorId: string
	) {
		this.#storageKey = `juri.outbox.${jurorId}`;
		this.items = this.#load();
		socket.on('connect', () => {
			this.#reported = '';
			void this.flush();
		});
		void this.flush();
	}

	/** Sheets waiting to be sent (not refused). */
	get queued(): OutboxItem[] {
		return this.items.filter((i) => !i.refused);
	}

	/** Sheets the server refused, kept until resent or discarded. */
	get held(): OutboxItem[] {
		return this.items.filter((i) => i.refused);
	}

	/** Queues a sheet; it replaces any sheet (queued or held) for the same slot. */
	submit(input: SubmitScoresInput, bodyName?: string): void {
		this.items = [...this.items.filter((i) => i.slotId !== input.slotId), { ...input, bodyName, queuedAt: Date.now() }];
		this.#save();
		void this.flush();
	}

	/** The juror gives up a held sheet (its slot was certified, say): an explicit choice, never automatic. */
	discard(submissionId: string): void {
		this.items = this.items.filter((i) => i.submissionId !== submissionId);
		this.#save();
		this.#report();
	}

	async flush(): Promise<void> {
		if (this.#flushing) {
			this.#again = true;
			return;
		}
		if (!this.socket.connected) return;
		this.#flushing = true;
		try {
			for (const item of this.queued) {
				let res: Ack<ScoreReceipt>;
				try {
					res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('score.submit', {
						slotId: item.slotId,
						submissionId: item.submissionId,
						scores: item.scores,
						// A sheet queued before notes existed has none.
						...(item.notes ? { notes: item.notes } : {})
					});
				} catch {
					// No acknowledgement in time (a link that hangs without closing): keep the sheet and
					// send it again soon; its id makes the retry harmless if the first one did land.
					this.#retrySoon();
					return;
				}
				if (!res.ok && RETRYABLE.has(res.error.code)) {
					this.#retrySoon();
					return;
				}
				if (res.ok) {
					this.items = this.items.filter((i) => i.submissionId !== item.submissionId);
					this.lastReceipt = res.data;
				} else {
					const refused = res.error;
					this.items = this.items.map((i) => (i.submissionId === item.submissionId ? { ...i, refused } : i));
				}
				this.#save();
			}
		} finally {
			this.#flushing = false;
			this.#report();
			if (this.#again) {
				this.#again = false;
				void this.flush();
			}
		}
	}

	/** Tells the server which slots this tablet holds refused sheets for, when that changed. */
	#report(): void {
		// One sheet per slot at most (a new one replaces the old), so no duplicates to fold.
		const slotIds = this.held.map((i) => i.slotId).sort();
		const report = slotIds.join(' ');
		if (!this.socket.connected || report === this.#reported) return;
		this.#reported = report;
		this.socket.timeout(ACK_TIMEOUT_MS).emit('tablet.unsent', { slotIds }, (error: Error | null, res?: Ack<unknown>) => {
			// Not heard: say it again at the next change or connection.
			if (error || !res?.ok) this.#reported = '?';
		});
	}

	#retrySoon(): void {
		setTimeout(() => void this.flush(), RETRY_DELAY_MS);
	}

	#load(): OutboxItem[] {
		try {
			const parsed = JSON.parse(localStorage.getItem(this.#storageKey) ?? '[]');
			return Array.isArray(parsed) ? parsed : [];
		} catch {
			return [];
		}
	}

	#save(): void {
		localStorage.setItem(this.#storageKey, JSON.stringify(this.items));
	}
}

/**
 * A fresh submission id: 128 random bits in hex, unique per submit press. getRandomValues works
 * on plain-http hotel networks, where crypto.randomUUID (secure contexts only) does not exist.
 */
export function newSubmissionId(): string {
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
