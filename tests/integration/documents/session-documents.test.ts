/**
 * The room's and the visits' documents (issue 8, item 6c–6f), read back: the minutes of Panel A's
 * day (times in WIB, certified score and time, the no-show, the recusal, signature lines), the
 * jurors' score sheets (criterion scores, total, submission time, revision; none for the recused
 * juror), the visitation documents, the version bundle's files and manifest, and the documents
 * hub's listing; with the refusals for bad parameters.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventDate, eventTime } from '$lib/domain/setup/schedule';
import { versionBundle, MANIFEST } from '$lib/server/documents/bundle';
import { documentsHub } from '$lib/server/documents/hub';
import { minutesFile } from '$lib/server/documents/minutes';
import { daySheetsFile, slotSheetsFile } from '$lib/server/documents/score-sheets';
import { visitationFile } from '$lib/server/documents/visitation-documents';
import { submitScores } from '$lib/server/services/scoring';
import { createVisitTeam, generateShortlist, planVisits, recordVisitOutcome, saveVisitationRule } from '$lib/server/services/visitation';
import { readPdf } from '../../support/pdf-text';
import { flatSheet, newSubmissionId, startTestApp, type TestApp } from '../harness';
import { DECREE, nonSecretariat, publishedScenario, refusal, type PublishedScenario } from './support';

let app: TestApp;
let s: PublishedScenario;
let day: string;
/** Planned start of Aceh's slot; the room's commands are stamped at known minutes after it. */
let start: number;
const MIN = 60_000;
const wib = (at: number) => eventTime(at, 'Asia/Jakarta').replace(':', '.');
/** Bambang Hartono's second sheet for the third slot: Σ weight × score / 100 = 77,75. */
const SHEET = { K1: 85, K2: 70, K3: 90, K4: 60, K5: 75, K6: 80 };

beforeAll(async () => {
	app = await startTestApp();
	s = await publishedScenario(app);
	const [aceh, noShow, recusedSlot] = s.fx.panelA.slots;
	const slotRow = await app.db.selectFrom('slots').selectAll().where('id', '=', aceh.id).executeTakeFirstOrThrow();
	start = slotRow.planned_start;
	day = eventDate(start, 'Asia/Jakarta');
	await app.db
		.updateTable('slots')
		.set({
			presentation_started_at: start + 2 * MIN,
			qa_started_at: start + 12 * MIN,
			scoring_opened_at: start + 20 * MIN,
			scoring_closed_at: start + 26 * MIN,
			certified_at: start + 28 * MIN
		})
		.where('id', '=', aceh.id)
		.execute();
	await app.drive(noShow.id, 'mark_no_show');
	// The third juror of Panel A declared a conflict with the third slot's body.
	const [, bambang, dewi] = s.fx.panelA.jurorIds;
	await app.db
		.insertInto('recusals')
		.values({
			id: crypto.randomUUID(),
			evaluation_id: s.fx.evaluationId,
			juror_id: dewi,
			body_id: recusedSlot.bodyId,
			reason: 'Pernah bekerja di badan publik ini',
			created_by: s.fx.adminId,
			created_at: start
		})
		.execute();
	await app.drive(recusedSlot.id, 'start_presentation', 'start_qa', 'open_scoring');
	const first = (await app.signIn('juror', 0)).user;
	const second = (await app.signIn('juror', 1)).user;
	await submitScores(s.ctx, first, { slotId: recusedSlot.id, submissionId: newSubmissionId('min'), scores: flatSheet(70) });
	await submitScores(s.ctx, second, { slotId: recusedSlot.id, submissionId: newSubmissionId('min'), scores: flatSheet(60) });
	await submitScores(s.ctx, second, { slotId: recusedSlot.id, submissionId: newSubmissionId('min'), scores: SHEET });
	await app.db
		.updateTable('score_submissions')
		.set({ submitted_at: start + 47 * MIN })
		.where('slot_id', '=', recusedSlot.id)
		.where('juror_id', '=', bambang)
		.where('revision', '=', 2)
		.execute();
	await app.drive(recusedSlot.id, 'close_scoring', 'certify');
});
afterAll(() => app.close());

const panelDay = () => ({ evaluationId: s.fx.evaluationId, panelId: s.fx.panelA.id, day });

describe('minutes (berita acara)', () => {
	test('the room, chair and jurors; each slot with its times in WIB, certified score and time; the no-show and the recusal; signature lines', async () => {
		const [aceh, noShow, recused] = s.fx.panelA.slots;
		const { lines, text, pages } = await readPdf((await minutesFile(s.ctx, s.admin, panelDay())).bytes);
		expect(lines[0]).toBe('BERITA ACARA');
		expect(lines).toContain('Ruang | Ruang Merapi');
		expect(lines).toContain('Ketua panel | Dr. Arya Wicaksana');
		expect(lines).toContain('Juri yang hadir | 1. Siti Rahmawati, M.Si.; 2. Bambang Hartono; 3. Dewi Lestari, S.H.');
		expect(lines).toContain('Juri yang menyerahkan nilai | 1. Siti Rahmawati, M.Si.; 2. Bambang Hartono; 3. Dewi Lestari, S.H.');
		const at = (minutes: number) => wib(start + minutes * MIN);
		// Aceh: presentation, Q&A, scoring opened and closed, 3 of 3 jurors, 80,00 certified at +28 min.
		expect(lines).toContain(`1 | ${aceh.bodyName} | ${at(0)} | ${at(2)} | ${at(12)} | ${at(20)} | ${at(26)} | 3/3 | 80,00 | ${at(28)}`);
		const noShowPlanned = (await app.db.selectFrom('slots').select('planned_start').where('id', '=', noShow.id).executeTakeFirstOrThrow())
			.planned_start;
		expect(lines).toContain(`2 | ${noShow.bodyName} | ${wib(noShowPlanned)} | — | — | — | — | — | — | — | Tidak hadir`);
		// Two valid sheets (mean of 70 and 77,75), one juror recused.
		expect(lines.find((l) => l.startsWith(`3 | ${recused.bodyName}`))).toMatch(
			/\| 2\/3 \| 73,88 \| \d\d\.\d\d \| 1 juri mengundurkan diri$/
		);
		expect(lines).toContain(`Dewi Lestari, S.H. | ${recused.bodyName} | Pernah bekerja di badan publik ini`);
		expect(lines).toContain(`${noShow.bodyName} (${wib(noShowPlanned)} WIB)`);
		expect(lines).toContain('Semua waktu dalam WIB (Asia/Jakarta).');
		// The chair and every seated juror sign.
		expect(lines).toContain('Ketua panel, | Juri 1, | Juri 2,');
		expect(lines).toContain('Dr. Arya Wicaksana | Siti Rahmawati, M.Si. | Bambang Hartono');
		expect(lines).toContain('Juri 3,');
		expect(lines).toContain('Dewi Lestari, S.H.');
		expect(text).toContain('Demikian berita acara ini dibuat dengan sebenarnya');
		// Not about a version: the stamp names none.
		expect(pages[0].at(-2)!.join(' | ')).toBe(
			`Monev KIP 2023 — Presentasi · Dibuat 2 Desember 2026 09.30 WIB | Halaman 1 dari ${pages.length}`
		);
	});

	test.each([
		[{ day: '2026-13-01' }, 'invalid_input'],
		[{ day: '28-11-2026' }, 'invalid_input'],
		[{ day: '2026-02-30' }, 'invalid_input'],
		[{ day: '2001-01-01' }, 'not_found'],
		[{ panelId: 'no-such-panel' }, 'not_found'],
		[{ evaluationId: 'another-evaluation' }, 'not_found']
	])('%o is refused: %s', async (change, code) => {
		expect(await refusal(minutesFile(s.ctx, s.admin, { ...panelDay(), ...change }))).toBe(code);
		expect(await refusal(daySheetsFile(s.ctx, s.admin, { ...panelDay(), ...change }))).toBe(code);
	});

	test('a panel of another evaluation is not found through this one', async () => {
		const other = crypto.randomUUID();
		const source = await app.db.selectFrom('evaluations').selectAll().where('id', '=', s.fx.evaluationId).executeTakeFirstOrThrow();
		await app.db
			.insertInto('evaluations')
			.values({ ...source, id: other, name: 'Lain', running: 0 })
			.execute();
		expect(await refusal(minutesFile(s.ctx, s.admin, { ...panelDay(), evaluationId: other }))).toBe('not_found');
	});
});

describe("jurors' score sheets", () => {
	test('one page per juror who is not recused: criterion scores, total, time submitted (WIB) and revision', async () => {
		const slot = s.fx.panelA.slots[2];
		const { pages } = await readPdf((await slotSheetsFile(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, slotId: slot.id })).bytes);
		expect(pages).toHaveLength(2);
		const bambang = pages[1].map((line) => line.join(' | '));
		expect(bambang[0]).toBe('LEMBAR PENILAIAN JURI');
		expect(bambang).toContain(`Badan publik | ${slot.bodyName}`);
		expect(bambang).toContain('Juri | Bambang Hartono');
		expect(bambang).toContain(
			`Waktu pengiriman | ${new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'long', year: 'numeric' }).format(start)} ${wib(start + 47 * 60_000)} WIB`
		);
		expect(bambang).toContain('Revisi | 2 (revisi terakhir)');
		expect(bambang).toContain('Kode | Kriteria | Bobot | Skala | Nilai');
		expect(bambang).toContain('K1 | Komitmen pimpinan | 25 | 0–100 | 85');
		expect(bambang).toContain('K4 | Kebermanfaatan informasi | 15 | 0–100 | 60');
		expect(bambang).toContain('Total (skala 0–100) | 0–100 | 77,75');
		expect(bambang).toContain('Juri,');
		expect(bambang).toContain('Bambang Hartono');
		// The recused juror has no page; the first juror's sheet is revision 1.
		expect(pages.flat(2)).not.toContain('Juri | Dewi Lestari, S.H.');
		expect(pages[0].map((line) => line.join(' | '))).toContain('Revisi | 1 (revisi terakhir)');
	});

	test("a seated juror without a sheet gets a blank page to fill in; the day's document holds the scored slots only", async () => {
		const unscored = s.fx.panelA.slots[3];
		const blank = await readPdf((await slotSheetsFile(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, slotId: unscored.id })).bytes);
		expect(blank.pages).toHaveLength(3);
		expect(blank.lines).toContain('Waktu pengiriman | Belum dikirim');
		expect(blank.lines).toContain('K1 | Komitmen pimpinan | 25 | 0–100');
		const dayDoc = await readPdf((await daySheetsFile(s.ctx, s.admin, panelDay())).bytes);
		// Aceh: three jurors; the third slot: two (one recused).
		expect(dayDoc.pages).toHaveLength(5);
	});

	test('a slot of another evaluation, or none, is not found', async () => {
		expect(await refusal(slotSheetsFile(s.ctx, s.admin, { evaluationId: 'another', slotId: s.fx.panelA.slots[0].id }))).toBe('not_found');
		expect(await refusal(slotSheetsFile(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, slotId: 'nope' }))).toBe('not_found');
	});
});

describe('visitation documents', () => {
	test("the shortlist with its rule and reasons, the plan per team and day, each visit's outcome with its correction", async () => {
		const evaluationId = s.fx.evaluationId;
		const visitDay = '2026-12-07';
		await saveVisitationRule(s.ctx, s.admin, {
			evaluationId,
			topNational: 3,
			minBand: 'Informatif',
			firstDay: visitDay,
			lastDay: '2026-12-08',
			dailyCapacity: 2
		});
		await generateShortlist(s.ctx, s.admin, { evaluationId });
		await createVisitTeam(s.ctx, s.admin, { evaluationId, name: 'Tim Satu', members: 'Ani, Budi' });
		await planVisits(s.ctx, s.admin, { evaluationId });
		const visit = await app.db
			.selectFrom('visits')
			.innerJoin('bodies', 'bodies.id', 'visits.body_id')
			.select(['visits.id', 'bodies.name'])
			.orderBy('visit_date')
			.orderBy('bodies.name')
			.executeTakeFirstOrThrow();
		await recordVisitOutcome(s.ctx, s.admin, {
			visitId: visit.id,
			outcome: 'corrected',
			correctedScore: 88.25,
			reason: 'Bukti layanan PPID tidak ditemukan',
			note: 'Dicek di lokasi'
		});

		const shortlist = await readPdf((await visitationFile(s.ctx, s.admin, { evaluationId }, 'shortlist')).bytes);
		expect(shortlist.lines[0]).toBe('DAFTAR PENDEK VISITASI');
		expect(shortlist.lines).toContain('Aturan | 3 peringkat teratas nasional; dengan syarat kualifikasi paling rendah Informatif.');
		expect(shortlist.text).toContain('Peringkat nasional 1 (teratas 3)');
		for (const name of s.tied) expect(shortlist.text).toContain(name);

		const plan = await readPdf((await visitationFile(s.ctx, s.admin, { evaluationId }, 'plan')).bytes);
		expect(plan.lines).toContain('Tim: Tim Satu');
		expect(plan.lines).toContain('Anggota: Ani, Budi');
		expect(plan.lines).toContain(`Senin, 7 Desember 2026 | ${visit.name} | Nilai dikoreksi`);

		const outcomes = await readPdf((await visitationFile(s.ctx, s.admin, { evaluationId }, 'outcomes')).bytes);
		const note = (await app.db.selectFrom('visits').select('outcome_note').where('id', '=', visit.id).executeTakeFirstOrThrow())
			.outcome_note;
		const row = outcomes.lines.find((l) => l.startsWith(`7 Desember 2026 | Tim Satu | ${visit.name} | Nilai dikoreksi | `));
		expect(row).toBeDefined();
		// The note and the correction wrap inside their cells: read the row's pieces and the line under it.
		const cells = outcomes.pages[0].flat().join(' ');
		expect(cells).toContain(note!.split(' ')[0]);
		expect(cells).toMatch(/nilai dikoreksi menjadi 88,25 \(Bukti layanan .*PPID tidak ditemukan\)/);
	});
});

describe('the version bundle and the hub', () => {
	test("the zip holds every document of the version, and its manifest gives each file's SHA-256", async () => {
		const file = await versionBundle(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '1' });
		expect(file.name).toBe('dokumen-monev-kip-2023-presentasi-v1.zip');
		const zip = await JSZip.loadAsync(file.bytes);
		const names = Object.keys(zip.files)
			.filter((n) => !zip.files[n].dir)
			.sort();
		const days = [
			...new Set(
				(await app.db.selectFrom('slots').select(['panel_id', 'planned_start']).execute()).map(
					(x) => `${x.panel_id}${eventDate(x.planned_start, 'Asia/Jakarta')}`
				)
			)
		];
		expect(names).toEqual(
			expect.arrayContaining([
				MANIFEST,
				'lampiran-sk-monev-kip-2023-presentasi-v1.pdf',
				'lampiran-sk-monev-kip-2023-presentasi-v1.xlsx',
				'lampiran-sk-monev-kip-2023-presentasi-v1.csv',
				'rekapitulasi-nasional-monev-kip-2023-presentasi-v1.pdf',
				'rekapitulasi-nasional-monev-kip-2023-presentasi-v1.xlsx',
				`berita-acara/berita-acara-panel-a-${day}.pdf`,
				`lembar-penilaian/lembar-penilaian-panel-a-${day}.pdf`,
				'visitasi/daftar-pendek-visitasi-monev-kip-2023-presentasi.pdf',
				'visitasi/rencana-visitasi-monev-kip-2023-presentasi.pdf',
				'visitasi/hasil-visitasi-monev-kip-2023-presentasi.pdf'
			])
		);
		expect(names.filter((n) => n.startsWith('berita-acara/'))).toHaveLength(days.length);
		const manifest = await zip.file(MANIFEST)!.async('string');
		expect(manifest).toMatch(
			/^# Dokumen Monev KIP 2023 — Presentasi, hasil versi 1\n# Dibuat 2 Desember 2026 09\.30 WIB\n# Kepala audit \d+:[0-9a-f]{64} /
		);
		for (const name of names.filter((n) => n !== MANIFEST)) {
			const hash = createHash('sha256')
				.update(await zip.file(name)!.async('uint8array'))
				.digest('hex');
			expect(manifest).toContain(`${hash}  ${name}\n`);
		}
		const annex = await readPdf(await zip.file('lampiran-sk-monev-kip-2023-presentasi-v1.pdf')!.async('uint8array'));
		expect(annex.lines).toContain(`12 | ${s.aceh} | 96,50 | 80,00 | 91,55 | Informatif`);
	});

	test('the bundle of a version that does not exist is refused before anything is made', async () => {
		expect(await refusal(versionBundle(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: '2' }))).toBe('not_found');
		expect(await refusal(versionBundle(s.ctx, s.admin, { evaluationId: s.fx.evaluationId, version: 'v1' }))).toBe('invalid_input');
	});

	test("the hub lists each version, each panel's days with their slots and sheets, and the visitation", async () => {
		const hub = await documentsHub(s.ctx, s.admin, { evaluationId: s.fx.evaluationId });
		expect(hub.versions.map((v) => [v.version, v.decreeNumber])).toEqual([[1, DECREE.number]]);
		const panelA = hub.panels.find((p) => p.id === s.fx.panelA.id)!;
		expect(panelA.days[0].day).toBe(day);
		expect(panelA.days[0].slots.slice(0, 3).map((x) => [x.bodyName, x.state, x.sheets])).toEqual([
			[s.fx.panelA.slots[0].bodyName, 'certified', 3],
			[s.fx.panelA.slots[1].bodyName, 'no_show', 0],
			[s.fx.panelA.slots[2].bodyName, 'certified', 2]
		]);
		expect(hub.visitation.rule).toBe(true);
	});

	test('every document refuses a chair, a juror and a presenter', async () => {
		for (const user of await nonSecretariat(app)) {
			expect(await refusal(minutesFile(s.ctx, user, panelDay()))).toBe('forbidden');
			expect(await refusal(daySheetsFile(s.ctx, user, panelDay()))).toBe('forbidden');
			expect(await refusal(slotSheetsFile(s.ctx, user, { evaluationId: s.fx.evaluationId, slotId: s.fx.panelA.slots[0].id }))).toBe(
				'forbidden'
			);
			expect(await refusal(visitationFile(s.ctx, user, { evaluationId: s.fx.evaluationId }, 'plan'))).toBe('forbidden');
			expect(await refusal(versionBundle(s.ctx, user, { evaluationId: s.fx.evaluationId, version: '1' }))).toBe('forbidden');
			expect(await refusal(documentsHub(s.ctx, user, { evaluationId: s.fx.evaluationId }))).toBe('forbidden');
		}
	});
});
