import { describe, expect, it } from 'vitest';
import { printableUrl } from '$lib/server/db';
import { createLogger, newEventId } from '$lib/server/log.js';

function capture() {
	const lines: string[] = [];
	const log = createLogger({ write: (line) => void lines.push(line), pid: 4242, now: () => new Date('2026-12-03T09:30:00Z') });
	return { log, lines, entries: () => lines.map((l) => JSON.parse(l)) };
}

describe('the server log', () => {
	it('writes one JSON line per event with the time, level, process id, message and fields', () => {
		const { log, lines, entries } = capture();
		log.info('started', { origin: 'https://juri.example', banner: 'Juri is running\n  Audience: /live' });
		log.warn('database connection lost while idle', { requestId: 'r-1' });
		expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
		expect(entries()).toEqual([
			{
				time: '2026-12-03T09:30:00.000Z',
				level: 'info',
				pid: 4242,
				msg: 'started',
				origin: 'https://juri.example',
				banner: 'Juri is running\n  Audience: /live'
			},
			{ time: '2026-12-03T09:30:00.000Z', level: 'warn', pid: 4242, msg: 'database connection lost while idle', requestId: 'r-1' }
		]);
	});

	it('expands an error into its message, code and stack; anything else thrown into its text', () => {
		const { log, entries } = capture();
		log.error('command failed', {
			commandId: 'c-1',
			event: 'score.submit',
			error: Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' })
		});
		log.error('push failed', { error: 'a string' });
		const [failed, push] = entries();
		expect(failed).toMatchObject({
			level: 'error',
			commandId: 'c-1',
			event: 'score.submit',
			error: { message: 'disk full', code: 'SQLITE_FULL' }
		});
		expect(failed.error.stack).toContain('disk full');
		expect(push.error).toEqual({ message: 'a string' });
	});

	it('gives every command or request a distinct id', () => {
		const ids = new Set(Array.from({ length: 1000 }, () => newEventId()));
		expect(ids.size).toBe(1000);
		expect([...ids].every((id) => /^[0-9a-f]{8}-[0-9a-z]+$/.test(id))).toBe(true);
	});
});

describe('database URLs in banners and logs', () => {
	it('never show a PostgreSQL password', () => {
		expect(printableUrl('postgres://juri:s3cr%40t@db.internal:5432/juri')).toBe('postgres://juri:***@db.internal:5432/juri');
		expect(printableUrl('postgresql://juri:x@127.0.0.1/juri?sslmode=require')).toBe('postgresql://juri:***@127.0.0.1/juri?sslmode=require');
		expect(printableUrl('postgres://juri@127.0.0.1:54329/juri')).toBe('postgres://juri@127.0.0.1:54329/juri');
		expect(printableUrl('db/juri.sqlite')).toBe('db/juri.sqlite');
	});
});
