import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import {
	createBody,
	createCategory,
	listBodies,
	moveCategory,
	refreshInvited,
	renameCategory,
	schedulableBodies,
	setBodyArchived,
	setCategoryArchived,
	updateBody
} from '$lib/server/services/bodies';
import { ServiceError } from '$lib/server/services/errors';
import { startTestApp, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let evaluationId: string;

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	evaluationId = (await app.fixture()).evaluationId;
});
afterAll(() => app.close());

const auditCount = async () =>
	Number(
		(
			await app.db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
const lastAudit = () => app.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
const body = (id: string) => app.db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Expects a refusal with a field code (as the page shows it next to the field) and no change at all. */
async function expectRefused(work: () => Promise<unknown>, field: string, code: string) {
	const before = await auditCount();
	const error = await work().then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ServiceError);
	expect((error as ServiceError).issues).toContainEqual({ path: field, message: code });
	expect(await auditCount()).toBe(before);
}

describe('categories', () => {
	test('created at the end of the order, audited with who and what', async () => {
		const id = await createCategory(app.ctx, admin, evaluationId, { name: '  Perguruan Tinggi Negeri ' });
		const { categories } = await listBodies(app.db, evaluationId);
		expect(categories.at(-1)).toMatchObject({ id, name: 'Perguruan Tinggi Negeri', archived: false });
		const audit = await lastAudit();
		expect(audit).toMatchObject({
			actor_id: admin.id,
			action: 'category.create',
			entity: 'category',
			entity_id: id,
			evaluation_id: evaluationId
		});
		expect(JSON.parse(audit.after!)).toMatchObject({ name: 'Perguruan Tinggi Negeri' });
	});

	test('a name already used (ignoring case and blanks) or an empty one is refused and changes nothing', async () => {
		await expectRefused(() => createCategory(app.ctx, admin, evaluationId, { name: 'pemerintah  PROVINSI' }), 'name', 'duplicate');
		await expectRefused(() => createCategory(app.ctx, admin, evaluationId, { name: '   ' }), 'name', 'required');
		await expectRefused(() => createCategory(app.ctx, admin, evaluationId, { name: 'x'.repeat(201) }), 'name', 'too_long');
	});

	test('renamed with before and after in the audit; a clash with another category is refused', async () => {
		const id = await createCategory(app.ctx, admin, evaluationId, { name: 'Kementrian' });
		await renameCategory(app.ctx, admin, id, { name: 'Kementerian' });
		const audit = await lastAudit();
		expect([audit.action, JSON.parse(audit.before!), JSON.parse(audit.after!)]).toEqual([
			'category.rename',
			{ name: 'Kementrian' },
			{ name: 'Kementerian' }
		]);
		await expectRefused(() => renameCategory(app.ctx, admin, id, { name: 'Pemerintah Provinsi' }), 'name', 'duplicate');
		// Renaming to itself in another case is not a clash with itself.
		await renameCategory(app.ctx, admin, id, { name: 'KEMENTERIAN' });
	});

	test('reordered one place at a time; moving past the end changes nothing', async () => {
		const a = await createCategory(app.ctx, admin, evaluationId, { name: 'Reorder A' });
		const b = await createCategory(app.ctx, admin, evaluationId, { name: 'Reorder B' });
		await moveCategory(app.ctx, admin, b, 'up');
		let names = (await listBodies(app.db, evaluationId)).categories.map((c) => c.name);
		expect(names.slice(-2)).toEqual(['Reorder B', 'Reorder A']);
		expect((await lastAudit()).action).toBe('category.move');
		const before = await auditCount();
		await moveCategory(app.ctx, admin, a, 'down');
		expect(await auditCount()).toBe(before);
		const first = (await listBodies(app.db, evaluationId)).categories[0].id;
		await moveCategory(app.ctx, admin, first, 'up');
		expect(await auditCount()).toBe(before);
		await moveCategory(app.ctx, admin, a, 'up');
		names = (await listBodies(app.db, evaluationId)).categories.map((c) => c.name);
		expect(names.indexOf('Reorder A')).toBeLessThan(names.indexOf('Reorder B'));
	});

	test('archiving hides its bodies from new schedules, keeps the bodies, and can be undone', async () => {
		const province = (await listBodies(app.db, evaluationId)).categories.find((c) => c.name === 'Pemerintah Provinsi')!;
		const before = (await schedulableBodies(app.db, evaluationId)).length;
		expect(before).toBe(26);
		await setCategoryArchived(app.ctx, admin, province.id, true);
		expect(await schedulableBodies(app.db, evaluationId)).toEqual([]);
		expect((await listBodies(app.db, evaluationId)).bodies.filter((b) => b.categoryId === province.id)).toHaveLength(34);
		expect((await lastAudit()).action).toBe('category.archive');
		await setCategoryArchived(app.ctx, admin, province.id, false);
		expect((await schedulableBodies(app.db, evaluationId)).length).toBe(before);
	});
});

describe('public bodies', () => {
	let categoryId: string;
	beforeAll(async () => {
		categoryId = await createCategory(app.ctx, admin, evaluationId, { name: 'Partai Politik' });
	});

	test('created with an invitation that follows the passing grade (60), keyed by the normalised name', async () => {
		const invited = await createBody(app.ctx, admin, evaluationId, { name: 'Partai  Contoh', shortName: '', categoryId, priorScore: '60' });
		const below = await createBody(app.ctx, admin, evaluationId, { name: 'Partai Lain', shortName: 'PL', categoryId, priorScore: '59,99' });
		expect(await body(invited)).toMatchObject({
			name: 'Partai Contoh',
			short_name: 'Partai Contoh',
			prior_score: 60,
			invited: 1,
			key: 'partai contoh'
		});
		expect(await body(below)).toMatchObject({ short_name: 'PL', prior_score: 59.99, invited: 0 });
		const audit = await lastAudit();
		expect(audit).toMatchObject({ action: 'body.create', entity_id: below, actor_id: admin.id });
		expect(JSON.parse(audit.after!)).toMatchObject({ name: 'Partai Lain', invited: 0 });
	});

	test('bad input is refused field by field and changes nothing', async () => {
		const base = { name: 'Partai Baru', shortName: '', categoryId, priorScore: '70' };
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, name: '' }), 'name', 'required');
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, priorScore: 'tinggi' }), 'priorScore', 'not_a_number');
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, priorScore: '101' }), 'priorScore', 'out_of_range');
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, priorScore: '' }), 'priorScore', 'required');
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, categoryId: 'nope' }), 'categoryId', 'unknown_category');
		await expectRefused(() => createBody(app.ctx, admin, evaluationId, { ...base, name: 'PARTAI contoh' }), 'name', 'duplicate');
		expect(await app.db.selectFrom('bodies').select('id').where('name', '=', 'Partai Baru').execute()).toEqual([]);
	});

	test('edited: name, short name, category and score change, the key stays, the invitation follows', async () => {
		const id = await createBody(app.ctx, admin, evaluationId, { name: 'Partai Edit', shortName: '', categoryId, priorScore: 50 });
		const other = await createCategory(app.ctx, admin, evaluationId, { name: 'Lembaga Non Struktural' });
		await updateBody(app.ctx, admin, id, { name: 'Partai Diedit', shortName: 'PD', categoryId: other, priorScore: '75.5' });
		expect(await body(id)).toMatchObject({
			name: 'Partai Diedit',
			short_name: 'PD',
			category_id: other,
			prior_score: 75.5,
			invited: 1,
			key: 'partai edit'
		});
		const audit = await lastAudit();
		expect(audit.action).toBe('body.update');
		expect(JSON.parse(audit.before!)).toMatchObject({ name: 'Partai Edit', prior_score: 50, invited: 0 });
		expect(JSON.parse(audit.after!)).toMatchObject({ name: 'Partai Diedit', prior_score: 75.5, invited: 1 });
		await expectRefused(
			() => updateBody(app.ctx, admin, id, { name: 'Partai Diedit', shortName: '', categoryId: other, priorScore: '-1' }),
			'priorScore',
			'out_of_range'
		);
		expect((await body(id)).prior_score).toBe(75.5);
	});

	test('archived bodies leave new schedules and come back when restored', async () => {
		const [first] = await schedulableBodies(app.db, evaluationId);
		await setBodyArchived(app.ctx, admin, first.id, true);
		expect((await body(first.id)).archived_at).not.toBeNull();
		expect((await schedulableBodies(app.db, evaluationId)).map((b) => b.id)).not.toContain(first.id);
		expect((await lastAudit()).action).toBe('body.archive');
		await setBodyArchived(app.ctx, admin, first.id, false);
		expect((await schedulableBodies(app.db, evaluationId)).map((b) => b.id)).toContain(first.id);
		expect((await lastAudit()).action).toBe('body.unarchive');
	});

	test('refreshInvited recomputes invitations after the passing grade changes, inside the caller’s transaction', async () => {
		const invitedAt = async () => (await listBodies(app.db, evaluationId)).bodies.filter((b) => b.invited).length;
		const before = await invitedAt();
		const changed = await app.db.transaction().execute(async (trx) => {
			await trx.updateTable('evaluations').set({ passing_grade: 90 }).where('id', '=', evaluationId).execute();
			return refreshInvited(trx, evaluationId);
		});
		const atNinety = (await listBodies(app.db, evaluationId)).bodies.filter((b) => b.invited);
		expect(atNinety.every((b) => b.priorScore >= 90)).toBe(true);
		expect(changed).toBe(before - atNinety.length);
		await app.db.transaction().execute(async (trx) => {
			await trx.updateTable('evaluations').set({ passing_grade: 60 }).where('id', '=', evaluationId).execute();
			await refreshInvited(trx, evaluationId);
		});
		expect(await invitedAt()).toBe(before);
	});
});

describe('only the secretariat changes bodies and categories', () => {
	test('a juror is refused by every service and nothing changes', async () => {
		const juror = (await app.signIn('juror')).user;
		const { categories, bodies } = await listBodies(app.db, evaluationId);
		const before = await auditCount();
		const attempts = [
			() => createCategory(app.ctx, juror, evaluationId, { name: 'Curang' }),
			() => renameCategory(app.ctx, juror, categories[0].id, { name: 'Curang' }),
			() => moveCategory(app.ctx, juror, categories[1].id, 'up'),
			() => setCategoryArchived(app.ctx, juror, categories[0].id, true),
			() => createBody(app.ctx, juror, evaluationId, { name: 'Curang', shortName: '', categoryId: categories[0].id, priorScore: 99 }),
			() => updateBody(app.ctx, juror, bodies[0].id, { name: 'Curang', shortName: '', categoryId: categories[0].id, priorScore: 99 }),
			() => setBodyArchived(app.ctx, juror, bodies[0].id, true)
		];
		for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'forbidden' });
		expect(await auditCount()).toBe(before);
		expect(await listBodies(app.db, evaluationId)).toMatchObject({ categories, bodies });
	});
});
