/**
 * Replay (issue 11, item 1): `npm run audit:replay` rebuilds the demo's results from its audit log
 * alone and recomputes each published version with the scoring core. After a scripted event (two
 * body imports, three presentations, three corrections, two published versions) both hashes are
 * reproduced; a sheet
 * changed in the database outside the app is named (body, juror, criterion), and so is the version
 * published from it; a log with an entry written before entries carried full after-state is
 * reported as not replayable from that row, never passed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SAMPLE_MAPPING } from '$lib/domain/setup/body-import';
import { appendAudit } from '$lib/server/audit';
import { replayAudit, replayAuditOf } from '$lib/server/audit-replay';
import { importBodies } from '$lib/server/services/body-import';
import { correctResults } from '$lib/server/services/results/corrections';
import { publishResults } from '$lib/server/services/results/publish';
import { runCli } from '../audit-support';
import { resultsSession, type ResultsSession } from './support';

const REPLAY = 'src/lib/server/audit-replay-cli.ts';

const publish = (s: ResultsSession, n: number) =>
	publishResults(s.app.ctx, s.admin, {
		evaluationId: s.fx.evaluationId,
		reason: `Keputusan ${n}`,
		decreeNumber: `${n}/KEP/KIP/XII/2023`,
		decreeDate: '2023-12-19'
	});

const banten = (score: string) => `Pemerintah Provinsi,Pemerintah Provinsi Banten,Banten,${score}`;
const NEW_BODY = 'Pemerintah Provinsi,Pemerintah Provinsi Banten Baru,Banten Baru,70';
const importFile = (s: ResultsSession, rows: string[], amendment: Record<string, unknown> = {}) =>
	importBodies(
		s.app.ctx,
		s.admin,
		s.fx.evaluationId,
		{ name: 'saq-rilis-2.csv', bytes: new TextEncoder().encode(['category,name,short_name,saq_score_demo', ...rows].join('\n')) },
		SAMPLE_MAPPING,
		undefined,
		amendment
	);

const correct = (s: ResultsSession, over: Record<string, unknown>) =>
	correctResults(s.app.ctx, s.admin, {
		evaluationId: s.fx.evaluationId,
		reason: 'Calculation error in the SAQ verification',
		decreeReference: 'SK 2/KEP/KIP/XII/2023',
		...over
	});

describe('the demo after a scripted event with corrections and two published versions', () => {
	let s: ResultsSession;
	let hashes: string[];

	beforeAll(async () => {
		s = await resultsSession();
		// Before scoring, an import updates a prior score and adds a body; after it, it corrects.
		expect(await importFile(s, [banten('84.00'), NEW_BODY])).toMatchObject({ created: 1, updated: 1 });
		await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
		await s.present(s.fx.panelB.slots[0].id, [70, 75, 72]);
		hashes = [(await publish(s, 1)).hash];
		await correct(s, { kind: 'prior_score', bodyId: s.id('Banten'), value: '95,80' });
		await correct(s, { kind: 'final_score', bodyId: s.fx.panelB.slots[0].bodyId, value: '91,25' });
		const reimport = { reason: 'SAQ verified, second release', decreeReference: 'Surat KI 12/2023' };
		expect(await importFile(s, [banten('96.10')], reimport)).toMatchObject({ amendments: 1 });
		await s.present(s.fx.panelA.slots[1].id, [60, 65, 70]);
		hashes.push((await publish(s, 2)).hash);
	});
	afterAll(() => s.close());

	test('replay reproduces both published hashes, and the tables give what the log gives', async () => {
		const report = await replayAuditOf(s.app.db, s.fx.evaluationId);
		expect(report.versions.map((v) => [v.version, v.status, v.recomputedHash])).toEqual([
			[1, 'reproduced', hashes[0]],
			[2, 'reproduced', hashes[1]]
		]);
		expect(report.versions.every((v) => v.storedHash === v.recomputedHash && v.differences.length === 0)).toBe(true);
		expect(report.tables).toEqual({ status: 'reproduced', differences: [] });
		expect(hashes[0]).not.toBe(hashes[1]);

		const run = await runCli(REPLAY, ['--db', s.app.database.url, '--evaluation', 'Monev KIP 2023 — Presentasi']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			new RegExp(`version 1 \\(row \\d+\\): reproduced: recomputed from the log to the published hash ${hashes[0].slice(0, 16)}`)
		);
		expect(run.stdout).toMatch(
			new RegExp(`version 2 \\(row \\d+\\): reproduced: recomputed from the log to the published hash ${hashes[1].slice(0, 16)}`)
		);
		expect(run.stdout).toContain('tables now: give the same result inputs as the log');
		expect(run.stdout).toContain('every published version is reproduced from the audit log');
		expect(run.stdout).toContain('MAC NOT checked: no audit key');
	});

	test('a published number edited in the stored version is named by body and field', async () => {
		const stored = await s.app.db
			.selectFrom('result_versions')
			.select('result_set')
			.where('evaluation_id', '=', s.fx.evaluationId)
			.where('version', '=', 1)
			.executeTakeFirstOrThrow();
		const resultSet = JSON.parse(stored.result_set);
		const [top] = resultSet.entries;
		const edited = { ...resultSet, entries: [{ ...top, finalScore: top.finalScore + 1 }, ...resultSet.entries.slice(1)] };
		const setStored = (text: string) =>
			s.app.db
				.updateTable('result_versions')
				.set({ result_set: text })
				.where('evaluation_id', '=', s.fx.evaluationId)
				.where('version', '=', 1)
				.execute();
		await setStored(JSON.stringify(edited));
		try {
			const [v1, v2] = (await replayAuditOf(s.app.db, s.fx.evaluationId)).versions;
			expect(v1).toMatchObject({ status: 'differs', recomputedHash: hashes[0], loggedHash: hashes[0], storedHash: hashes[0] });
			expect(v1.differences).toEqual([{ bodyId: top.bodyId, field: 'finalScore', log: top.finalScore, database: top.finalScore + 1 }]);
			expect(v2.status).toBe('reproduced');
		} finally {
			await setStored(stored.result_set);
		}
	});

	test('a sheet changed in the database is named by body, juror and criterion; a version published from it by body and field', async () => {
		const slot = s.fx.panelA.slots[0];
		const juror = s.jurors[0];
		const body = await s.app.db.selectFrom('bodies').select('name').where('id', '=', slot.bodyId).executeTakeFirstOrThrow();
		const jurorName = await s.app.db.selectFrom('users').select('name').where('id', '=', juror.id).executeTakeFirstOrThrow();
		// Outside the app: the score_submissions row is edited directly, its audit row left as it was.
		await sql`UPDATE score_submissions SET scores = ${JSON.stringify({ K1: 100, K2: 80, K3: 80, K4: 80, K5: 80, K6: 80 })}
			WHERE slot_id = ${slot.id} AND juror_id = ${juror.id}`.execute(s.app.db);

		const tampered = await replayAuditOf(s.app.db, s.fx.evaluationId);
		// What was published stays reproduced: it was computed before the edit.
		expect(tampered.versions.map((v) => v.status)).toEqual(['reproduced', 'reproduced']);
		expect(tampered.tables).toEqual({
			status: 'differs',
			differences: [{ bodyId: slot.bodyId, jurorId: juror.id, field: 'K1', log: 80, database: 100 }]
		});

		// Published from the edited sheet, version 3 is not what the log's sheets give.
		const v3 = await publish(s, 3);
		const after = await replayAuditOf(s.app.db, s.fx.evaluationId);
		const third = after.versions[2];
		expect(third).toMatchObject({ version: 3, status: 'differs', loggedHash: v3.hash, storedHash: v3.hash });
		expect(third.recomputedHash).not.toBe(v3.hash);
		expect(third.differences).toContainEqual(expect.objectContaining({ bodyId: slot.bodyId, field: 'presentation' }));
		expect(third.differences).toContainEqual(expect.objectContaining({ bodyId: slot.bodyId, field: 'finalScore' }));

		const run = await runCli(REPLAY, ['--db', s.app.database.url]);
		expect(run.code).toBe(1);
		expect(run.stdout).toContain(`${body.name}, juror ${jurorName.name}: K1: log 80, database 100`);
		expect(run.stdout).toMatch(/version 3 \(row \d+\): DIFFERS: recomputed [0-9a-f]{16}…, published [0-9a-f]{16}…/);
		expect(run.stdout).toMatch(new RegExp(`${body.name}: finalScore: recomputed [\\d.]+, published [\\d.]+`));
		expect(run.stdout).toContain('audit log: BROKEN');
	});

	test('an unknown evaluation or option is a wrong command (exit code 2), changing nothing', async () => {
		const run = await runCli(REPLAY, ['--db', s.app.database.url, '--evaluation', 'no such evaluation']);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('No evaluation has the id or name "no such evaluation"');
		const wrong = await runCli(REPLAY, ['--bogus']);
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain('usage: npm run audit:replay');
	});
});

describe('a log with an entry written before entries carried full after-state', () => {
	let s: ResultsSession;

	beforeAll(async () => {
		s = await resultsSession();
		await s.present(s.fx.panelA.slots[0].id, [80, 90, 85]);
		await publish(s, 1);
		// As a body import wrote its row before this change: a summary, not the bodies it created.
		await s.app.db.transaction().execute((trx) =>
			appendAudit(trx, {
				actorId: s.admin.id,
				evaluationId: s.fx.evaluationId,
				action: 'body.import',
				entity: 'evaluation',
				entityId: s.fx.evaluationId,
				after: { file: 'bodies.csv', created: 1, updated: 0, unchanged: 33, amendments: 0 }
			})
		);
		await s.present(s.fx.panelA.slots[1].id, [60, 65, 70]);
		await publish(s, 2);
	});
	afterAll(() => s.close());

	test('is reported as not replayable from that row: earlier versions are still checked, later ones are not passed', async () => {
		const importRow = await s.app.db.selectFrom('audit_log').select('seq').where('action', '=', 'body.import').executeTakeFirstOrThrow();
		const { evaluations } = await replayAudit(s.app.db, { key: null });
		const [report] = evaluations;
		expect(report.versions.map((v) => v.status)).toEqual(['reproduced', 'not_replayable']);
		const gap = { seq: importRow.seq, action: 'body.import', missing: 'the bodies it created or updated' };
		expect(report.versions[1].gap).toEqual(gap);
		expect(report.tables).toMatchObject({ status: 'not_replayable', gap });

		const run = await runCli(REPLAY, ['--db', s.app.database.url]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(
			new RegExp(
				`version 2 \\(row \\d+\\): NOT REPLAYABLE from here: row ${importRow.seq} \\('body.import'\\) lacks the bodies it created or updated`
			)
		);
		expect(run.stdout).toContain('NOT everything is reproduced');
	});
});
