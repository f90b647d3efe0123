/**
 * Several Juri processes behind one proxy (REDIS_URL set): socket.io's Redis adapter joins their
 * socket.io servers, so a broadcast to a room reaches the sockets every process holds, a room's
 * sockets can be fetched across processes (who is connected, for the chair's console), and a
 * process can tell the others what changed (`serverSideEmit`).
 *
 * The classic pub/sub adapter, not the streams one: Juri's clients re-sync a versioned snapshot
 * whenever they reconnect or see a gap, so the streams adapter's replay of missed packets buys
 * nothing; and pub/sub counts the live processes from Redis's own subscriber count, which drops the
 * moment a process dies (its connection closes), where the streams adapter waits for a missed
 * heartbeat: after a crash, presence queries on the survivors go on answering at once.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { logger } from '../log.js';

export interface Cluster {
	/** The socket.io adapter factory (`io.adapter(...)`). */
	adapter: ReturnType<typeof createAdapter>;
	/** Whether Redis answers now (for /readyz). */
	answers(): Promise<boolean>;
	close(): Promise<void>;
}

/** How long a cross-process request (fetching the sockets of a room) waits for the other processes. */
const REQUESTS_TIMEOUT_MS = 3_000;

/**
 * Connects to Redis (two connections: one publishes, one listens). It does not wait for Redis: a
 * process started before Redis answers keeps retrying, and /readyz says unready meanwhile.
 *
 * @example const cluster = connectCluster('redis://127.0.0.1:6379'); io.adapter(cluster.adapter);
 */
export function connectCluster(url: string, log = logger): Cluster {
	const options = {
		// A command issued while Redis is away waits for it to come back rather than failing: the
		// adapter publishes without handling a refusal, which would end the process as an unhandled
		// rejection. /readyz's ping has its own deadline and says unready meanwhile.
		maxRetriesPerRequest: null,
		retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000)
	};
	const pub = new Redis(url, options);
	const sub = pub.duplicate();
	for (const [role, client] of [
		['publisher', pub],
		['subscriber', sub]
	] as const) {
		// Reported once per outage, not once per reconnection attempt.
		let down = false;
		client.on('error', (error) => {
			if (!down) log.error('redis unreachable', { role, error });
			down = true;
		});
		client.on('ready', () => {
			if (down) log.info('redis reachable again', { role });
			down = false;
		});
	}
	return {
		adapter: createAdapter(pub, sub, { key: 'juri', requestsTimeout: REQUESTS_TIMEOUT_MS }),
		answers: async () => (await pub.ping()) === 'PONG',
		// Closed at once, not with QUIT: nothing is left to deliver once socket.io has closed, and QUIT
		// would wait for a Redis that is away.
		close: async () => {
			pub.disconnect();
			sub.disconnect();
		}
	};
}
