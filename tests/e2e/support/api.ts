/**
 * Node-side clients for a running server: join or sign in over HTTP (as a browser's form POST
 * would, with our own Origin) and speak socket.io like the pages do. Used to set the scene fast
 * where the browser UI under test is somewhere else.
 */
import { io, type Socket } from 'socket.io-client';
import type {
	Ack,
	ClientToServerEvents,
	PanelView,
	ScoreReceipt,
	ServerToClientEvents,
	SlotCommandInput,
	Snapshot,
	SyncInput
} from '../../../src/lib/shared/contracts';

export const SESSION_COOKIE = 'juri_session';

/** The session cookie (`juri_session=…`) from a response's Set-Cookie headers, or null. */
export function sessionCookieFrom(setCookies: string[]): string | null {
	for (const header of setCookies) {
		const pair = header.split(';', 1)[0];
		if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair;
	}
	return null;
}

/** A browser's plain form POST (our Origin, HTML accepted), with the session cookie if any. */
export async function formPost(baseURL: string, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
	return fetch(new URL(path, baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: baseURL,
			// A browser's plain form POST: SvelteKit answers */* with JSON instead of a redirect.
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields)
	});
}

/** Redeems a join code like the join page's form; returns the session cookie pair. */
export async function joinSession(baseURL: string, code: string): Promise<string> {
	const res = await formPost(baseURL, '/join', { code });
	const cookie = sessionCookieFrom(res.headers.getSetCookie());
	if (res.status !== 303 || !cookie) throw new Error(`joining with ${code} failed: HTTP ${res.status}`);
	return cookie;
}

/** Signs the secretariat in with its password; returns the session cookie pair. */
export async function adminSession(baseURL: string, password: string): Promise<string> {
	const res = await formPost(baseURL, '/login', { username: 'admin', password });
	const cookie = sessionCookieFrom(res.headers.getSetCookie());
	if (res.status !== 303 || !cookie) throw new Error(`admin sign-in failed: HTTP ${res.status}`);
	return cookie;
}

/** Publishes the current results as the next version, with a decree, as the secretariat does on the results hub. */
export async function publishVersion(
	baseURL: string,
	cookie: string,
	evaluationId: string,
	reason: string,
	decree: { number: string; date: string } = { number: `${reason.length}/KEP/KIP/XII/2023`, date: '2023-12-19' }
): Promise<void> {
	const res = await formPost(
		baseURL,
		`/admin/e/${evaluationId}/results?/publish`,
		{ reason, decreeNumber: decree.number, decreeDate: decree.date },
		cookie
	);
	if (res.status !== 200) throw new Error(`publishing failed: HTTP ${res.status}`);
}

type JuriSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One socket.io connection, as a page opens it (websocket only, our Origin, the session cookie if any). */
export class LiveClient {
	readonly socket: JuriSocket;

	private constructor(socket: JuriSocket) {
		this.socket = socket;
	}

	static async connect(baseURL: string, cookie?: string): Promise<LiveClient> {
		const socket: JuriSocket = io(baseURL, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { origin: baseURL, ...(cookie ? { cookie } : {}) }
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', () => resolve());
			socket.once('connect_error', (error) => reject(error));
		});
		return new LiveClient(socket);
	}

	async sync<V extends SyncInput['view']>(input: SyncInput & { view: V }): Promise<Snapshot<V>> {
		const res = (await this.socket.timeout(10_000).emitWithAck('sync', input)) as Ack<Snapshot<V>>;
		if (!res.ok) throw new Error(`sync ${input.view}: ${res.error.code} ${res.error.message}`);
		return res.data;
	}

	/** The chair's console of this session's panel (or `panelId` for the secretariat). */
	async panel(panelId?: string): Promise<PanelView> {
		return (await this.sync({ view: 'panel', ...(panelId ? { panelId } : {}) })).data;
	}

	command(input: SlotCommandInput): Promise<Ack<{ state: string }>> {
		return this.socket.timeout(10_000).emitWithAck('slot.command', input);
	}

	/** Runs chair commands in order and fails on the first refusal. */
	async run(slotId: string, ...commands: SlotCommandInput['command'][]): Promise<void> {
		for (const command of commands) {
			const res = await this.command({ slotId, command, confirmMissing: command === 'certify' ? true : undefined });
			if (!res.ok) throw new Error(`${command} refused: ${res.error.code} ${res.error.message}`);
		}
	}

	async submit(slotId: string, scores: Record<string, number>, submissionId = randomId()): Promise<ScoreReceipt> {
		const res = await this.socket.timeout(10_000).emitWithAck('score.submit', { slotId, submissionId, scores });
		if (!res.ok) throw new Error(`score.submit refused: ${res.error.code} ${res.error.message}`);
		return res.data;
	}

	close(): void {
		this.socket.disconnect();
	}
}

export function randomId(): string {
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The queue entry of a body in a chair's console. */
export function slotOf(view: PanelView, bodyName: string) {
	const slot = view.queue.find((s) => s.bodyName === bodyName);
	if (!slot) throw new Error(`${bodyName} is not in ${view.panel.name}'s queue`);
	return slot;
}
