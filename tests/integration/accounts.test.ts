/**
 * Secretariat accounts (changing one's password, adding and deactivating accounts) and re-issuing a
 * join code that also signs the person's devices out, on the real services, database and sockets.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyPasswordHash } from '$lib/server/auth/password';
import { validateSessionToken } from '$lib/server/auth/session';
import { PASSWORD_POLICY } from '$lib/server/auth/throttle';
import { changeOwnPassword, createAdminAccount, deactivateAdminAccount, listAdminAccounts } from '$lib/server/services/accounts';
import { ServiceError } from '$lib/server/services/errors';
import { reissueJoinCode } from '$lib/server/services/people';
import { signInWithPassword } from '$lib/server/services/sign-in';
import { disconnection, startTestApp, type TestApp } from './harness';

const ADMIN_PASSWORD = 'correct horse battery staple';
const ADDRESS = '198.51.100.200';

let app: TestApp;
beforeAll(async () => {
	app = await startTestApp();
});
afterAll(() => app.close());

/** 'ok', or the refusal as `code` / `code:reason` / `code:field=message,…`. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'ok';
	} catch (error) {
		if (!(error instanceof ServiceError)) throw error;
		if ('reason' in error) return `${error.code}:${String(error.reason)}`;
		return error.issues ? `${error.code}:${error.issues.map((i) => `${i.path}=${i.message}`).join(',')}` : error.code;
	}
}

const passwordHashOf = async (userId: string) =>
	(await app.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash!;
const auditCount = async () => (await app.db.selectFrom('audit_log').select('seq').execute()).length;

describe('changing one’s own password', () => {
	test('bad input is refused field by field and changes nothing', async () => {
		const { user, token } = await app.signInAdmin();
		const session = (await validateSessionToken(app.db, token)).session!;
		const from = { sessionId: session.id, address: ADDRESS };
		const before = { hash: await passwordHashOf(user.id), audit: await auditCount() };
		expect(await outcome(() => changeOwnPassword(app.ctx, user, { current: ADMIN_PASSWORD, next: 'short', confirm: 'short' }, from))).toBe(
			'invalid_input:next=too_short'
		);
		expect(
			await outcome(() =>
				changeOwnPassword(app.ctx, user, { current: ADMIN_PASSWORD, next: 'a long new password', confirm: 'a long new passw0rd' }, from)
			)
		).toBe('invalid_input:confirm=mismatch');
		expect(
			await outcome(() =>
				changeOwnPassword(app.ctx, user, { current: ADMIN_PASSWORD, next: ADMIN_PASSWORD, confirm: ADMIN_PASSWORD }, from)
			)
		).toBe('invalid_input:next=unchanged');
		expect(await outcome(() => changeOwnPassword(app.ctx, user, 'not an object', from))).toMatch(/^invalid_input/);
		expect(await passwordHashOf(user.id)).toBe(before.hash);
		expect(await auditCount()).toBe(before.audit);
	});

	test('the current password is required: a wrong one is refused, audited, and throttled like a sign-in', async () => {
		const { user, token } = await app.signInAdmin();
		const from = { sessionId: (await validateSessionToken(app.db, token)).session!.id, address: ADDRESS };
		const hash = await passwordHashOf(user.id);
		let now = Date.UTC(2026, 10, 28, 2, 0);
		app.ctx.clock = () => now;
		try {
			for (let i = 0; i < PASSWORD_POLICY.freeFailures; i++) {
				expect(
					await outcome(() =>
						changeOwnPassword(app.ctx, user, { current: `wrong-${i}`, next: 'a brand new password', confirm: 'a brand new password' }, from)
					)
				).toBe('invalid_input:wrong_current_password');
			}
			const right = { current: ADMIN_PASSWORD, next: 'a brand new password', confirm: 'a brand new password' };
			expect(await outcome(() => changeOwnPassword(app.ctx, user, right, from))).toBe('rate_limited');
			expect(await passwordHashOf(user.id)).toBe(hash);
			const failed = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.password_change_failed').execute();
			expect(failed).toHaveLength(PASSWORD_POLICY.freeFailures);
			expect(JSON.stringify(failed)).not.toContain('wrong-0');
			now += PASSWORD_POLICY.firstBlockMs;
			expect(await outcome(() => changeOwnPassword(app.ctx, user, { ...right, next: ADMIN_PASSWORD, confirm: ADMIN_PASSWORD }, from))).toBe(
				'invalid_input:next=unchanged'
			);
		} finally {
			app.ctx.clock = undefined;
		}
	});

	test('a new password ends every other session of the account, and their sockets; this one stays', async () => {
		const here = await signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, ADDRESS);
		const elsewhere = await signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, '198.51.100.201');
		const { user } = await validateSessionToken(app.db, here.token);
		const otherSocket = await app.socket(elsewhere.token);
		const gone = disconnection(otherSocket);
		const next = 'a fresh secretariat passphrase';
		const result = await changeOwnPassword(
			app.ctx,
			user!,
			{ current: ADMIN_PASSWORD, next, confirm: next },
			{ sessionId: here.session.id, address: ADDRESS }
		);
		expect(result.sessionsEnded).toBeGreaterThanOrEqual(1);
		expect(await gone).toBe('io server disconnect');
		expect((await validateSessionToken(app.db, elsewhere.token)).session).toBeNull();
		expect((await validateSessionToken(app.db, here.token)).session).not.toBeNull();
		expect(await verifyPasswordHash(await passwordHashOf(user!.id), next)).toBe(true);
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', ADMIN_PASSWORD, '198.51.100.202'))).toBe('unauthenticated');
		expect(await outcome(() => signInWithPassword(app.ctx, 'admin', next, '198.51.100.202'))).toBe('ok');
		const row = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.password_change').executeTakeFirstOrThrow();
		expect(row.actor_id).toBe(user!.id);
		expect(row.after).not.toContain('scrypt');
		expect(row.after).not.toContain(next);
		// Back to the shared password for the rest of the file.
		await changeOwnPassword(
			app.ctx,
			user!,
			{ current: next, next: ADMIN_PASSWORD, confirm: ADMIN_PASSWORD },
			{ sessionId: here.session.id, address: ADDRESS }
		);
	});

	test('only the secretariat has a password to change', async () => {
		const juror = await app.signIn('juror', 0);
		expect(
			await outcome(() =>
				changeOwnPassword(
					app.ctx,
					juror.user,
					{ current: 'x', next: 'a long enough one', confirm: 'a long enough one' },
					{ sessionId: 'x', address: ADDRESS }
				)
			)
		).toBe('forbidden');
	});
});

describe('secretariat accounts', () => {
	test('an added account signs in with its generated password; usernames are unique whatever their case', async () => {
		const { user: admin } = await app.signInAdmin();
		const { userId, password } = await createAdminAccount(app.ctx, admin, { name: 'Rina Kusuma', username: 'Rina.K' });
		expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		expect((await signInWithPassword(app.ctx, 'rina.k', password, ADDRESS)).role).toBe('admin');
		expect(await outcome(() => createAdminAccount(app.ctx, admin, { name: 'Another Rina', username: 'RINA.K' }))).toBe(
			'conflict:username_taken'
		);
		expect(await outcome(() => createAdminAccount(app.ctx, admin, { name: 'X', username: 'no spaces allowed' }))).toBe(
			'invalid_input:username=username_chars'
		);
		expect(await outcome(() => createAdminAccount(app.ctx, admin, { name: '', username: 'ok-name' }))).toBe('invalid_input:name=required');
		const accounts = await listAdminAccounts(app.ctx, admin);
		expect(accounts.find((a) => a.id === userId)).toMatchObject({ name: 'Rina Kusuma', username: 'rina.k', active: true });
		const audit = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.create').executeTakeFirstOrThrow();
		expect(audit.after).not.toContain(password);
	});

	test('a deactivated account cannot sign in and its sessions end; nobody deactivates themselves or the last account', async () => {
		const { user: admin } = await app.signInAdmin();
		const { userId, password } = await createAdminAccount(app.ctx, admin, { name: 'Leaving Member', username: 'leaving' });
		const signed = await signInWithPassword(app.ctx, 'leaving', password, ADDRESS);
		const socket = await app.socket(signed.token);
		const gone = disconnection(socket);
		await deactivateAdminAccount(app.ctx, admin, { userId });
		expect(await gone).toBe('io server disconnect');
		expect((await validateSessionToken(app.db, signed.token)).session).toBeNull();
		expect(await outcome(() => signInWithPassword(app.ctx, 'leaving', password, '198.51.100.203'))).toBe('unauthenticated');
		expect(await outcome(() => deactivateAdminAccount(app.ctx, admin, { userId }))).toBe('invalid_state:already_inactive');
		expect(await outcome(() => deactivateAdminAccount(app.ctx, admin, { userId: admin.id }))).toBe('invalid_state:own_account');
	});

	test('two members deactivating each other at the same moment still leave one active account', async () => {
		const { user: admin } = await app.signInAdmin();
		for (const account of (await listAdminAccounts(app.ctx, admin)).filter((a) => a.active && a.id !== admin.id)) {
			await deactivateAdminAccount(app.ctx, admin, { userId: account.id });
		}
		const { userId: otherId, password } = await createAdminAccount(app.ctx, admin, { name: 'Second Member', username: 'second' });
		const other = (await validateSessionToken(app.db, (await signInWithPassword(app.ctx, 'second', password, ADDRESS)).token)).user!;
		const outcomes = await Promise.all([
			outcome(() => deactivateAdminAccount(app.ctx, admin, { userId: otherId })),
			outcome(() => deactivateAdminAccount(app.ctx, other, { userId: admin.id }))
		]);
		expect(outcomes.sort()).toEqual(['invalid_state:last_active_admin', 'ok']);
		expect((await listAdminAccounts(app.ctx, admin)).filter((a) => a.active)).toHaveLength(1);
		// Leave the seeded secretariat active for the rest of the file, whichever deactivation won.
		await app.db.updateTable('users').set({ archived_at: null }).where('id', '=', admin.id).execute();
	});

	test('only the secretariat manages accounts', async () => {
		const chair = await app.signIn('chair', 0);
		expect(await outcome(() => createAdminAccount(app.ctx, chair.user, { name: 'X', username: 'xyz' }))).toBe('forbidden');
		expect(await outcome(() => listAdminAccounts(app.ctx, chair.user))).toBe('forbidden');
		expect(await outcome(() => deactivateAdminAccount(app.ctx, chair.user, { userId: 'x' }))).toBe('forbidden');
	});
});

describe('re-issuing a join code', () => {
	test('can also sign the person out of the devices they are on, or leave them signed in', async () => {
		const { user: admin } = await app.signInAdmin();
		const juror = await app.signIn('juror', 1);
		const tablet = await app.socket(juror.token);
		await reissueJoinCode(app.ctx, admin, juror.user.id);
		expect((await validateSessionToken(app.db, juror.token)).session).not.toBeNull();
		expect(tablet.connected).toBe(true);

		const gone = disconnection(tablet);
		const issued = await reissueJoinCode(app.ctx, admin, juror.user.id, { signOutDevices: true });
		expect(issued.devicesSignedOut).toBe(1);
		expect(await gone).toBe('io server disconnect');
		expect((await validateSessionToken(app.db, juror.token)).session).toBeNull();
		const audit = await app.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'join_code.issue')
			.orderBy('seq', 'desc')
			.executeTakeFirstOrThrow();
		expect(JSON.parse(audit.after!)).toMatchObject({ userIds: [juror.user.id], sessionsEnded: 1 });
	});
});
