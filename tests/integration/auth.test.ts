/**
 * S1 and S3 at the socket handshake, sessions and their storage, one-time join codes, and S4
 * login throttling, against the real services and database.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { hashJoinCode } from '$lib/server/auth/join-code';
import { verifyPasswordHash } from '$lib/server/auth/password';
import { generateSessionToken, sessionIdFromToken, validateSessionToken } from '$lib/server/auth/session';
import { reissueJoinCode } from '$lib/server/services/people';
import { signInWithJoinCode, signInWithPassword, signOut } from '$lib/server/services/sign-in';
import { JOIN_CODE_POLICY, PASSWORD_POLICY } from '$lib/server/auth/throttle';
import { ServiceError } from '$lib/server/services/errors';
import type { Snapshot } from '$lib/shared/contracts';
import { ask, disconnection, startTestApp, type TestApp } from './harness';

const ADMIN_PASSWORD = 'correct horse battery staple';
const DAY = 24 * 60 * 60 * 1000;

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.close());

/** The ServiceError code a call fails with, or 'ok'. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'ok';
	} catch (error) {
		if (error instanceof ServiceError) return error.code;
		throw error;
	}
}

const codeOf = (role: 'presenter', index: number) => app.demo.joinCodes.filter((p) => p.role === role)[index];
/** A presenter's user id; the demo names presenters by their body. */
const presenterIdOf = async (bodyName: string) =>
	(
		await app.db
			.selectFrom('users')
			.innerJoin('bodies', 'bodies.id', 'users.body_id')
			.select('users.id')
			.where('users.role', '=', 'presenter')
			.where('bodies.name', '=', bodyName)
			.executeTakeFirstOrThrow()
	).id;

describe('socket handshake (S1)', () => {
	test('a session cookie from a foreign origin is refused', async () => {
		const { token } = await app.signIn('juror', 0);
		expect(await app.refusedSocket({ token, origin: 'https://evil.example' })).toMatch(/origin/);
		// Same host on another port, or the other scheme's look-alike, is foreign too.
		expect(await app.refusedSocket({ token, origin: app.url.replace(/:\d+$/, ':1') })).toMatch(/origin/);
		expect(await app.refusedSocket({ token, origin: 'null' })).toMatch(/origin/);
	});

	test('a session cookie with no Origin at all is refused', async () => {
		const { token } = await app.signIn('juror', 0);
		expect(await app.refusedSocket({ token, origin: null })).toMatch(/origin/);
	});

	test('an anonymous socket from a foreign origin is refused; from ours (or a non-browser client) it is accepted', async () => {
		expect(await app.refusedSocket({ origin: 'https://evil.example' })).toMatch(/origin/);
		expect((await app.socket(undefined)).connected).toBe(true);
		expect((await app.socket(undefined, { origin: null })).connected).toBe(true);
	});

	test('an unknown session token is refused', async () => {
		expect(await app.refusedSocket({ token: generateSessionToken() })).toMatch(/session/);
	});

	test("a session is stored under the guide's id of its token (sessions signed in before the switch to Node's hash stay valid)", async () => {
		const { token } = await app.signIn('juror', 1);
		const guideId = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
		expect(sessionIdFromToken(token)).toBe(guideId);
		expect(await app.db.selectFrom('sessions').select('id').where('id', '=', guideId).executeTakeFirst()).toBeDefined();
	});

	test('an expired session token is refused, and the expired session is deleted', async () => {
		const { token } = await app.signIn('juror', 1);
		const id = sessionIdFromToken(token);
		await app.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', id)
			.execute();
		expect(await app.refusedSocket({ token })).toMatch(/session/);
		expect(await app.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
	});

	test('a malformed cookie is refused and the server keeps serving (it used to crash the handshake)', async () => {
		expect(await app.refusedSocket({ cookie: 'juri_session=%E0%A4%A' })).toMatch(/session/);
		expect(await app.refusedSocket({ cookie: 'juri_session=%' })).toMatch(/session/);
		const { token } = await app.signIn('juror', 0);
		const socket = await app.socket(token);
		expect(await ask(socket, 'sync', { view: 'juror' })).toMatchObject({ ok: true });
	});
});

describe('sessions end for their sockets (S3)', () => {
	test("signing out disconnects that session's sockets at once; other sessions' sockets stay", async () => {
		const ending = await app.signIn('juror', 0);
		const staying = await app.signIn('juror', 0); // the same juror on a second device: another session
		const other = await app.signIn('chair', 0);
		const [tablet1, tablet2] = [await app.socket(ending.token), await app.socket(ending.token)];
		const [keep1, keep2] = [await app.socket(staying.token), await app.socket(other.token)];
		const { session } = await validateSessionToken(app.db, ending.token);

		// Pushed by the server as part of signing out (no ping timeout, no next command needed); how
		// fast is a benchmark's business, not a race against the wall clock on a loaded machine.
		const gone = Promise.all([disconnection(tablet1), disconnection(tablet2)]);
		await signOut(app.ctx, session!);
		expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);

		expect(keep1.connected && keep2.connected).toBe(true);
		expect(await ask(keep1, 'sync', { view: 'juror' })).toMatchObject({ ok: true });
		expect(await ask(keep2, 'sync', { view: 'panel' })).toMatchObject({ ok: true });
		// The ended session cannot reconnect either.
		expect(await app.refusedSocket({ token: ending.token })).toMatch(/session/);
	});

	test('every command re-validates the session: with its row deleted, the next command is unauthenticated', async () => {
		const { token } = await app.signIn('chair', 1);
		const socket = await app.socket(token);
		expect(await ask<Snapshot>(socket, 'sync', { view: 'panel' })).toMatchObject({ ok: true });
		await app.db.deleteFrom('sessions').where('id', '=', sessionIdFromToken(token)).execute();
		const gone = disconnection(socket);
		expect(await ask(socket, 'sync', { view: 'panel' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
		await gone;
	});

	test('an expiry that passes while a socket is connected ends it at the next command', async () => {
		const { token } = await app.signIn('juror', 2);
		const socket = await app.socket(token);
		await app.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', sessionIdFromToken(token))
			.execute();
		expect(await ask(socket, 'sync', { view: 'juror' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
	});
});

describe('session tokens and storage', () => {
	test('tokens carry at least 120 random bits and never repeat', () => {
		const tokens = Array.from({ length: 2000 }, () => generateSessionToken());
		for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/); // base32: 32 × 5 = 160 bits
		expect(tokens[0].length * 5).toBeGreaterThanOrEqual(120);
		expect(new Set(tokens).size).toBe(tokens.length);
		// Every base32 symbol shows up in every position's neighbourhood: no fixed or constant parts.
		expect(new Set(tokens.map((t) => t[0])).size).toBe(32);
		expect(new Set(tokens.map((t) => t[31])).size).toBeGreaterThan(1);
	});

	test('only the SHA-256 of the token is stored in sessions.id', async () => {
		const { token } = await app.signIn('presenter', 2);
		const rows = await app.db.selectFrom('sessions').selectAll().execute();
		const row = rows.find((r) => r.id === sessionIdFromToken(token));
		expect(row?.id).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(rows)).not.toContain(token);
		const { createHash } = await import('node:crypto');
		expect(row?.id).toBe(createHash('sha256').update(token).digest('hex'));
	});

	test('each sign-in makes a new session (no fixation)', async () => {
		const a = await signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, '198.51.100.1');
		const b = await signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, '198.51.100.1');
		expect(a.token).not.toBe(b.token);
		expect(a.session.id).not.toBe(b.session.id);
		expect(a.role).toBe('admin');
	});

	test('validation deletes an expired session and extends one in the second half of its life', async () => {
		const { token } = await app.signIn('presenter', 3);
		const id = sessionIdFromToken(token);
		const expiresAt = async () =>
			(await app.db.selectFrom('sessions').select('expires_at').where('id', '=', id).executeTakeFirst())?.expires_at;

		// 20 days left of 30: not renewed.
		const early = Date.now() + 20 * DAY;
		await app.db.updateTable('sessions').set({ expires_at: early }).where('id', '=', id).execute();
		expect((await validateSessionToken(app.db, token)).session).not.toBeNull();
		expect(await expiresAt()).toBe(early);

		// 1 day left: extended to a fresh 30 days.
		await app.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() + DAY })
			.where('id', '=', id)
			.execute();
		const renewed = await validateSessionToken(app.db, token);
		expect(renewed.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
		expect(await expiresAt()).toBe(renewed.session!.expiresAt.getTime());

		// Expired: gone.
		await app.db
			.updateTable('sessions')
			.set({ expires_at: Date.now() - 1000 })
			.where('id', '=', id)
			.execute();
		expect(await validateSessionToken(app.db, token)).toEqual({ session: null, user: null });
		expect(await expiresAt()).toBeUndefined();
	});
});

describe('join codes', () => {
	test('a join code works once; the second redemption fails', async () => {
		const person = codeOf('presenter', 5);
		const first = await signInWithJoinCode(app.ctx, person.code, '192.0.2.1');
		expect(first.role).toBe('presenter');
		expect(await outcome(() => signInWithJoinCode(app.ctx, person.code, '192.0.2.1'))).toBe('unauthenticated');
	});

	test('codes are typed from paper: case, spaces and dashes do not matter', async () => {
		const person = codeOf('presenter', 6);
		const typed = person.code.toUpperCase().replace(/(.{4})/g, '$1- ');
		expect((await signInWithJoinCode(app.ctx, typed, '192.0.2.2')).role).toBe('presenter');
	});

	test('re-issuing a code revokes the earlier unused one', async () => {
		const person = codeOf('presenter', 7);
		const userId = await presenterIdOf(person.name);
		const admin = await app.signInAdmin();
		const fresh = (await reissueJoinCode(app.ctx, admin.user, userId)).code;
		expect(fresh).not.toBe(person.code);
		expect(await outcome(() => signInWithJoinCode(app.ctx, person.code, '192.0.2.3'))).toBe('unauthenticated');
		expect((await signInWithJoinCode(app.ctx, fresh, '192.0.2.3')).session.userId).toBe(userId);
		// Only the hash is stored.
		const rows = await app.db.selectFrom('join_codes').selectAll().where('user_id', '=', userId).execute();
		expect(rows.map((r) => r.code_hash)).toContain(hashJoinCode(fresh));
		expect(JSON.stringify(rows)).not.toContain(fresh);
	});

	test('only the secretariat re-issues codes', async () => {
		const juror = await app.signIn('juror', 0);
		const chair = await app.signIn('chair', 0);
		expect(await outcome(() => reissueJoinCode(app.ctx, juror.user, chair.user.id))).toBe('forbidden');
	});

	test('an expired code fails', async () => {
		const person = codeOf('presenter', 8);
		await app.db
			.updateTable('join_codes')
			.set({ expires_at: Date.now() - 1 })
			.where('code_hash', '=', hashJoinCode(person.code))
			.execute();
		expect(await outcome(() => signInWithJoinCode(app.ctx, person.code, '192.0.2.4'))).toBe('unauthenticated');
	});
});

describe('passwords and login throttling (S4)', () => {
	test('the password is stored as a scrypt hash string, never in clear', async () => {
		const row = await app.db.selectFrom('users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
		expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
		expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
		expect(await verifyPasswordHash(row.password_hash!, ADMIN_PASSWORD)).toBe(true);
		expect(await verifyPasswordHash(row.password_hash!, `${ADMIN_PASSWORD}!`)).toBe(false);
		const dump = await sql<Record<string, unknown>>`select * from users`.execute(app.db);
		expect(JSON.stringify(dump.rows)).not.toContain(ADMIN_PASSWORD);
	});

	test('after 5 failures from one address even the right password is rate_limited there, but not from elsewhere', async () => {
		const attacker = '203.0.113.66';
		for (let i = 0; i < 5; i++) {
			expect(await outcome(() => signInWithPassword(app.ctx, 'admin', `guess-${i}`, attacker))).toBe('unauthenticated');
		}
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, attacker))).toBe('rate_limited');
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', 'guess-again', attacker))).toBe('rate_limited');
		// No malicious lockout: the real secretariat, from its own address, still signs in.
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, '203.0.113.7'))).toBe('ok');
	});

	test('failures for unknown usernames are throttled the same way', async () => {
		const address = '203.0.113.99';
		for (let i = 0; i < 5; i++) {
			expect(await outcome(() => signInWithPassword(app.ctx, `nobody${i}`, 'x', address))).toBe('unauthenticated');
		}
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, address))).toBe('rate_limited');
	});

	test('guessing join codes from one address is throttled too, after a budget large enough for a venue', async () => {
		const address = '203.0.113.120';
		for (let i = 0; i < JOIN_CODE_POLICY.freeFailures; i++) {
			expect(await outcome(() => signInWithJoinCode(app.ctx, `wrongcode${i}`, address))).toBe('unauthenticated');
		}
		const unused = codeOf('presenter', 9);
		expect(await outcome(() => signInWithJoinCode(app.ctx, unused.code, address))).toBe('rate_limited');
		// The code was not consumed by the refused attempt: it still works from another address.
		expect(await outcome(() => signInWithJoinCode(app.ctx, unused.code, '203.0.113.121'))).toBe('ok');
	});

	test('simultaneous wrong passwords from one address count one by one: no more than the free ones are ever checked', async () => {
		const address = '203.0.113.130';
		const outcomes = await Promise.all(
			Array.from({ length: 20 }, (_, i) => outcome(() => signInWithPassword(app.ctx, 'admin', `race-${i}`, address)))
		);
		expect(outcomes.filter((o) => o === 'unauthenticated')).toHaveLength(PASSWORD_POLICY.freeFailures);
		expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(20 - PASSWORD_POLICY.freeFailures);
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, address))).toBe('rate_limited');
		const row = await app.db
			.selectFrom('login_throttle')
			.selectAll()
			.where('key', '=', `account:admin@${address}`)
			.executeTakeFirstOrThrow();
		expect(row.failures).toBe(PASSWORD_POLICY.freeFailures);
	});

	test('simultaneous wrong join codes from one address count one by one too', async () => {
		const address = '203.0.113.131';
		const tries = JOIN_CODE_POLICY.freeFailures + 15;
		const outcomes = await Promise.all(
			Array.from({ length: tries }, (_, i) => outcome(() => signInWithJoinCode(app.ctx, `racecode${i}`, address)))
		);
		expect(outcomes.filter((o) => o === 'unauthenticated')).toHaveLength(JOIN_CODE_POLICY.freeFailures);
		expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(15);
	});

	test('a block lasts its time on the injected clock, then the right password works and clears the account', async () => {
		const address = '203.0.113.140';
		let now = Date.UTC(2026, 10, 28, 1, 0);
		app.ctx.clock = () => now;
		try {
			for (let i = 0; i < PASSWORD_POLICY.freeFailures; i++) {
				expect(await outcome(() => signInWithPassword(app.ctx, 'admin', `guess-${i}`, address))).toBe('unauthenticated');
			}
			now += PASSWORD_POLICY.firstBlockMs - 1;
			expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, address))).toBe('rate_limited');
			now += 1;
			expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, address))).toBe('ok');
			const keys = await app.db.selectFrom('login_throttle').selectAll().where('key', 'like', `%${address}`).execute();
			expect(keys.map((k) => k.key)).toEqual([`ip:${address}`]);
			// The success gave back its own reservation (and the block it had started); the real failures still count.
			expect(keys[0].failures).toBe(PASSWORD_POLICY.freeFailures);
			expect(keys[0].blocked_until).toBe(0);
		} finally {
			app.ctx.clock = undefined;
		}
	});

	test('sign-in, sign-out and failed attempts are in the audit log, with the address and never the secret', async () => {
		const address = '203.0.113.150';
		const since =
			(
				await app.db
					.selectFrom('audit_log')
					.select((eb) => eb.fn.max('seq').as('seq'))
					.executeTakeFirstOrThrow()
			).seq ?? 0;
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', 'not-the-password', address))).toBe('unauthenticated');
		const signedIn = await signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, address);
		await signOut(app.ctx, signedIn.session);
		expect(await outcome(() => signInWithJoinCode(app.ctx, 'typo-typo-typo', address))).toBe('unauthenticated');
		const person = codeOf('presenter', 10);
		await signInWithJoinCode(app.ctx, person.code, address);
		const rows = await app.db.selectFrom('audit_log').selectAll().where('seq', '>', Number(since)).orderBy('seq').execute();
		const adminId = (await app.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
		expect(rows.map((r) => [r.action, r.actor_id, JSON.parse(r.after ?? 'null')?.method ?? null])).toEqual([
			['auth.sign_in_failed', null, 'password'],
			['auth.sign_in', adminId, 'password'],
			['auth.sign_out', adminId, null],
			['auth.sign_in_failed', null, 'join_code'],
			['auth.sign_in', rows.at(-1)!.actor_id, 'join_code']
		]);
		expect(rows.every((r) => !r.after || JSON.parse(r.after).address === address || r.action === 'auth.sign_out')).toBe(true);
		const text = JSON.stringify(rows);
		for (const secret of ['not-the-password', ADMIN_PASSWORD, 'typo-typo-typo', person.code, signedIn.token, signedIn.session.id]) {
			expect(text).not.toContain(secret);
		}
	});
});
