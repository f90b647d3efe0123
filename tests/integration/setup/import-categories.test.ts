/**
 * Categories in a body import, through the bodies page's real form actions: a file that names a
 * category by its abbreviation or its full name lands in the existing category; a name the
 * evaluation does not have is refused until the secretariat maps it (to an existing category, or
 * explicitly created), and is then imported as mapped.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NEW_CATEGORY } from '$lib/domain/setup/body-import';
import type { SessionUser } from '$lib/server/auth/session';
import { createCategory } from '$lib/server/services/bodies';
import type { ImportCheck } from '$lib/server/services/body-import';
import { actions } from '../../../src/routes/admin/e/[evaluationId]/bodies/+page.server';
import { startTestApp, type TestApp } from '../harness';

let app: TestApp;
let admin: SessionUser;
let evaluationId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
	app = await startTestApp();
	admin = (await app.signInAdmin()).user;
	evaluationId = (await app.fixture()).evaluationId;
	for (const name of ['Lembaga Non Struktural (LNS)', 'Perguruan Tinggi Negeri (PTN)'])
		ids[name] = await createCategory(app.ctx, admin, evaluationId, { name });
});
afterAll(() => app.close());

// Indonesian Excel: semicolons, decimal commas.
const FILE = [
	'category;name;short_name;saq_score_demo',
	'LNS;Komisi Informasi Pusat;KIP;88,10',
	'Lembaga Non Struktural;Ombudsman Republik Indonesia;ORI;81.10',
	'perguruan tinggi negeri (ptn);Universitas Indonesia;UI;90',
	'Komisi Negara;Komisi Nasional Hak Asasi Manusia;Komnas HAM;64,10',
	'Badan Usaha Milik Daerah;Bank DKI;Bank DKI;70'
].join('\n');
const COLUMNS = { category: 'category', name: 'name', shortName: 'short_name', priorScore: 'saq_score_demo', key: '' };

/** Posts an import step with the file, as the import panel does. */
async function step(name: 'check' | 'import', fields: Record<string, string>) {
	const body = new FormData();
	body.append('file', new File([FILE], 'badan-publik.csv', { type: 'text/csv' }));
	for (const [key, value] of Object.entries(fields)) body.append(key, value);
	const request = new Request('http://localhost/form', { method: 'POST', body });
	return (actions[name] as (e: unknown) => Promise<unknown>)({ request, locals: { ctx: app.ctx, user: admin }, params: { evaluationId } });
}
const rows = async () => ({
	categories: await app.db
		.selectFrom('categories')
		.select(['id', 'name'])
		.where('evaluation_id', '=', evaluationId)
		.orderBy('sort_order')
		.execute(),
	bodies: await app.db
		.selectFrom('bodies')
		.select(['name', 'category_id', 'prior_score'])
		.where('evaluation_id', '=', evaluationId)
		.orderBy('name')
		.execute(),
	audit: (await app.state()).audit
});

test('a category named by its abbreviation or full name is the existing one; an unknown one waits for a mapping', async () => {
	const { result } = (await step('check', COLUMNS)) as { result: ImportCheck & { ok: true } };
	expect(result).toMatchObject({ ok: true, rowCount: 5, created: 3, newCategories: [] });
	expect(result.respeltCategories.map((r) => [r.name, r.category.name])).toEqual([
		['LNS', 'Lembaga Non Struktural (LNS)'],
		['Lembaga Non Struktural', 'Lembaga Non Struktural (LNS)'],
		['perguruan tinggi negeri (ptn)', 'Perguruan Tinggi Negeri (PTN)']
	]);
	expect(result.unmatchedCategories).toEqual([
		{ key: 'komisi negara', name: 'Komisi Negara', rows: 1, candidates: [] },
		{ key: 'badan usaha milik daerah', name: 'Badan Usaha Milik Daerah', rows: 1, candidates: [] }
	]);
	expect(result.categoryChoices.map((c) => c.name)).toEqual([
		'Pemerintah Provinsi',
		'Lembaga Non Struktural (LNS)',
		'Perguruan Tinggi Negeri (PTN)'
	]);
});

test('the import is refused while a category is unmapped, and nothing changes', async () => {
	const before = await rows();
	for (const categories of ['', JSON.stringify({ 'komisi negara': NEW_CATEGORY }), '{not json']) {
		const refused = (await step('import', { ...COLUMNS, categories })) as { status: number; data: Record<string, unknown> };
		expect(refused.status).toBe(400);
		expect(refused.data).toMatchObject({ scope: 'import', code: 'invalid_input', mappingErrors: { categories: expect.any(String) } });
	}
	expect(await rows()).toEqual(before);
});

test('mapped, it is imported as mapped: one to an existing category, one created', async () => {
	const categories = JSON.stringify({
		'komisi negara': ids['Lembaga Non Struktural (LNS)'],
		'badan usaha milik daerah': NEW_CATEGORY
	});
	const { result: check } = (await step('check', { ...COLUMNS, categories })) as { result: ImportCheck & { ok: true } };
	expect(check).toMatchObject({ created: 5, unmatchedCategories: [], newCategories: ['Badan Usaha Milik Daerah'] });
	const { result } = (await step('import', { ...COLUMNS, categories, fingerprint: check.fingerprint })) as { result: unknown };
	expect(result).toMatchObject({ created: 5, categoriesCreated: 1 });
	const after = await rows();
	const bumd = after.categories.find((c) => c.name === 'Badan Usaha Milik Daerah')!;
	const categoryOf = (name: string) => after.bodies.find((b) => b.name === name)?.category_id;
	expect(categoryOf('Komisi Informasi Pusat')).toBe(ids['Lembaga Non Struktural (LNS)']);
	expect(categoryOf('Ombudsman Republik Indonesia')).toBe(ids['Lembaga Non Struktural (LNS)']);
	expect(categoryOf('Komisi Nasional Hak Asasi Manusia')).toBe(ids['Lembaga Non Struktural (LNS)']);
	expect(categoryOf('Universitas Indonesia')).toBe(ids['Perguruan Tinggi Negeri (PTN)']);
	expect(categoryOf('Bank DKI')).toBe(bumd.id);
	const scoreOf = (name: string) => after.bodies.find((b) => b.name === name)?.prior_score;
	expect([
		scoreOf('Komisi Informasi Pusat'),
		scoreOf('Ombudsman Republik Indonesia'),
		scoreOf('Komisi Nasional Hak Asasi Manusia')
	]).toEqual([88.1, 81.1, 64.1]);
	expect(after.categories).toHaveLength(4);
	const audit = await app.db.selectFrom('audit_log').select('after').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
	expect(JSON.parse(audit.after!)).toMatchObject({
		newCategories: ['Badan Usaha Milik Daerah'],
		categoryMapping: { 'komisi negara': ids['Lembaga Non Struktural (LNS)'], 'badan usaha milik daerah': NEW_CATEGORY },
		respeltCategories: [{ name: 'LNS', category: 'Lembaga Non Struktural (LNS)' }, expect.anything(), expect.anything()]
	});
});
