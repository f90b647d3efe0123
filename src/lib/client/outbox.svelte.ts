import type { Ack, ScoreReceipt, SubmitScoresInput } from '$lib/shared/contracts';
import type { JuriSocket } from './socket';

const ACK_TIMEOUT_MS = 8000;
const RETRY_DELAY_MS = 2000;

export interface OutboxItem extends SubmitScoresInput {
	queuedAt: number;
}

export type OutboxStatus =
	| { kind: 'idle' }
	| { kind: 'pending'; submissionId: string }
	| { kind: 'saved'; receipt: ScoreReceipt }
	| { kind: 'rejected'; submissionId: string; message: string };

/**
 * The juror's durable outbox: a submission is written to localStorage before it is sent and
 * removed only when the server acknowledges its commit (or refuses it for good). A reload, a
 * dropped link or a hung socket loses nothing; the submission id makes every retry harmless.
 */
export class Outbox {
	items = $state<OutboxItem[]>([]);
	status = $state<OutboxStatus>({ kind: 'idle' });
	#flushing = false;
	/** A flush was asked for while one ran (a reconnect, a new sheet): run again when it ends. */
	#again = false;

	readonly #storageKey: string;

	/** One outbox per juror, so a shared tablet never sends one juror's sheet as another's. */
	constructor(
		private readonly socket: JuriSocket,
		jurorId: string
	) {
		this.#storageKey = `juri.outbox.${jurorId}`;
		this.items = this.#load();
		socket.on('connect', () => this.flush());
		this.flush();
	}

	submit(input: SubmitScoresInput): void {
		this.items = [...this.items.filter((i) => i.slotId !== input.slotId), { ...input, queuedAt: Date.now() }];
		this.#save();
		this.status = { kind: 'pending', submissionId: input.submissionId };
		this.flush();
	}

	async flush(): Promise<void> {
		if (this.#flushing) {
			this.#again = true;
			return;
		}
		if (!this.socket.connected) return;
		this.#flushing = true;
		try {
			for (const item of [...this.items]) {
				let res: Ack<ScoreReceipt>;
				try {
					res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('score.submit', {
						slotId: item.slotId,
						submissionId: item.submissionId,
						scores: item.scores
					});
				} catch {
					// No acknowledgement in time (a link that hangs without closing): keep the sheet and
					// send it again soon; its id makes the retry harmless if the first one did land.
					this.#retrySoon();
					return;
				}
				if (!res.ok && (res.error.code === 'rate_limited' || res.error.code === 'internal')) {
					this.#retrySoon();
					return;
				}
				this.items = this.items.filter((i) => i.submissionId !== item.submissionId);
				this.#save();
				this.status = res.ok
					? { kind: 'saved', receipt: res.data }
					: { kind: 'rejected', submissionId: item.submissionId, message: res.error.message };
			}
		} finally {
			this.#flushing = false;
			if (this.#again) {
				this.#again = false;
				void this.flush();
			}
		}
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
