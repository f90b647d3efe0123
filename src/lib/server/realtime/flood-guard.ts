import { CoolDowns } from './cool-down';
import { CommandBucket, KeyedBuckets, type BucketSize } from './rate-limit';

export interface FloodLimits {
	/** Each socket: a burst, a rate, and how many refusals in a row cut it off. */
	socket: BucketSize & { refusalsBeforeCutOff: number };
	/** Each signed-in person's own allowance across all their sockets, whatever address they share. */
	session: BucketSize;
	/** Each client address: what its anonymous sockets, and its people beyond their own allowance, may spend together. */
	address: BucketSize;
	/** Socket handshakes per session (each costs a session lookup). */
	sessionHandshakes: BucketSize;
	/** How long an identity cut off for flooding stays refused. */
	coolDownMs: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
	socket: { capacity: 30, perSecond: 10, refusalsBeforeCutOff: 100 },
	// As much as one socket: a person's second tablet adds nothing to what they may ask of the server.
	session: { capacity: 30, perSecond: 10 },
	// Covers a person's rare overflow and anonymous commands no phone sends; small, since whatever it
	// admits may cost a database build (a flood's first burst is at most one allowance plus this).
	address: { capacity: 30, perSecond: 10 },
	// A page load or a reconnect opens one socket; a flaky tablet reconnects every few seconds at most.
	sessionHandshakes: { capacity: 60, perSecond: 1 },
	coolDownMs: 60_000
};

/** One socket as the guard sees it. */
export interface GuardedClient {
	sessionId: string | null;
	address: string;
	bucket: CommandBucket;
	/** Audience syncs answered on this socket: an audience phone needs one per connection. */
	audienceSyncs: number;
}

/**
 * What a command costs: 'audience' for an audience sync, served from the shared snapshot of the
 * public version (no session check, no database), 'command' for everything else.
 */
export type CommandCost = 'audience' | 'command';

export type Verdict = 'ok' | 'refuse' | 'cut';

/**
 * Decides, before any database work, whether a handshake or a command may go ahead.
 *
 * Every command spends its socket's bucket. A command that costs the server (anything but an
 * audience sync) also spends its person's allowance when signed in or, beyond that or when
 * anonymous, its address's budget: a venue's jurors, chairs and hundreds of phones share one public
 * address, so each person keeps an allowance of their own that a flood from the same address cannot
 * drain, and audience phones spend nothing of the address's budget at all.
 *
 * A socket refused again and again is cut off, and its identity cools down: its session (refused at
 * the handshake and at every command), or, when anonymous, its address — where, until the cool-down
 * ends, an anonymous socket may do what an audience phone does (one audience sync) and is cut off at
 * anything more. Audience handshakes are never refused: nothing tells a phone from a flooder there.
 *
 * @example const guard = new FloodGuard(); const client = guard.client(sessionId, address); guard.admit(client, 'command'); // 'ok'
 */
export class FloodGuard {
	readonly #sessions: KeyedBuckets;
	readonly #addresses: KeyedBuckets;
	readonly #handshakes: KeyedBuckets;
	readonly #coolDowns: CoolDowns;

	constructor(
		private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
		private readonly now: () => number = Date.now
	) {
		this.#sessions = new KeyedBuckets(limits.session);
		this.#addresses = new KeyedBuckets(limits.address);
		this.#handshakes = new KeyedBuckets(limits.sessionHandshakes);
		this.#coolDowns = new CoolDowns(limits.coolDownMs);
	}

	/** Whether a handshake may go on to the session lookup; `sessionId` is null for an anonymous one. */
	admitHandshake(sessionId: string | null): boolean {
		if (sessionId === null) return true;
		const now = this.now();
		return !this.#coolDowns.active(sessionKey(sessionId), now) && this.#handshakes.take(sessionId, now);
	}

	/** The guard's record of a new socket. */
	client(sessionId: string | null, address: string): GuardedClient {
		const { capacity, perSecond, refusalsBeforeCutOff } = this.limits.socket;
		return { sessionId, address, bucket: new CommandBucket(capacity, perSecond, refusalsBeforeCutOff, this.now()), audienceSyncs: 0 };
	}

	/** 'ok' to run the command, 'refuse' to answer rate_limited, 'cut' to disconnect (the identity then cools down). */
	admit(client: GuardedClient, cost: CommandCost): Verdict {
		const now = this.now();
		if (this.#coolDowns.active(identityOf(client), now)) {
			const likeAPhone = client.sessionId === null && cost === 'audience' && client.audienceSyncs === 0;
			if (likeAPhone && client.bucket.tryTake(now)) return this.#admitted(client, cost);
			// A flood that goes on keeps its identity cooling down.
			this.#coolDowns.start(identityOf(client), now);
			return 'cut';
		}
		if (!client.bucket.tryTake(now)) return this.#refused(client, now);
		if (cost === 'command' && !this.#spend(client, now)) return this.#refused(client, now);
		return this.#admitted(client, cost);
	}

	#spend(client: GuardedClient, now: number): boolean {
		return (client.sessionId !== null && this.#sessions.take(client.sessionId, now)) || this.#addresses.take(client.address, now);
	}

	#admitted(client: GuardedClient, cost: CommandCost): 'ok' {
		client.bucket.admitted();
		if (cost === 'audience') client.audienceSyncs++;
		return 'ok';
	}

	#refused(client: GuardedClient, now: number): Verdict {
		const verdict = client.bucket.refused();
		if (verdict === 'cut') this.#coolDowns.start(identityOf(client), now);
		return verdict;
	}
}

const sessionKey = (sessionId: string) => `session:${sessionId}`;

/** Who a cut-off sticks to: the session when signed in, else the address. */
const identityOf = (client: GuardedClient) => (client.sessionId !== null ? sessionKey(client.sessionId) : `address:${client.address}`);
