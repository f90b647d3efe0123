/**
 * Item 8 of the hardening issue: tamper evidence the operator cannot quietly undo. The hash chain
 * alone passes a rewrite whose later hashes were recomputed, and a cut tail; the anchors stored with
 * publications and certifications, anchors given from outside (a document's stamp), and the MAC made
 * with a key outside the database each catch what the chain cannot. Score sheets are cross-checked
 * with their audit rows both ways. Real SQLite, real services, the CLI run as a process.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { formatAnchor, type AuditHead } from '$lib/domain/audit';
import { adoptAuditKey, auditHead, useAuditKey, verifyAuditChain } from '$lib/server/audit';
import type { AuditKey } from '$lib/server/audit-key';
import { auditReportLines, verifyAudit } from '$lib/server/audit-verify';
import { load as adminLoad } from '../../src/routes/admin/+page.server';
import { auditRows, cutTailAfter, dropAuditTrigger, KEY, rewriteChainFrom, runCli, runSession, type Session } from './audit-support';
import { startTestApp, type TestApp } from './harness';

const VERIFY = 'src/lib/server/audit-cli.ts';

let session: Session | null = null;
let plainApp: TestApp | null = null;
afterEach(async () => {
	await session?.app.close();
	await plainApp?.close();
	session = plainApp = null;
});

const rowOf = async (s: Session, action: string) => (await auditRows(s.app.db)).filter((r) => r.action === action).at(-1)!;
const lines = async (s: Session, anchors: AuditHead[] = [], key: AuditKey | null = KEY) =>
	auditReportLines('test', await verifyAudit(s.app.db, { key, anchors: anchors.map((a) => ({ ...a, source: '--anchor' })) }));

describe('anchors are stored with what they vouch for', () => {
	test("a publication and a certification store the head of their own audit row, and the dashboard shows the version's", async () => {
		session = await runSession();
		const { app, fx, published } = session;
		const publishRow = await rowOf(session, 'results.publish');
		const certifyRow = await rowOf(session, 'slot.certify');
		expect(published.auditHead).toEqual({ seq: publishRow.seq, hash: publishRow.hash });
		const version = await app.db.selectFrom('result_versions').selectAll().executeTakeFirstOrThrow();
		expect(version).toMatchObject({ audit_seq: publishRow.seq, audit_hash: publishRow.hash });
		const slot = await app.db.selectFrom('slots').selectAll().where('id', '=', fx.panelA.slots[0].id).executeTakeFirstOrThrow();
		expect(slot).toMatchObject({ certified_audit_seq: certifyRow.seq, certified_audit_hash: certifyRow.hash });
		// Slots not certified carry no anchor.
		const others = await app.db.selectFrom('slots').select('certified_audit_seq').where('id', '!=', slot.id).execute();
		expect(others.every((s) => s.certified_audit_seq === null)).toBe(true);

		const admin = (await app.signInAdmin()).user;
		const data = (await adminLoad({ locals: { ctx: app.ctx, user: admin } } as never)) as { publishedAnchor: AuditHead | null };
		expect(data.publishedAnchor).toEqual(published.auditHead);
	});

	test('an intact database verifies, by the function and by `npm run audit:verify` with exit code 0', async () => {
		session = await runSession();
		const report = await verifyAudit(session.app.db, { key: KEY });
		expect(report.findings).toEqual([]);
		expect(report).toMatchObject({ anchors: { stored: 2, given: 0 }, sheets: 3, mac: { checked: true, firstSigned: 1 } });

		const head = formatAnchor((await auditHead(session.app.db))!);
		const run = await runCli(VERIFY, ['--db', session.path, '--key-file', session.keyFile, '--anchor', head]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(`Audit log of ${session.path} verifies: ${report.rows} rows, head ${head}.`);
		expect(run.stdout).toContain('anchors: 2 stored with result versions and certifications, 1 given');
		expect(run.stdout).toContain(`MAC: checked with key ${KEY.fingerprint} (${session.keyFile}) from row 1`);
		expect(run.stdout).toContain("score sheets: 3 compared with their 'score.submit' rows");
	});
});

describe('an edited row with every later hash recomputed', () => {
	test('passes the chain walk, but not the anchors stored after it nor the MAC', async () => {
		session = await runSession();
		const submit = await rowOf(session, 'score.submit');
		const publish = await rowOf(session, 'results.publish');
		const certify = await rowOf(session, 'slot.certify');
		await rewriteChainFrom(session.app.db, submit.seq, { after: submit.after!.replace('"total":80', '"total":95') });

		expect(await verifyAuditChain(session.app.db)).toEqual([]);
		const report = await verifyAudit(session.app.db, { key: KEY });
		const kinds = report.findings.map((f) => [f.kind, 'seq' in f ? f.seq : 'anchor' in f ? f.anchor.seq : null]);
		expect(kinds).toContainEqual(['rewritten', certify.seq]);
		expect(kinds).toContainEqual(['rewritten', publish.seq]);
		const lastSeq = (await auditRows(session.app.db)).at(-1)!.seq;
		for (let seq = submit.seq; seq <= lastSeq; seq++) expect(kinds).toContainEqual(['mac_invalid', seq]);
		const printed = auditReportLines('test', report);
		expect(printed).toContain(
			`anchor ${formatAnchor(session.published.auditHead)} (results version 1 of "Monev KIP 2023 — Presentasi"): rewritten: row ${publish.seq} now has hash ${(await rowOf(session, 'results.publish')).hash.slice(0, 16)}…, so it or a row before it was changed and the hashes recomputed`
		);
		// The edited row's sheet no longer matches what the log now says.
		expect(printed.some((l) => /^sheet .*: total differ from audit row/.test(l))).toBe(true);
	});

	test('with the stored anchors rewritten too, the MAC and an anchor from outside still catch it', async () => {
		session = await runSession();
		const outside = (await auditHead(session.app.db))!;
		const publish = await rowOf(session, 'results.publish');
		await rewriteChainFrom(session.app.db, publish.seq, { after: publish.after!.replace('Hasil sementara', 'Hasil final') });
		// The thorough operator also moves every anchor the database holds.
		const rows = await auditRows(session.app.db);
		const hashAt = (seq: number) => rows.find((r) => r.seq === seq)!.hash;
		await session.app.db
			.updateTable('result_versions')
			.set({ audit_hash: hashAt(publish.seq) })
			.execute();

		const withKey = await verifyAudit(session.app.db, { key: KEY });
		expect(withKey.findings.map((f) => f.kind)).toEqual(rows.filter((r) => r.seq >= publish.seq).map(() => 'mac_invalid'));
		const withoutKey = await verifyAudit(session.app.db, { key: null });
		expect(withoutKey.findings).toEqual([]);
		expect(auditReportLines('test', withoutKey)).toContain(
			'  MAC: NOT checked (no audit key: set JURI_AUDIT_KEY or JURI_AUDIT_KEY_FILE, or pass --key-file)'
		);
		expect(await lines(session, [outside], null)).toContain(
			`anchor ${formatAnchor(outside)} (--anchor): rewritten: row ${outside.seq} now has hash ${hashAt(outside.seq).slice(0, 16)}…, so it or a row before it was changed and the hashes recomputed`
		);

		// The CLI: without the key it still finds the rewrite through --anchor; with the key, through the MAC.
		const anchorRun = await runCli(VERIFY, ['--db', session.path, '--anchor', formatAnchor(outside)]);
		expect(anchorRun.code).toBe(1);
		expect(anchorRun.stdout).toMatch(new RegExp(`^anchor ${formatAnchor(outside)} \\(--anchor\\): rewritten`, 'm'));
		expect(anchorRun.stdout).toContain('MAC: NOT checked');
		const keyRun = await runCli(VERIFY, ['--db', session.path, '--key-file', session.keyFile]);
		expect(keyRun.code).toBe(1);
		expect(keyRun.stdout).toMatch(new RegExp(`^row ${publish.seq}: MAC does not match`, 'm'));
	});
});

describe('a deleted tail', () => {
	test("is a truncation against the published version's anchor and against --anchor, with exit code 1", async () => {
		session = await runSession();
		const outside = (await auditHead(session.app.db))!;
		const publish = await rowOf(session, 'results.publish');
		await cutTailAfter(session.app.db, publish.seq - 1);

		expect(await verifyAuditChain(session.app.db)).toEqual([]);
		const printed = await lines(session, [outside]);
		expect(printed).toContain(
			`anchor ${formatAnchor(session.published.auditHead)} (results version 1 of "Monev KIP 2023 — Presentasi"): truncated: the log ends at row ${publish.seq - 1}, so rows up to ${publish.seq} were removed`
		);
		expect(printed).toContain(
			`anchor ${formatAnchor(outside)} (--anchor): truncated: the log ends at row ${publish.seq - 1}, so rows up to ${outside.seq} were removed`
		);

		const run = await runCli(VERIFY, ['--db', session.path, '--key-file', session.keyFile, '--anchor', formatAnchor(outside)]);
		expect(run.code).toBe(1);
		const problems = run.stdout.split('\n').filter((l) => l.startsWith('anchor '));
		expect(problems).toEqual([
			expect.stringMatching(/^anchor \d+:[0-9a-f]{64} \(results version 1 of .*\): truncated/),
			expect.stringMatching(/^anchor \d+:[0-9a-f]{64} \(--anchor\): truncated/)
		]);
		expect(run.stdout).toMatch(/is BROKEN: 2 problem\(s\) above/);
	});
});

describe('score sheets against their audit rows', () => {
	test('a sheet inserted, one changed and one deleted outside the app are each named', async () => {
		session = await runSession();
		const { app, fx, jurors } = session;
		const sheets = await app.db.selectFrom('score_submissions').selectAll().orderBy('submitted_at').execute();
		const [changed, deleted] = sheets;
		await sql`UPDATE score_submissions SET scores = ${JSON.stringify({ ...JSON.parse(changed.scores), K1: 100 })} WHERE id = ${changed.id}`.execute(
			app.db
		);
		await sql`DELETE FROM score_submissions WHERE id = ${deleted.id}`.execute(app.db);
		const slotB = fx.panelA.slots[1].id;
		await sql`INSERT INTO score_submissions (id, slot_id, juror_id, revision, scores, total, submitted_at)
			VALUES ('forged-sheet', ${slotB}, ${jurors[0].id}, 1, '{"K1":100}', 100, ${Date.now()})`.execute(app.db);
		const deletedRow = (await auditRows(app.db)).find((r) => r.entity_id === deleted.id)!;
		const changedRow = (await auditRows(app.db)).find((r) => r.entity_id === changed.id)!;

		expect(await verifyAuditChain(app.db)).toEqual([]);
		const printed = await lines(session);
		expect(printed.filter((l) => l.startsWith('sheet ') || l.startsWith('row '))).toEqual([
			`sheet ${changed.id} (slot ${changed.slot_id}, juror ${changed.juror_id}, revision 1): scores differ from audit row ${changedRow.seq}: changed outside the app`,
			`sheet forged-sheet (slot ${slotB}, juror ${jurors[0].id}, revision 1): no 'score.submit' audit row: inserted outside the app`,
			`row ${deletedRow.seq} ('score.submit' of sheet ${deleted.id}): the sheet is not stored: deleted outside the app`
		]);
	});
});

describe('the MAC', () => {
	test('MACs removed from the tail are named row by row', async () => {
		session = await runSession();
		const publish = await rowOf(session, 'results.publish');
		await dropAuditTrigger(session.app.db, 'audit_log_no_update');
		await sql`UPDATE audit_log SET mac = NULL WHERE seq >= ${publish.seq}`.execute(session.app.db);
		const report = await verifyAudit(session.app.db, { key: KEY });
		const stripped = (await auditRows(session.app.db)).filter((r) => r.seq >= publish.seq);
		expect(report.findings).toEqual(stripped.map((r) => ({ kind: 'mac_missing', seq: r.seq })));
	});

	test('a log begun without a key verifies by hash alone and says so; the key, once adopted, covers every row after', async () => {
		useAuditKey(null);
		plainApp = await startTestApp();
		const before = (await auditHead(plainApp.db))!;
		expect((await auditRows(plainApp.db)).every((r) => r.mac === null)).toBe(true);

		// Started with a key: one 'audit.key' row, MACed, then every change is MACed.
		const adopted = await adoptAuditKey(plainApp.db, KEY);
		expect(adopted.mismatch).toBe(false);
		const fx = await plainApp.fixture();
		await plainApp.drive(fx.panelA.slots[0].id, 'start_presentation');
		const rows = await auditRows(plainApp.db);
		expect(rows.slice(before.seq).map((r) => [r.action, r.mac !== null])).toEqual([
			['audit.key', true],
			['slot.start_presentation', true]
		]);
		const report = await verifyAudit(plainApp.db, { key: KEY });
		expect(report.findings).toEqual([]);
		expect(auditReportLines('test', report)).toContain(
			`  MAC: checked with key ${KEY.fingerprint} (${KEY.source}) from row ${before.seq + 1}; rows 1–${before.seq} predate the key and rest on the hash chain alone`
		);
		// Adopting the same key again appends nothing; another key is flagged as a mismatch.
		await adoptAuditKey(plainApp.db, KEY);
		expect((await auditRows(plainApp.db)).length).toBe(rows.length);
		const other = { ...KEY, secret: Buffer.alloc(32, 1), fingerprint: 'other' };
		expect((await adoptAuditKey(plainApp.db, other)).mismatch).toBe(true);
		useAuditKey(KEY);
	});

	test('a key given for a log that carries no MAC at all is a finding: every MAC may have been stripped', async () => {
		session = await runSession({ key: null });
		const report = await verifyAudit(session.app.db, { key: KEY });
		expect(report.findings).toEqual([{ kind: 'mac_none', rows: report.rows }]);
	});
});
