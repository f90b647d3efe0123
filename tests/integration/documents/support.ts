/**
 * A scored and published evaluation for the document tests: the demo, with a second category
 * ("Kementerian", after the provinces), two provinces tied at the top by their SAQ scores, Aceh
 * presented and certified with known sheets (totals 90, 80, 70: presentation score 80,00), and
 * version 1 published. The documents' clock is fixed at 2 December 2026, 09.30 WIB.
 */
import type { SessionUser } from '$lib/server/auth/session';
import { ServiceError } from '$lib/server/services/errors';
import type { ServiceContext } from '$lib/server/services/context';
import { publishResults } from '$lib/server/services/results/publish';
import { submitScores } from '$lib/server/services/scoring';
import { flatSheet, newSubmissionId, type Fixture, type TestApp } from '../harness';

/** 2 December 2026, 09.30 WIB (02.30 UTC). */
export const GENERATED_AT = Date.UTC(2026, 11, 2, 2, 30);

export interface PublishedScenario {
	ctx: ServiceContext;
	admin: SessionUser;
	fx: Fixture;
	/** Two provinces sharing rank 1 at 99,10 (neither presented), by name. */
	tied: [string, string];
	/** The two bodies moved into "Kementerian". */
	ministries: [string, string];
	aceh: string;
}

export async function publishedScenario(app: TestApp): Promise<PublishedScenario> {
	const fx = await app.fixture();
	const admin = (await app.signInAdmin()).user;
	const ctx: ServiceContext = { ...app.ctx, clock: () => GENERATED_AT };
	const db = app.db;
	const scheduled = new Set((await db.selectFrom('slots').select('body_id').execute()).map((s) => s.body_id));
	const spare = await db
		.selectFrom('bodies')
		.select(['id', 'name', 'category_id'])
		.where('evaluation_id', '=', fx.evaluationId)
		.orderBy('name')
		.execute();
	const notScheduled = spare.filter((b) => !scheduled.has(b.id));
	const ministryId = crypto.randomUUID();
	await db
		.insertInto('categories')
		.values({ id: ministryId, evaluation_id: fx.evaluationId, name: 'Kementerian', sort_order: 1, archived_at: null })
		.execute();
	const ministries: [string, string] = ['Kementerian Alpha', 'Kementerian Beta'];
	for (const [i, body] of notScheduled.slice(0, 2).entries())
		await db
			.updateTable('bodies')
			.set({ category_id: ministryId, name: ministries[i], prior_score: 70 + i * 15 })
			.where('id', '=', body.id)
			.execute();
	const scheduledSpare = spare.filter((b) => scheduled.has(b.id) && b.id !== fx.panelA.slots[0].bodyId);
	const tied = [scheduledSpare[0].name, scheduledSpare[1].name].sort((a, b) => a.localeCompare(b, 'id')) as [string, string];
	for (const body of scheduledSpare.slice(0, 2))
		await db.updateTable('bodies').set({ prior_score: 99.1 }).where('id', '=', body.id).execute();

	const slot = fx.panelA.slots[0];
	await app.drive(slot.id, 'start_presentation', 'start_qa', 'open_scoring');
	for (const [i, score] of [90, 80, 70].entries()) {
		const { user } = await app.signIn('juror', i);
		await submitScores(ctx, user, { slotId: slot.id, submissionId: newSubmissionId('doc'), scores: flatSheet(score) });
	}
	await app.drive(slot.id, 'close_scoring', 'certify');
	await publishResults(ctx, admin, {
		evaluationId: fx.evaluationId,
		reason: 'Hasil awal',
		decreeNumber: DECREE.number,
		decreeDate: DECREE.date
	});
	return { ctx, admin, fx, tied, ministries, aceh: slot.bodyName };
}

/** The decree version 1 is published with. */
export const DECREE = { number: '7/KEP/KIP/XII/2023', date: '2023-12-19', inWords: '19 Desember 2023' };

/** The code of a service's refusal ('not_found', 'invalid_input', 'forbidden'…), or 'generated' when it made the document. */
export const refusal = (promise: Promise<unknown>): Promise<string> =>
	promise.then(
		() => 'generated',
		(e: unknown) => (e instanceof ServiceError ? e.code : String(e))
	);

/** A chair, a juror and a presenter of the demo, signed in: everyone documents are refused to. */
export async function nonSecretariat(app: TestApp): Promise<SessionUser[]> {
	const users: SessionUser[] = [];
	for (const role of ['chair', 'juror', 'presenter'] as const) users.push((await app.signIn(role, 0)).user);
	return users;
}

/** The annex's columns, as the XLSX and CSV headers read. */
export const ANNEX_HEADER = ['Kategori', 'Peringkat', 'Badan publik', 'Nilai SAQ', 'Nilai presentasi', 'Nilai akhir', 'Kualifikasi'];
