/**
 * Invitation letters (issue 9, item 7), read back: one PDF per invited body that has a slot, with
 * the day, time and room in WIB, the rules of the presentation and a join link that signs that
 * body's presenter in (and ends the code issued before it); all of them in one zip; refused to
 * anyone but the secretariat, for a presenter who has no letter to make, and when no invited body
 * has a slot yet. The letters' clock is fixed at 2 December 2026, 09.30 WIB.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { invitationLetters } from '$lib/server/documents/invitations';
import type { SessionUser } from '$lib/server/auth/session';
import type { ServiceContext } from '$lib/server/services/context';
import { signInWithJoinCode } from '$lib/server/services/sign-in';
import { POST as invitationsEndpoint } from '../../../src/routes/admin/e/[evaluationId]/people/invitations/+server';
import { readPdf } from '../../support/pdf-text';
import { startTestApp, type TestApp } from '../harness';
import { GENERATED_AT, nonSecretariat, refusal } from './support';

const ORIGIN = 'https://juri.example';
let app: TestApp;
let ctx: ServiceContext;
let admin: SessionUser;
let evaluationId: string;
/** A chair, a juror and a presenter, signed in before any letter re-issues the demo's codes. */
let others: SessionUser[];

/** The demo's presenters of invited bodies with a slot, by planned start: who should get a letter. */
async function scheduledPresenters() {
	return app.db
		.selectFrom('users')
		.innerJoin('bodies', 'bodies.id', 'users.body_id')
		.innerJoin('slots', 'slots.body_id', 'bodies.id')
		.innerJoin('panels', 'panels.id', 'slots.panel_id')
		.select(['users.id', 'users.name', 'bodies.name as body', 'panels.room', 'slots.planned_start'])
		.where('users.role', '=', 'presenter')
		.where('bodies.invited', '=', 1)
		.orderBy('slots.planned_start')
		.orderBy('bodies.name')
		.execute();
}

const linkIn = (lines: string[]) => lines.find((line) => line.startsWith(`${ORIGIN}/join/`));

beforeAll(async () => {
	app = await startTestApp();
	ctx = { ...app.ctx, clock: () => GENERATED_AT };
	admin = (await app.signInAdmin()).user;
	evaluationId = (await app.fixture()).evaluationId;
	others = await nonSecretariat(app);
});
afterAll(() => app.close());

describe('invitation letters', () => {
	test("one presenter's letter: the slot in WIB, the room, the rules, and a join link that signs the presenter in", async () => {
		const [first] = await scheduledPresenters();
		const earlier = app.demo.joinCodes.find((c) => c.role === 'presenter' && c.name === first.body)!;
		const file = await invitationLetters(ctx, admin, { evaluationId, userId: first.id, origin: ORIGIN });
		expect(file.name).toMatch(/^undangan-[a-z0-9-]+\.pdf$/);
		expect(file.contentType).toBe('application/pdf');

		const { lines } = await readPdf(file.bytes);
		expect(lines.slice(0, 2)).toEqual(['SURAT UNDANGAN', 'PRESENTASI DAN UJI PUBLIK MONEV KIP 2023 — PRESENTASI']);
		expect(lines).toContain(`Pimpinan ${first.body}`);
		// The demo's first slot: 08.00 WIB, 10 minutes of presentation and 15 of questions.
		const day = new Intl.DateTimeFormat('id-ID', {
			timeZone: 'Asia/Jakarta',
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric'
		}).format(first.planned_start);
		expect(lines).toContain(`Hari, tanggal | ${day}`);
		expect(lines).toContain('Waktu | 08.00 – 08.25 WIB');
		expect(lines).toContain(`Tempat | ${first.room}`);
		expect(lines.join(' ')).toContain('Presentasi berlangsung 10 menit, dilanjutkan tanya jawab dengan panel juri selama 15 menit.');

		// The printed link is the presenter's new code; the code issued before it no longer works.
		const link = linkIn(lines)!;
		expect(link).toMatch(/\/join\/\S+$/);
		const signedIn = await signInWithJoinCode(app.ctx, link.split('/join/')[1], '127.0.0.10');
		expect(signedIn.session.userId).toBe(first.id);
		expect(await refusal(signInWithJoinCode(app.ctx, earlier.code, '127.0.0.11'))).not.toBe('generated');
		const audit = await app.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'join_code.issue').execute();
		expect(audit).toContainEqual({ action: 'join_code.issue', entity_id: first.id });
	});

	// Every letter is laid out on a worker: a budget for a loaded 2-core machine, not a speed claim.
	test('all letters in one zip: one PDF per invited body with a slot, each with its own link', { timeout: 120_000 }, async () => {
		const presenters = await scheduledPresenters();
		const file = await invitationLetters(ctx, admin, { evaluationId, origin: ORIGIN });
		expect(file.name).toBe('undangan-monev-kip-2023-presentasi.zip');
		const zip = await JSZip.loadAsync(file.bytes);
		const names = Object.keys(zip.files);
		expect(names).toHaveLength(presenters.length);
		const links = new Set<string>();
		for (const [i, name] of names.entries()) {
			const { lines } = await readPdf(await zip.files[name].async('uint8array'));
			expect(lines).toContain(`Pimpinan ${presenters[i].body}`);
			links.add(linkIn(lines)!);
		}
		expect(links.size).toBe(presenters.length);
	});

	test('refused to anyone but the secretariat, for a presenter without a letter, and when no invited body has a slot', async () => {
		for (const user of others) {
			expect(await refusal(invitationLetters(ctx, user, { evaluationId, origin: ORIGIN }))).toBe('forbidden');
		}
		const juror = await app.db.selectFrom('users').select('id').where('role', '=', 'juror').executeTakeFirstOrThrow();
		expect(await refusal(invitationLetters(ctx, admin, { evaluationId, userId: juror.id, origin: ORIGIN }))).toBe('not_found');
		expect(await refusal(invitationLetters(ctx, admin, { evaluationId, origin: 'not a url' }))).toBe('invalid_input');
		// Through the endpoint: the refusal's status, with its reason for the error page to word.
		const form = new FormData();
		form.set('userId', juror.id);
		const answered = await Promise.resolve(
			invitationsEndpoint({
				locals: { user: admin, session: null, ctx },
				params: { evaluationId },
				request: new Request(`${ORIGIN}/admin/e/${evaluationId}/people/invitations`, { method: 'POST', body: form }),
				url: new URL(`${ORIGIN}/admin/e/${evaluationId}/people/invitations`)
			} as never)
		).then(
			(res) => ({ status: res.status, reason: undefined }),
			(e: { status?: number; body?: { reason?: string } }) => ({ status: e.status, reason: e.body?.reason })
		);
		expect(answered).toEqual({ status: 404, reason: 'not_found' });
		expect(await refusal(invitationLetters(ctx, admin, { evaluationId: 'no-such-evaluation', origin: ORIGIN }))).toBe('not_found');

		const issuedBefore = await app.db
			.selectFrom('join_codes')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		await app.db.updateTable('bodies').set({ invited: 0 }).where('evaluation_id', '=', evaluationId).execute();
		expect(await refusal(invitationLetters(ctx, admin, { evaluationId, origin: ORIGIN }))).toBe('invalid_state');
		const issuedAfter = await app.db
			.selectFrom('join_codes')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(issuedAfter.n)).toBe(Number(issuedBefore.n));
	});
});
