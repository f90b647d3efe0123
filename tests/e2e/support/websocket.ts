import type { Page } from '@playwright/test';

/**
 * Puts the page's socket.io connection through Playwright's WebSocket routing so a test can hold
 * back the server's acknowledgements (socket.io ACK packets, `43<id>[…]`) and release them later,
 * e.g. to see that the tablet says "saved" only once the server has acknowledged.
 * Must be installed before the page opens its socket.
 */
export async function gateAcks(page: Page) {
	let holding = false;
	const held: (() => void)[] = [];
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		server.onMessage((message) => {
			if (holding && typeof message === 'string' && message.startsWith('43')) held.push(() => ws.send(message));
			else ws.send(message);
		});
	});
	return {
		hold() {
			holding = true;
		},
		/** How many acknowledgements are being held back. */
		get heldCount() {
			return held.length;
		},
		release() {
			holding = false;
			for (const send of held.splice(0)) send();
		}
	};
}

/**
 * Puts the page's socket.io connection through a link that can hang without closing, as hotel
 * Wi-Fi does: while stalled, nothing passes either way (no close, no error), and what was sent
 * meanwhile is delivered in order once the link resumes, as TCP would.
 * Must be installed before the page opens its socket.
 */
export async function stallableLink(page: Page) {
	let stalled = false;
	const held: (() => void)[] = [];
	let onHeartbeatAnswer: (() => void) | null = null;
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => (stalled ? held.push(() => server.send(message)) : server.send(message)));
		server.onMessage((message) => {
			if (stalled) return void held.push(() => ws.send(message));
			ws.send(message);
			// The heartbeat's acknowledgement is the only one without data: `43<id>[]`.
			if (typeof message === 'string' && /^43\d+\[\]$/.test(message)) onHeartbeatAnswer?.();
		});
	});
	return {
		/** Resolves once the server's next answer to a heartbeat has been passed to the page. */
		heartbeatAnswered(): Promise<void> {
			return new Promise((resolve) => (onHeartbeatAnswer = resolve));
		},
		stall() {
			stalled = true;
		},
		resume() {
			stalled = false;
			for (const send of held.splice(0)) send();
		}
	};
}
