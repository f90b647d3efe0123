/**
 * Shared by the results tests: a fresh demo database with the secretariat and the six jurors
 * signed in, slots scored and certified as the tablets and the chair would, bodies by short name,
 * and what a refused call must leave unchanged.
 */
import { expect } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { FieldRefusal, ServiceError } from '$lib/server/services/errors';
import { submitScores } from '$lib/server/services/scoring';
import { flatSheet, newSubmissionId, startTestApp, type Fixture, type TestApp } from '../harness';

export interface ResultsSession {
	app: TestApp;
	fx: Fixture;
	admin: SessionUser;
	/** Panel A's three jurors, then panel B's. */
	jurors: SessionUser[];
	/** A body's id by its short name (Aceh, Jateng, Banten…). */
	id(short: string): string;
	/** Scores a slot (one flat sheet per juror of its panel, in seat order) and certifies it. */
	present(slotId: string, totals: number[]): Promise<void>;
	/** Row counts and values a refused call must leave as they were. */
	tables(): Promise<unknown>;
	close(): Promise<void>;
}

export async function resultsSession(): Promise<ResultsSession> {
	const app = await startTestApp();
	const fx = await app.fixture();
	const admin = (await app.signInAdmin()).user;
	const jurors = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => (await app.signIn('juror', i)).user));
	const bodies = await app.db.selectFrom('bodies').select(['id', 'short_name']).where('evaluation_id', '=', fx.evaluationId).execute();
	const byShort = new Map(bodies.map((b) => [b.short_name, b.id]));
	return {
		app,
		fx,
		admin,
		jurors,
		id: (short) => byShort.get(short) ?? `no body called ${short}`,
		async present(slotId, totals) {
			const panel = fx.panelA.slots.some((s) => s.id === slotId) ? jurors.slice(0, 3) : jurors.slice(3);
			await app.drive(slotId, 'start_presentation', 'open_scoring');
			for (const [i, total] of totals.entries()) {
				await submitScores(app.ctx, panel[i], { slotId, submissionId: newSubmissionId('results'), scores: flatSheet(total) });
			}
			await app.drive(slotId, 'close_scoring', 'certify');
		},
		async tables() {
			const all = <T extends 'score_amendments' | 'result_versions' | 'audit_log'>(table: T) =>
				app.db.selectFrom(table).selectAll().execute();
			return {
				amendments: await all('score_amendments'),
				versions: await all('result_versions'),
				audit: (await all('audit_log')).length,
				evaluation: await app.db
					.selectFrom('evaluations')
					.select(['published_result_version', 'live_version', 'public_version'])
					.executeTakeFirstOrThrow(),
				bodies: await app.db.selectFrom('bodies').selectAll().orderBy('id').execute()
			};
		},
		close: () => app.close()
	};
}

/** The refusal's field → message code pairs. */
export function refusalOf(error: unknown): { path: string; message: string }[] {
	if (error instanceof FieldRefusal) return [{ path: error.field, message: error.reason }];
	if (error instanceof ServiceError) return error.issues ?? [{ path: '_form', message: error.code }];
	throw error;
}

/** The call is refused with this message next to this field, and nothing changes. */
export async function expectRefused(s: ResultsSession, work: () => Promise<unknown>, field: string, code: string): Promise<void> {
	const before = await s.tables();
	const error = await work().then(
		() => null,
		(e: unknown) => e
	);
	expect(error, `${field}: ${code}`).toBeInstanceOf(ServiceError);
	expect(refusalOf(error)).toContainEqual({ path: field, message: code });
	expect(await s.tables()).toEqual(before);
}
