/**
 * People of an evaluation, their join codes and the printable sheet, against the real services,
 * database and socket.io server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import {
	PeopleRefusal,
	archivePerson,
	createPerson,
	issueJoinCodes,
	joinSheet,
	listPeople,
	reissueJoinCode,
	restorePerson,
	revokePersonJoinCode,
	personInput,
	updatePerson
} from '$lib/server/services/people';
import { signInWithJoinCode } from '$lib/server/services/sign-in';
import { disconnection, startTestApp, type Fixture, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let fixture: Fixture;
let evaluationId: string;
let address = 0;
/** Each sign-in from its own address, so the join throttle never gets in the way. */
const nextAddress = () => `198.51.100.${++address}`;

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	fixture = await app.fixture();
	evaluationId = fixture.evaluationId;
});
afterAll(() => app.close());

/** The ServiceError a call fails with (code and, for refusals, the reason), or 'ok'. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'ok';
	} catch (error) {
		if (error instanceof PeopleRefusal) return `${error.code}:${error.reason}`;
		if (error instanceof ServiceError) return error.code;
		throw error;
	}
}

const person = async (id: string) => (await listPeople(app.db, evaluationId)).find((p) => p.id === id)!;
const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
const counts = async () => ({
	users: (await app.db.selectFrom('users').select('id').execute()).length,
	codes: (await app.db.selectFrom('join_codes').select('code_hash').execute()).length,
	audit: (await app.db.selectFrom('audit_log').select('seq').execute()).length
});
const bodyNamed = async (name: string) =>
	await app.db.selectFrom('bodies').select(['id', 'invited']).where('name', '=', name).executeTakeFirstOrThrow();
const joins = async (code: string) => outcome(() => signInWithJoinCode(app.ctx, code, nextAddress()));

describe('people: create, edit, list', () => {
	test('a form parsed by the page and checked again by the service keeps empty optional fields empty', async () => {
		// The page's action parses the form with personInput, and the service parses that result again.
		const parsedByPage = personInput.parse({ role: 'juror', name: 'Rahmat', affiliation: '', expertise: '' });
		const id = await createPerson(app.ctx, admin, evaluationId, parsedByPage);
		expect(await person(id)).toMatchObject({ name: 'Rahmat', affiliation: null, expertise: null });
	});

	test('a juror, a chair and a presenter are created with their own fields, and each creation is audited', async () => {
		const juror = await createPerson(app.ctx, admin, evaluationId, {
			role: 'juror',
			name: '  Nur Hidayah ',
			affiliation: 'Universitas Airlangga',
			expertise: 'Statistik'
		});
		expect(await lastAudit()).toMatchObject({ actor_id: admin.id, action: 'person.create', entity_id: juror });
		expect(JSON.parse((await lastAudit()).after!)).toMatchObject({
			role: 'juror',
			name: 'Nur Hidayah',
			affiliation: 'Universitas Airlangga'
		});

		const chair = await createPerson(app.ctx, admin, evaluationId, { role: 'chair', name: 'Dr. Wahyu', affiliation: '' });
		const aceh = await bodyNamed('Pemerintah Provinsi Aceh');
		const presenter = await createPerson(app.ctx, admin, evaluationId, {
			role: 'presenter',
			name: 'Muhammad Nasir',
			title: 'Sekretaris Daerah',
			bodyId: aceh.id
		});

		expect(await person(juror)).toMatchObject({
			role: 'juror',
			name: 'Nur Hidayah',
			affiliation: 'Universitas Airlangga',
			expertise: 'Statistik',
			panels: [],
			archived: false,
			code: { state: 'none' }
		});
		expect(await person(chair)).toMatchObject({ role: 'chair', affiliation: null, code: { state: 'none' } });
		// A body may have more than one presenter; the body's panel is shown for each.
		expect(await person(presenter)).toMatchObject({
			role: 'presenter',
			title: 'Sekretaris Daerah',
			bodyName: 'Pemerintah Provinsi Aceh',
			bodyInvited: true,
			panels: [{ name: 'Panel A', room: 'Ruang Merapi' }]
		});
	});

	test('seated jurors and chairs show their panel, and the seeded codes are active', async () => {
		const people = await listPeople(app.db, evaluationId);
		const chairA = people.find((p) => p.id === fixture.panelA.chairId)!;
		const jurorB = people.find((p) => p.id === fixture.panelB.jurorIds[0])!;
		expect(chairA).toMatchObject({ role: 'chair', panels: [{ name: 'Panel A' }], code: { state: 'active' } });
		expect(jurorB).toMatchObject({ role: 'juror', panels: [{ name: 'Panel B', room: 'Ruang Rinjani' }], code: { state: 'active' } });
		expect(people.some((p) => (p.role as string) === 'admin')).toBe(false);
	});

	test('bad input changes nothing', async () => {
		const before = await counts();
		expect(await outcome(() => createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: '   ' }))).toBe('invalid_input');
		expect(await outcome(() => createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'x'.repeat(121) }))).toBe('invalid_input');
		expect(await outcome(() => createPerson(app.ctx, admin, evaluationId, { role: 'presenter', name: 'A', title: '' }))).toBe(
			'invalid_input'
		);
		expect(await outcome(() => createPerson(app.ctx, admin, evaluationId, { role: 'admin', name: 'Root' }))).toBe('invalid_input');
		expect(
			await outcome(() =>
				createPerson(app.ctx, admin, evaluationId, { role: 'presenter', name: 'A', title: 'Sekda', bodyId: 'no-such-body' })
			)
		).toBe('invalid_input:body_unknown');
		expect(await counts()).toEqual(before);
	});

	test('only the secretariat manages people', async () => {
		const juror = await app.signIn('juror', 1);
		const before = await counts();
		expect(await outcome(() => createPerson(app.ctx, juror.user, evaluationId, { role: 'juror', name: 'Intruder' }))).toBe('forbidden');
		expect(await outcome(() => archivePerson(app.ctx, juror.user, evaluationId, fixture.panelA.chairId))).toBe('forbidden');
		expect(
			await outcome(() => issueJoinCodes(app.ctx, juror.user, evaluationId, { group: 'everyone', onlyWithoutActiveCode: false }))
		).toBe('forbidden');
		expect(await counts()).toEqual(before);
	});

	test('an edit keeps the role and records before and after', async () => {
		const id = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Budi', affiliation: 'ICW' });
		await updatePerson(app.ctx, admin, evaluationId, id, {
			role: 'juror',
			name: 'Budi Santoso',
			affiliation: 'Indonesia Corruption Watch',
			expertise: 'Anggaran'
		});
		expect(await person(id)).toMatchObject({ name: 'Budi Santoso', affiliation: 'Indonesia Corruption Watch', expertise: 'Anggaran' });
		const audit = await lastAudit();
		expect(audit.action).toBe('person.update');
		expect(JSON.parse(audit.before!)).toMatchObject({ name: 'Budi', affiliation: 'ICW', expertise: null });
		expect(JSON.parse(audit.after!)).toMatchObject({ name: 'Budi Santoso', expertise: 'Anggaran' });

		const before = await counts();
		expect(await outcome(() => updatePerson(app.ctx, admin, evaluationId, id, { role: 'chair', name: 'Budi' }))).toBe(
			'invalid_input:wrong_role'
		);
		expect(await outcome(() => updatePerson(app.ctx, admin, evaluationId, id, { role: 'juror', name: '' }))).toBe('invalid_input');
		expect(await outcome(() => updatePerson(app.ctx, admin, 'other-evaluation', id, { role: 'juror', name: 'B' }))).toBe('not_found');
		expect(await counts()).toEqual(before);
		expect((await person(id)).name).toBe('Budi Santoso');
	});
});

describe('archiving', () => {
	test('an archived juror is signed out everywhere at once, their code revoked, and cannot join again', async () => {
		const id = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Tablet Two', affiliation: 'AJI' });
		const [first] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		const signed = await signInWithJoinCode(app.ctx, first.code, nextAddress());
		const [second] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		const tablet = await app.socket(signed.token);
		const gone = disconnection(tablet);

		const result = await archivePerson(app.ctx, admin, evaluationId, id);
		expect(result).toEqual({ sessionsEnded: 1, codesRevoked: 1 });
		expect(await gone).toBe('io server disconnect');
		expect((await validateSessionToken(app.db, signed.token)).session).toBeNull();
		expect(await app.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).toEqual([]);
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'person.archive', entity_id: id, actor_id: admin.id });
		expect(JSON.parse(audit.after!)).toMatchObject({ sessionsEnded: 1, codesRevoked: 1 });
		expect(await joins(second.code)).toBe('unauthenticated');
		expect(await person(id)).toMatchObject({ archived: true, code: { state: 'revoked' } });

		// No new code for an archived person, from this page or from the dashboard.
		expect(await outcome(() => issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] }))).toBe('invalid_state:archived');
		expect(await outcome(() => reissueJoinCode(app.ctx, admin, id))).toBe('invalid_state:archived');
		const everyone = await issueJoinCodes(app.ctx, admin, evaluationId, { group: 'jurors', onlyWithoutActiveCode: true });
		expect(everyone.map((c) => c.userId)).not.toContain(id);
		expect(await outcome(() => archivePerson(app.ctx, admin, evaluationId, id))).toBe('invalid_state:archived');

		// Restored, they join again with a fresh code.
		await restorePerson(app.ctx, admin, evaluationId, id);
		const [fresh] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		expect(await joins(fresh.code)).toBe('ok');
	});
});

describe('join codes', () => {
	test('issue, one-time use, re-issue and revoke move the code through its states', async () => {
		const id = await createPerson(app.ctx, admin, evaluationId, { role: 'chair', name: 'Ketua Cadangan' });
		expect((await person(id)).code.state).toBe('none');

		const [first] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		expect(first.code).toMatch(/^[a-z2-9]{12}$/);
		expect(await person(id)).toMatchObject({ code: { state: 'active', expiresAt: first.expiresAt } });

		const [second] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		expect(await joins(first.code)).toBe('unauthenticated');
		expect(await joins(second.code)).toBe('ok');
		expect(await joins(second.code)).toBe('unauthenticated');
		expect((await person(id)).code.state).toBe('used');

		const [third] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		expect(await revokePersonJoinCode(app.ctx, admin, evaluationId, id)).toBe(1);
		expect((await person(id)).code.state).toBe('revoked');
		expect(await lastAudit()).toMatchObject({ action: 'join_code.revoke', entity_id: id });
		expect(await joins(third.code)).toBe('unauthenticated');

		const [fourth] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		await app.db
			.updateTable('join_codes')
			.set({ expires_at: Date.now() - 1 })
			.where('user_id', '=', id)
			.where('used_at', 'is', null)
			.where('revoked_at', 'is', null)
			.execute();
		expect((await person(id)).code.state).toBe('expired');
		expect(await joins(fourth.code)).toBe('unauthenticated');
	});

	test('codes are never stored or audited in plain text', async () => {
		const id = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Rahasia' });
		const [issued] = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id] });
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'join_code.issue', entity_id: id });
		expect(JSON.parse(audit.before!)).toEqual([{ userId: id, code: 'none' }]);
		const everything = JSON.stringify([
			await app.db.selectFrom('join_codes').selectAll().execute(),
			await app.db.selectFrom('audit_log').selectAll().execute()
		]);
		expect(everything).not.toContain(issued.code);
	});

	test('"everyone without an active code" skips people whose code still works', async () => {
		const fresh = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Baru Sekali' });
		const revokedChair = fixture.panelB.chairId;
		await revokePersonJoinCode(app.ctx, admin, evaluationId, revokedChair);
		const issued = await issueJoinCodes(app.ctx, admin, evaluationId, { group: 'everyone', onlyWithoutActiveCode: true });
		const ids = issued.map((c) => c.userId);
		expect(ids).toContain(fresh);
		expect(ids).toContain(revokedChair);
		// Panel A's jurors still hold their seeded codes.
		for (const id of fixture.panelA.jurorIds.slice(2)) expect(ids).not.toContain(id);
		// Chairs first, then jurors, then presenters: the order of the printed sheet.
		const roles = issued.map((c) => c.role);
		expect(roles).toEqual(
			[...roles].sort((a, b) => ['chair', 'juror', 'presenter'].indexOf(a) - ['chair', 'juror', 'presenter'].indexOf(b))
		);
		expect(await issueJoinCodes(app.ctx, admin, evaluationId, { group: 'everyone', onlyWithoutActiveCode: true })).toEqual([]);
	});

	test('a selection: every presenter of an invited body gets a new code, none of a body that was not invited', async () => {
		const notInvited = await app.db.selectFrom('bodies').select(['id', 'name']).where('invited', '=', 0).executeTakeFirstOrThrow();
		const outsider = await createPerson(app.ctx, admin, evaluationId, {
			role: 'presenter',
			name: 'Sekda',
			title: 'Sekretaris Daerah',
			bodyId: notInvited.id
		});
		const presenters = (await listPeople(app.db, evaluationId)).filter((p) => p.role === 'presenter' && p.bodyInvited && !p.archived);
		const issued = await issueJoinCodes(app.ctx, admin, evaluationId, { group: 'invited_presenters', onlyWithoutActiveCode: false });
		expect(issued.map((c) => c.userId).sort()).toEqual(presenters.map((p) => p.id).sort());
		expect(issued.map((c) => c.userId)).not.toContain(outsider);
		expect(issued.every((c) => c.role === 'presenter' && c.bodyName)).toBe(true);
		// Re-issued: the demo's printed codes no longer work.
		const demoPresenter = app.demo.joinCodes.find((p) => p.role === 'presenter')!;
		expect(await joins(demoPresenter.code)).toBe('unauthenticated');

		const jurors = await issueJoinCodes(app.ctx, admin, evaluationId, { group: 'jurors', onlyWithoutActiveCode: false });
		expect(jurors.length).toBeGreaterThanOrEqual(6);
		expect(jurors.every((c) => c.role === 'juror')).toBe(true);
	});

	test('the dashboard re-issue still works and refuses the secretariat itself', async () => {
		const { code } = await reissueJoinCode(app.ctx, admin, fixture.panelA.jurorIds[0]);
		expect(await joins(code)).toBe('ok');
		expect(await outcome(() => reissueJoinCode(app.ctx, admin, fixture.adminId))).toBe('invalid_input:admin_uses_password');
	});
});

describe('the printable sheet', () => {
	test('each card carries the join link in text and as an inline SVG QR code', async () => {
		const id = await createPerson(app.ctx, admin, evaluationId, { role: 'juror', name: 'Cetak Kartu' });
		const issued = await issueJoinCodes(app.ctx, admin, evaluationId, { userIds: [id, fixture.panelA.chairId] });
		const cards = await joinSheet(issued, 'https://juri.example.org');
		expect(cards).toHaveLength(2);
		expect(cards.map((c) => c.role)).toEqual(['chair', 'juror']);
		for (const card of cards) {
			expect(card.link).toBe(`https://juri.example.org/join/${card.code}`);
			expect(card.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
			expect(card.qrSvg).toContain('<path');
			// Self-contained: nothing to fetch when printing offline.
			expect(card.qrSvg).not.toMatch(/href|url\(|<image/);
		}
		expect(cards[0]).toMatchObject({ name: expect.any(String), panels: [{ name: 'Panel A', room: 'Ruang Merapi' }] });
		// Different links make different codes.
		expect(cards[0].qrSvg).not.toBe(cards[1].qrSvg);
		// The link on the card signs the person in.
		expect(await joins(cards[1].code)).toBe('ok');
	});
});
