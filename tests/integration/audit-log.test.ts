/**
 * The secretariat's audit log, read through the service on a real database: filters by person,
 * action, public body and days on the event's clocks; each change field by field; an unlock with
 * its reason; pages by seq; a bad filter refused with its field, reading nothing; others refused.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventDate } from '$lib/domain/setup/schedule';
import type { SessionUser } from '$lib/server/auth/session';
import { AUDIT_PAGE_SIZE, readAuditLog } from '$lib/server/services/audit-log';
import { createAdminAccount } from '$lib/server/services/accounts';
import { updateBody } from '$lib/server/services/bodies';
import { ServiceError } from '$lib/server/services/errors';
import { unlockSettings } from '$lib/server/services/evaluations';
import { load as loadAccountsLog } from '../../src/routes/admin/audit/+page.server';
import { load } from '../../src/routes/admin/e/[evaluationId]/audit/+page.server';
import { startTestApp, type Fixture, type TestApp } from './harness';
import { nonAdmins, submitFirstScore } from './setup/settings-support';

let app: TestApp;
let fx: Fixture;
let admin: SessionUser;
const REASON = 'Bobot tahap salah ketik: 70/30, bukan 80/20';

beforeAll(async () => {
	app = await startTestApp();
	fx = await app.fixture();
	admin = (await app.signInAdmin()).user;
	await submitFirstScore(app);
	await unlockSettings(app.ctx, admin, fx.evaluationId, REASON);
	const body = await app.db.selectFrom('bodies').selectAll().where('id', '=', fx.panelB.slots[0].bodyId).executeTakeFirstOrThrow();
	await updateBody(app.ctx, admin, body.id, {
		name: `${body.name} (baru)`,
		shortName: body.short_name,
		categoryId: body.category_id,
		priorScore: '81,25'
	});
});
afterAll(() => app.close());

const read = (filters: Record<string, unknown> = {}) => readAuditLog(app.ctx, admin, { evaluationId: fx.evaluationId, ...filters });

async function refusal(filters: Record<string, unknown>) {
	const error = await read(filters).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	return (error as ServiceError).issues;
}

describe('the audit log page', () => {
	test('an unlock shows its reason and its change field by field', async () => {
		const { entries } = await read({ action: 'evaluation.settings_unlock' });
		expect(entries).toHaveLength(1);
		const [unlock] = entries;
		expect(unlock).toMatchObject({ action: 'evaluation.settings_unlock', actor: admin.name, reason: REASON });
		expect(unlock.changes).toEqual([
			{ field: 'settingsLockedAt', before: expect.any(Number), after: null },
			{ field: 'reason', after: REASON }
		]);
	});

	test('a change to a body lists only the fields that changed, before and after', async () => {
		const { entries } = await read({ action: 'body.update' });
		expect(entries).toHaveLength(1);
		const fields = entries[0].changes.map((c) => c.field);
		expect(fields).toContain('name');
		expect(entries[0].changes.find((c) => c.field === 'name')).toEqual({
			field: 'name',
			before: fx.panelB.slots[0].bodyName,
			after: `${fx.panelB.slots[0].bodyName} (baru)`
		});
	});

	test('by person: the juror’s rows are their sign-ins and score sheets only', async () => {
		const juror = await app.signIn('juror');
		const { entries, options } = await read({ person: juror.user.id });
		expect(entries.length).toBeGreaterThan(0);
		expect(new Set(entries.map((e) => e.action))).toEqual(new Set(['auth.sign_in', 'score.submit']));
		expect(options.people.map((p) => p.id)).toContain(juror.user.id);
	});

	test('by body: the rows about it, its slot and its sheets, and no other body’s', async () => {
		const scored = await read({ body: fx.panelA.slots[0].bodyId });
		expect(scored.entries.map((e) => e.action)).toEqual(
			expect.arrayContaining(['score.submit', 'slot.open_scoring', 'slot.start_presentation'])
		);
		expect(scored.entries.map((e) => e.action)).not.toContain('body.update');
		const changed = await read({ body: fx.panelB.slots[0].bodyId });
		expect(changed.entries.map((e) => e.action)).toContain('body.update');
		expect(changed.entries.map((e) => e.action)).not.toContain('score.submit');
	});

	test('by day on the event’s clocks: a row is in its own day and not in the days around it', async () => {
		const [unlock] = (await read({ action: 'evaluation.settings_unlock' })).entries;
		const day = eventDate(unlock.at, 'Asia/Jakarta');
		const dayBefore = eventDate(unlock.at - 86_400_000, 'Asia/Jakarta');
		const dayAfter = eventDate(unlock.at + 86_400_000, 'Asia/Jakarta');
		expect((await read({ action: 'evaluation.settings_unlock', from: day, to: day })).entries).toHaveLength(1);
		expect((await read({ action: 'evaluation.settings_unlock', to: dayBefore })).entries).toHaveLength(0);
		expect((await read({ action: 'evaluation.settings_unlock', from: dayAfter })).entries).toHaveLength(0);
	});

	test('newest first, a page at a time, each page older than the last', async () => {
		const body = await app.db.selectFrom('bodies').selectAll().where('id', '=', fx.panelB.slots[1].bodyId).executeTakeFirstOrThrow();
		for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
			const priorScore = String(50 + (i % 2));
			await updateBody(app.ctx, admin, body.id, { name: body.name, shortName: body.short_name, categoryId: body.category_id, priorScore });
		}
		const first = await read();
		expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
		expect(first.next).toBe(first.entries.at(-1)!.seq);
		const seqs = first.entries.map((e) => e.seq);
		expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
		const second = await read({ before: String(first.next) });
		expect(second.entries[0].seq).toBeLessThan(first.next!);
		const total = await app.db
			.selectFrom('audit_log')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('evaluation_id', '=', fx.evaluationId)
			.executeTakeFirstOrThrow();
		let count = first.entries.length + second.entries.length;
		for (let next = second.next; next !== null;) {
			const page = await read({ before: String(next) });
			count += page.entries.length;
			next = page.next;
		}
		expect(count).toBe(Number(total.n));
	});

	test('bad filters are refused with their field and read nothing; empty ones mean any', async () => {
		expect(await refusal({ action: "x' OR 1=1 --" })).toEqual([{ path: 'action', message: 'invalid' }]);
		expect(await refusal({ person: '%' })).toEqual([{ path: 'person', message: 'invalid' }]);
		expect(await refusal({ body: 'a_b' })).toEqual([{ path: 'body', message: 'invalid' }]);
		expect(await refusal({ from: '2026-02-30' })).toEqual([{ path: 'from', message: 'invalid' }]);
		expect(await refusal({ from: '2026-12-02', to: '2026-12-01' })).toEqual([{ path: 'to', message: 'range' }]);
		expect(await refusal({ before: 'abc' })).toEqual([{ path: 'before', message: 'invalid' }]);
		expect(await refusal({ before: '-3' })).toEqual([{ path: 'before', message: 'invalid' }]);
		expect((await read({ person: '', action: '', body: '', from: '', to: '', before: '' })).entries).toHaveLength(AUDIT_PAGE_SIZE);
	});

	test('the page answers a bad filter with its field named and no entries, and still offers the choices', async () => {
		const url = new URL(`http://juri.test/admin/e/${fx.evaluationId}/audit?action=nope!&from=2026-13-01`);
		const data = (await load({ locals: { ctx: app.ctx, user: admin }, params: { evaluationId: fx.evaluationId }, url } as never)) as {
			errors: Record<string, string>;
			log: { entries: unknown[]; options: { actions: string[] } };
		};
		expect(data.errors).toEqual({ action: 'invalid', from: 'invalid' });
		expect(data.log.entries).toEqual([]);
		expect(data.log.options.actions).toContain('evaluation.settings_unlock');
	});

	test('only the secretariat reads it', async () => {
		for (const user of await nonAdmins(app)) {
			await expect(readAuditLog(app.ctx, user, { evaluationId: fx.evaluationId })).rejects.toMatchObject({ code: 'forbidden' });
		}
	});
});

describe('the audit log of no evaluation', () => {
	test('lists accounts and sign-ins, none of an evaluation’s rows, on WIB', async () => {
		await createAdminAccount(app.ctx, admin, { name: 'Rina Kusuma', username: 'rina.audit' });
		const page = await readAuditLog(app.ctx, admin, { action: 'account.create' });
		expect(page.timeZone).toBe('Asia/Jakarta');
		expect(page.entries).toHaveLength(1);
		expect(page.entries[0]).toMatchObject({ action: 'account.create', actor: admin.name });
		expect(JSON.stringify(page.entries[0].changes)).toContain('rina.audit');
		const all = await readAuditLog(app.ctx, admin, {});
		expect(all.options.actions).toContain('account.create');
		expect(all.options.actions).not.toContain('evaluation.settings_unlock');
		expect(all.options.bodies).toEqual([]);
	});

	test('its page takes the same filters, and names a bad one', async () => {
		const url = new URL('http://juri.test/admin/audit?person=%25');
		const data = (await loadAccountsLog({ locals: { ctx: app.ctx, user: admin }, url } as never)) as {
			evaluationId: string | null;
			errors: Record<string, string>;
			log: { entries: unknown[] };
		};
		expect(data.evaluationId).toBeNull();
		expect(data.errors).toEqual({ person: 'invalid' });
		expect(data.log.entries).toEqual([]);
	});
});
