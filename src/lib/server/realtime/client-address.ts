import type { IncomingHttpHeaders } from 'node:http';

/**
 * Where the client's address comes from behind a reverse proxy: the same variables as adapter-node's
 * (ADDRESS_HEADER, XFF_DEPTH), so HTTP (sign-in throttling) and sockets (command budgets) agree on
 * who a client is.
 */
export interface AddressConfig {
	/** A request header carrying the client's address (lower case), e.g. 'x-forwarded-for'; none: the TCP peer. */
	header?: string;
	/** With X-Forwarded-For: which address from the right is the client's (the number of trusted proxies). */
	xffDepth: number;
}

/**
 * Reads ADDRESS_HEADER and XFF_DEPTH as adapter-node does, but refuses a bad XFF_DEPTH at start-up
 * (adapter-node fails every request instead).
 *
 * @example addressConfigFromEnv({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' }); // { header: 'x-forwarded-for', xffDepth: 2 }
 */
export function addressConfigFromEnv(env: Record<string, string | undefined>): AddressConfig {
	const header = env.ADDRESS_HEADER?.trim().toLowerCase() || undefined;
	const xffDepth = Number(env.XFF_DEPTH ?? '1');
	if (!Number.isInteger(xffDepth) || xffDepth < 1) throw new Error(`XFF_DEPTH must be a positive integer, not "${env.XFF_DEPTH}"`);
	return { header, xffDepth };
}

/** Why a request has no usable address; the handshake is refused, as adapter-node refuses the request. */
export class AddressUnknown extends Error {}

/**
 * The client's address for a request, by adapter-node's rules: the configured header (with
 * X-Forwarded-For, the address `xffDepth` from the right, since proxies append), else the TCP peer.
 *
 * @example clientAddress({ headers: { 'x-forwarded-for': '198.51.100.4, 10.0.0.2' }, remoteAddress: '10.0.0.3' }, { header: 'x-forwarded-for', xffDepth: 2 }); // '198.51.100.4'
 */
export function clientAddress(request: { headers: IncomingHttpHeaders; remoteAddress?: string }, config: AddressConfig): string {
	if (!config.header) {
		if (!request.remoteAddress) throw new AddressUnknown('The connection has no remote address');
		return request.remoteAddress;
	}
	const raw = request.headers[config.header];
	if (raw === undefined) throw new AddressUnknown(`ADDRESS_HEADER is ${config.header} but the request has none`);
	const value = Array.isArray(raw) ? raw.join(',') : raw;
	if (config.header !== 'x-forwarded-for') return value.trim();
	const addresses = value.split(',');
	if (config.xffDepth > addresses.length) {
		throw new AddressUnknown(`XFF_DEPTH is ${config.xffDepth}, but only ${addresses.length} addresses were forwarded`);
	}
	return addresses[addresses.length - config.xffDepth].trim();
}
