// The server's own log: one JSON line per event on standard output, with the level, the process id
// and the request id (HTTP) or command id (socket) it concerns, so the logs of several processes
// behind one proxy can be merged and followed. Plain JavaScript so that server.js shares it.

import { randomBytes } from 'node:crypto';

/** @typedef {'info' | 'warn' | 'error'} Level */
/** @typedef {Record<string, unknown>} Fields */

/**
 * An error as log fields: its message, its code when it has one, and its stack.
 * @param {unknown} error
 * @returns {Fields}
 */
function errorFields(error) {
	if (!(error instanceof Error)) return { message: String(error) };
	const code = /** @type {{ code?: unknown }} */ (error).code;
	return { message: error.message, ...(code === undefined ? {} : { code }), stack: error.stack };
}

/**
 * A logger writing to `write` (standard output by default). Fields named `error` are expanded
 * (message, code, stack); everything else is written as given.
 *
 * @param {{ write?: (line: string) => void, pid?: number, now?: () => Date }} [options]
 * @example const log = createLogger(); log.error('command failed', { commandId, error });
 * // → {"time":"2026-12-03T09:30:00.000Z","level":"error","pid":4242,"msg":"command failed","commandId":"…","error":{"message":"…"}}
 */
export function createLogger({ write = (line) => void process.stdout.write(line), pid = process.pid, now = () => new Date() } = {}) {
	/** @param {Level} level @param {string} msg @param {Fields} [fields] */
	function emit(level, msg, fields = {}) {
		const { error, ...rest } = fields;
		const entry = { time: now().toISOString(), level, pid, msg, ...rest, ...(error === undefined ? {} : { error: errorFields(error) }) };
		write(`${JSON.stringify(entry)}\n`);
	}
	return {
		/** @param {string} msg @param {Fields} [fields] */
		info: (msg, fields) => emit('info', msg, fields),
		/** @param {string} msg @param {Fields} [fields] */
		warn: (msg, fields) => emit('warn', msg, fields),
		/** @param {string} msg @param {Fields} [fields] */
		error: (msg, fields) => emit('error', msg, fields)
	};
}

/** @typedef {ReturnType<typeof createLogger>} Logger */

/** The process's logger. */
export const logger = createLogger();

// Ids: this process's random prefix and a counter, unique across processes and cheap per command.
const PREFIX = randomBytes(4).toString('hex');
let counter = 0;

/**
 * A new id for a command or a request that came without one (`X-Request-Id` from the proxy wins).
 *
 * @example newEventId() // → '9f86d081-1a'
 */
export function newEventId() {
	return `${PREFIX}-${(++counter).toString(36)}`;
}
