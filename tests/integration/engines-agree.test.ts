/**
 * SQLite and PostgreSQL publish the same results, byte for byte. The same event (the demo seed,
 * copied row for row so both hold the same ids; slots scored and certified; a first publication;
 * a visit that corrects a prior score; a second publication) runs through the real services on each
 * engine, and the stored result versions (hash and JSON) are compared. Needs a PostgreSQL server
 * (JURI_TEST_POSTGRES, which `npm test` and CI set): skipped with a message without one, except
 * under CI=true, where that is a failure.
 */
import { afterAll, expect, test } from 'vitest';
import { verifyAuditChain } from '$lib/server/audit';
import { createSession, generateSessionToken, validateSessionToken, type SessionUser } from '$lib/server/auth/session';
import { migrateToLatest, openDatabase, type DB } from '$lib/server/db';
import type { Database } from '$lib/server/db/schema';
import { silentPublisher, type ServiceContext } from '$lib/server/services/context';
import { seedDemoIfEmpty } from '$lib/server/services/demo-seed';
import { applySlotCommand } from '$lib/server/services/live-control';
import { publishResults } from '$lib/server/services/results/publish';
import { submitScores } from '$lib/server/services/scoring';
import { createVisitTeam, generateShortlist, planVisits, recordVisitOutcome, saveVisitationRule } from '$lib/server/services/visitation';
import type { SlotCommandInput } from '$lib/shared/contracts';
import { comparisonPostgresServer, freshTestDatabase, type TestDatabase } from '../support/test-database';

const server = comparisonPostgresServer();
const required = process.env.CI === 'true';
if (!server && !required) {
	console.warn('[engines-agree] no PostgreSQL configured (JURI_TEST_POSTGRES): the comparison of the engines is skipped');
}

/** Every table, parents before children, so that copied rows meet their foreign keys. */
const TABLES: (keyof Database)[] = [
	'evaluations',
	'users',
	'sessions',
	'join_codes',
	'categories',
	'bodies',
	'criteria',
	'panels',
	'panel_jurors',
	'slots',
	'score_submissions',
	'recusals',
	'conflicts',
	'schedule_windows',
	'result_versions',
	'visitation_plans',
	'shortlist_entries',
	'visit_teams',
	'visits',
	'score_amendments',
	'audit_log',
	'login_throttle'
];

/** Copies every row of `from` into the empty, migrated `to`, as read (ids, times and the audit chain included). */
async function copyRows(from: DB, to: DB): Promise<void> {
	for (const table of TABLES) {
		const rows = await from.selectFrom(table).selectAll().execute();
		for (let i = 0; i < rows.length; i += 200) {
			// Rows of one table, read and written as they are: the union of every table's row type is not
			// something Kysely can check against one table, hence the cast.
			await to
				.insertInto(table)
				.values(rows.slice(i, i + 200) as never)
				.execute();
		}
	}
}

async function userOf(db: DB, userId: string): Promise<SessionUser> {
	const token = generateSessionToken();
	await createSession(db, token, userId);
	return (await validateSessionToken(db, token)).user!;
}

/**
 * The scripted event, through the services: four slots scored by their panels and certified, the
 * results published, the shortlist's visits planned, one visit correcting a prior score, and the
 * corrected results published. Returns the stored result versions.
 */
async function runEvent(db: DB) {
	const ctx: ServiceContext = { db, publisher: silentPublisher };
	const evaluation = await db.selectFrom('evaluations').select('id').orderBy('created_at').orderBy('id').executeTakeFirstOrThrow();
	const evaluationId = evaluation.id;
	const admin = await userOf(
		db,
		(await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').orderBy('id').executeTakeFirstOrThrow()).id
	);
	const drive = async (slotId: string, ...commands: SlotCommandInput['command'][]) => {
		for (const command of commands) await applySlotCommand(ctx, admin, { slotId, command });
	};
	const panels = await db.selectFrom('panels').select('id').where('evaluation_id', '=', evaluationId).orderBy('name').execute();
	for (const [p, panel] of panels.entries()) {
		const seats = await db.selectFrom('panel_jurors').select('juror_id').where('panel_id', '=', panel.id).orderBy('seat').execute();
		const jurors = await Promise.all(seats.map((s) => userOf(db, s.juror_id)));
		const slots = await db.selectFrom('slots').select('id').where('panel_id', '=', panel.id).orderBy('position').limit(2).execute();
		for (const [s, slot] of slots.entries()) {
			await drive(slot.id, 'start_presentation', 'open_scoring');
			for (const [j, juror] of jurors.entries()) {
				// Uneven numbers, so trimmed means, rounding and ranks all have work to do.
				const scores = Object.fromEntries(
					['K1', 'K2', 'K3', 'K4', 'K5', 'K6'].map((k, c) => [k, 55 + ((p * 17 + s * 11 + j * 7 + c * 5) % 45)])
				);
				await submitScores(ctx, juror, { slotId: slot.id, submissionId: `agree-${p}-${s}-${j}`, scores });
			}
			await drive(slot.id, 'close_scoring', 'certify');
		}
	}
	await publishResults(ctx, admin, {
		evaluationId,
		reason: 'SK 1: hasil presentasi',
		decreeNumber: '1/KEP/KIP/XII/2023',
		decreeDate: '2023-12-19'
	});
	await saveVisitationRule(ctx, admin, {
		evaluationId,
		topNational: 3,
		firstDay: '2023-12-04',
		lastDay: '2023-12-08',
		dailyCapacity: 2
	});
	await generateShortlist(ctx, admin, { evaluationId });
	await createVisitTeam(ctx, admin, { evaluationId, name: 'Tim 1', members: 'Komisioner A' });
	await planVisits(ctx, admin, { evaluationId });
	const visit = await db
		.selectFrom('visits')
		.select('id')
		.where('evaluation_id', '=', evaluationId)
		.orderBy('body_id')
		.executeTakeFirstOrThrow();
	await recordVisitOutcome(ctx, admin, {
		visitId: visit.id,
		outcome: 'corrected',
		correctedScore: '71.45',
		reason: 'Klarifikasi visitasi'
	});
	await publishResults(ctx, admin, {
		evaluationId,
		reason: 'SK 2: koreksi visitasi',
		decreeNumber: '2/KEP/KIP/XII/2023',
		decreeDate: '2023-12-28'
	});
	expect(await verifyAuditChain(db)).toEqual([]);
	return db.selectFrom('result_versions').select(['version', 'hash', 'result_set']).orderBy('version').execute();
}

const opened: { db: DB; database: TestDatabase }[] = [];
afterAll(async () => {
	for (const { db, database } of opened) {
		await db.destroy();
		await database.drop();
	}
});

async function open(server: string | null) {
	const database = await freshTestDatabase(server);
	const db = openDatabase(database.url);
	opened.push({ db, database });
	await migrateToLatest(db);
	return db;
}

test.skipIf(!server && !required)('the same event publishes byte-identical result versions on SQLite and PostgreSQL', async () => {
	if (!server) throw new Error('CI=true requires PostgreSQL for this test: set JURI_TEST_POSTGRES (see .ci/run)');
	const sqlite = await open(null);
	await seedDemoIfEmpty(sqlite, { adminPassword: 'correct horse battery staple' });
	const postgres = await open(server);
	await copyRows(sqlite, postgres);

	const onSqlite = await runEvent(sqlite);
	const onPostgres = await runEvent(postgres);

	expect(onSqlite.map((v) => v.version)).toEqual([1, 2]);
	expect(onSqlite[0].hash).not.toBe(onSqlite[1].hash);
	expect(onPostgres).toEqual(onSqlite);
	for (const [i, version] of onSqlite.entries()) {
		expect(Buffer.from(onPostgres[i].result_set).equals(Buffer.from(version.result_set))).toBe(true);
		expect(JSON.parse(version.result_set).hash).toBe(version.hash);
	}
});
