/**
 * Every action the server writes to the audit log is worded for the audit log page, in both
 * languages: a new action without words fails here, not on the secretariat's screen.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { auditActionLabel, WORDED_AUDIT_ACTIONS } from '$lib/shared/audit-log';

const SERVER = path.resolve('src/lib/server');
const ENTITIES =
	'account|auth|audit|body|category|conflict|demo|evaluation|join_code|panel|person|practice|results|rubric|schedule|score|slot|visitation';
const LITERAL = new RegExp(`'((?:${ENTITIES})\\.[a-z_]+)'`, 'g');
// live-control writes `slot.${command}` and practice `practice.${command}`: one action per chair's command.
const SLOT_COMMANDS = ['start_presentation', 'start_qa', 'open_scoring', 'close_scoring', 'reopen_scoring', 'certify', 'mark_no_show'];

/** The server's source files, but the realtime layer's: its socket events ('slot.command') look like actions and are not written to the log. */
function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		if (name === 'realtime') return [];
		const file = path.join(dir, name);
		return statSync(file).isDirectory() ? sources(file) : /\.(ts|js)$/.test(name) ? [file] : [];
	});
}

const written = new Set([
	...sources(SERVER).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(LITERAL)].map((match) => match[1])),
	...SLOT_COMMANDS.flatMap((command) => [`slot.${command}`, `practice.${command}`])
]);

describe('audit actions in words', () => {
	test('the server’s sources were read', () => {
		expect(written.size).toBeGreaterThan(60);
		expect(readFileSync(path.join(SERVER, 'services/live-control.ts'), 'utf8')).toContain('action: `slot.${input.command}`');
	});

	test.each([...written].sort())('%s is worded in Indonesian and English', (action) => {
		expect(WORDED_AUDIT_ACTIONS).toContain(action);
		const [id, en] = [auditActionLabel(action, 'id'), auditActionLabel(action, 'en')];
		expect(id).not.toBe(action);
		expect(id).not.toBe(en);
	});

	test('an action it does not know is shown as its code', () => {
		expect(auditActionLabel('future.thing')).toBe('future.thing');
	});
});
