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
