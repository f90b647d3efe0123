/**
 * Issue 4's acceptance flow, through the UI only, on a server of its own: the secretariat builds an
 * evaluation from scratch (settings, sample import, rubric, people, panels, schedule, join codes),
 * then a chair joins with the printed link and starts the first slot while the secretariat watches
 * it on /live. On the way, refused forms keep what was typed and a bad import file imports nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { SAMPLE_CSV, sampleRows } from './support/csv';
import { DEVICES, expect, loginAdmin, score, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { expectApart, expectInside } from './support/layout';
import { escapeRegExp, t } from './support/messages';

const isolated = useIsolatedServer(test, 'setup-flow');

const EVALUATION = 'Monev KIP 2026 — Uji Alur Persiapan';
const PASSING_GRADE = 95;
const PANEL = { name: 'Panel Rinjani', room: 'Ruang Rinjani' };
const SECOND_PANEL = { name: 'Panel Semeru', room: 'Ruang Semeru' };
const CHAIR = { name: 'Dr. Rahmat Hidayat', affiliation: 'Komisi Informasi Pusat' };
const JURORS = [
	{ name: 'Siti Aminah, M.Si.', affiliation: 'Universitas Indonesia', panel: PANEL },
	{ name: 'Bambang Sutrisno', affiliation: 'Ombudsman Jawa Tengah', panel: PANEL },
	{ name: 'Dewi Lestari', affiliation: 'Aliansi Jurnalis Independen', panel: PANEL },
	{ name: 'Agus Salim', affiliation: 'Komisi Informasi Jawa Barat', panel: SECOND_PANEL }
];

/** The day after today in the event's time zone (WIB), as a date input takes it. */
function eventTomorrow(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(Date.now() + 24 * 3600_000);
}

/** A form section of the page, found by its heading. */
const section = (page: Page, heading: string | RegExp) =>
	page.locator('section').filter({ has: page.getByRole('heading', { name: heading }) });

/** Opens a collapsible form (a <details> by its summary) unless it is open already. */
async function openDetails(scope: Locator, summary: string): Promise<Locator> {
	const details = scope.locator('details').filter({ has: scope.page().locator('summary', { hasText: summary }) });
	if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
	return details;
}

test('the secretariat sets up an evaluation from scratch and its first slot goes live', async ({ browser }) => {
	test.setTimeout(120_000);
	const { server } = isolated();
	const rows = sampleRows();
	const invited = rows.filter((r) => r.saq >= PASSING_GRADE);
	const categories = [...new Set(rows.map((r) => r.category))];
	expect(invited.length).toBeGreaterThan(2);
	// Presenters for the invited bodies of the first category (the schedule starts with it).
	const presented = invited.filter((r) => r.category === categories[0]);
	const tmp = mkdtempSync(path.join(tmpdir(), 'juri-setup-flow-'));
	try {
		const adminContext = await browser.newContext(DEVICES.desktop);
		const page = await adminContext.newPage();
		await loginAdmin(page, server.baseURL, server.adminPassword);

		// ── A new evaluation, from scratch ─────────────────────────────────────────────────────────
		await page.goto(`${server.baseURL}/admin/evaluations`);
		const create = section(page, t('settings_create_title'));
		await create.getByLabel(t('settings_create_name')).fill(EVALUATION);
		await create.getByRole('radio', { name: new RegExp(`^${t('settings_source_blank')}`) }).check();
		await create.getByRole('button', { name: t('settings_create_submit') }).click();
		await expect(page).toHaveURL(/\/admin\/e\/[0-9a-f-]{36}\/settings$/);
		const evaluationId = /\/admin\/e\/([0-9a-f-]{36})\/settings/.exec(page.url())![1];
		const base = `${server.baseURL}/admin/e/${evaluationId}`;

		// ── Settings: a refused save keeps what was typed, then a good one ───────────────────────
		await expect(page.getByRole('heading', { name: t('settings_title'), level: 1 })).toBeVisible();
		await expect(page.getByLabel(t('settings_name'))).toHaveValue(EVALUATION);
		await page.getByLabel(t('settings_passing_grade')).fill(String(PASSING_GRADE));
		const weights = section(page, t('settings_section_weights'));
		const priorWeight = weights.getByLabel(t('settings_prior_weight', { label: 'SAQ' }));
		const presentationWeight = weights.getByLabel(t('settings_presentation_weight'));
		await priorWeight.fill('60');
		await presentationWeight.fill('30');
		await expect(weights.getByText(t('settings_weights_sum', { sum: 90 }))).toBeVisible();
		const bands = section(page, t('settings_section_bands'));
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 1`, exact: true }).fill('Informatif');
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 2`, exact: true }).fill('Menuju Informatif');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(0)
			.fill('90');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(1)
			.fill('80');
		await bands.getByRole('button', { name: t('settings_add_band') }).click();
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 3`, exact: true }).fill('Kurang Informatif');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(2)
			.fill('0');
		await page.getByRole('button', { name: t('settings_save') }).click();

		await expect(weights.getByText(t('settings_issue_weights_sum', { sum: 90 }))).toBeVisible();
		await expect(priorWeight).toHaveAttribute('aria-invalid', 'true');
		await expect(presentationWeight).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText(t('settings_check_fields'))).toBeVisible();
		// Everything typed is still there, not only the refused field.
		await expect(priorWeight).toHaveValue('60');
		await expect(presentationWeight).toHaveValue('30');
		await expect(page.getByLabel(t('settings_passing_grade'))).toHaveValue(String(PASSING_GRADE));
		await expect(bands.getByRole('textbox', { name: `${t('settings_band_label')} 3`, exact: true })).toHaveValue('Kurang Informatif');
		// Nothing was stored.
		await page.reload();
		await expect(page.getByLabel(t('settings_passing_grade'))).toHaveValue('60');
		await expect(bands.getByRole('textbox', { name: `${t('settings_band_label')} 3`, exact: true })).toHaveCount(0);

		await page.getByLabel(t('settings_passing_grade')).fill(String(PASSING_GRADE));
		await priorWeight.fill('60');
		await presentationWeight.fill('40');
		await expect(weights.getByText(t('settings_weights_sum', { sum: 100 }))).toBeVisible();
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 1`, exact: true }).fill('Informatif');
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 2`, exact: true }).fill('Menuju Informatif');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(0)
			.fill('90');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(1)
			.fill('80');
		await bands.getByRole('button', { name: t('settings_add_band') }).click();
		await bands.getByRole('textbox', { name: `${t('settings_band_label')} 3`, exact: true }).fill('Kurang Informatif');
		await bands
			.getByLabel(`≥ ${t('settings_band_min')}`)
			.nth(2)
			.fill('0');
		await page.getByRole('button', { name: t('settings_save') }).click();
		await expect(page.getByRole('status').filter({ hasText: t('settings_saved') })).toBeVisible();
		await page.reload();
		await expect(priorWeight).toHaveValue('60');
		await expect(presentationWeight).toHaveValue('40');
		await expect(page.getByLabel(t('settings_passing_grade'))).toHaveValue(String(PASSING_GRADE));
		await expect(bands.getByRole('textbox', { name: `${t('settings_band_label')} 3`, exact: true })).toHaveValue('Kurang Informatif');

		// ── Bodies: a file with one bad row imports nothing ───────────────────────────────────────
		await page
			.getByRole('navigation', { name: t('nav_setup') })
			.getByRole('link', { name: t('nav_bodies') })
			.click();
		await expect(page).toHaveURL(`${base}/bodies`);
		const summary = (bodies: number, invitedCount: number, schedulable: number) =>
			t('bodies_summary', { bodies, invited: invitedCount, label: 'SAQ', grade: score(PASSING_GRADE), schedulable });
		await expect(page.getByText(summary(0, 0, 0))).toBeVisible();
		const badFile = path.join(tmp, 'badan-publik-salah.csv');
		writeFileSync(
			badFile,
			[
				'category,name,short_name,saq_score_demo',
				'Kementerian,Kementerian Contoh Sah,Contoh Sah,97.5',
				'Kementerian,Kementerian Contoh Rusak,Rusak,sembilan'
			].join('\n') + '\n'
		);
		const importer = section(page, t('bodies_import_title'));
		await importer.getByLabel(t('bodies_import_file')).setInputFiles(badFile);
		await importer.getByRole('button', { name: t('bodies_import_preview') }).click();
		await expect(importer.getByText(t('bodies_import_file_info', { file: 'badan-publik-salah.csv', rows: 2 }))).toBeVisible();
		await expect(importer.getByText(t('bodies_import_sample_layout'))).toBeVisible();
		await importer.getByRole('button', { name: t('bodies_import_check') }).click();
		const problems = importer.getByRole('alert').filter({ hasText: t('bodies_import_errors_title', { count: 1 }) });
		await expect(problems).toBeVisible();
		await expect(problems.getByRole('row').nth(1).getByRole('cell')).toHaveText([
			'3',
			'saq_score_demo',
			t('bodies_issue_not_a_number', { value: 'sembilan' })
		]);
		await expect(importer.getByRole('button', { name: /^Impor \d+ baris$/ })).toHaveCount(0);
		await page.reload();
		await expect(page.getByText(summary(0, 0, 0))).toBeVisible();
		await expect(page.getByText(t('bodies_no_bodies'))).toBeVisible();
		await expect(page.getByText('Kementerian Contoh Sah')).toHaveCount(0);

		// ── Bodies: the sample file, preview → mapping → validation → confirm ──────────────────────
		await importer.getByLabel(t('bodies_import_file')).setInputFiles(SAMPLE_CSV);
		await importer.getByRole('button', { name: t('bodies_import_preview') }).click();
		await expect(importer.getByText(t('bodies_import_file_info', { file: path.basename(SAMPLE_CSV), rows: rows.length }))).toBeVisible();
		await expect(importer.getByRole('table').first().getByRole('cell', { name: rows[0].name, exact: true })).toBeVisible();
		await expect(importer.getByText(t('bodies_import_sample_layout'))).toBeVisible();
		await expect(importer.getByLabel(t('bodies_import_field_category'))).toHaveValue('category');
		await expect(importer.getByLabel(t('bodies_import_field_name'))).toHaveValue('name');
		await expect(importer.getByLabel(t('bodies_import_field_priorScore', { label: 'SAQ' }))).toHaveValue('saq_score_demo');
		await importer.getByRole('button', { name: t('bodies_import_check') }).click();
		// A new evaluation has no categories: the file's are created only when the secretariat says so.
		const unknownCategories = importer.getByRole('form', { name: t('bodies_import_categories_title') });
		await expect(unknownCategories.getByRole('combobox')).toHaveCount(categories.length);
		await expect(importer.getByRole('button', { name: t('bodies_import_confirm', { rows: rows.length }) })).toHaveCount(0);
		await unknownCategories.getByRole('button', { name: t('bodies_import_categories_create_all') }).click();
		await unknownCategories.getByRole('button', { name: t('bodies_import_categories_apply') }).click();
		const plan = t('bodies_import_plan', { rows: rows.length, created: rows.length, updated: 0, unchanged: 0, invited: invited.length });
		await expect(importer.getByText(plan)).toBeVisible();
		await expect(importer.getByText(t('bodies_import_new_categories', { names: categories.join(', ') }))).toBeVisible();
		await importer.getByRole('button', { name: t('bodies_import_confirm', { rows: rows.length }) }).click();
		await expect(
			importer.getByText(t('bodies_import_done', { created: rows.length, updated: 0, unchanged: 0, categories: categories.length }))
		).toBeVisible();
		await expect(page.getByText(summary(rows.length, invited.length, invited.length))).toBeVisible();
		const bodyTable = section(page, t('bodies_bodies'));
		await expect(bodyTable.getByText(t('bodies_invited'), { exact: true })).toHaveCount(invited.length);

		// ── Rubric: the live weight sum and preview total; a sum other than 100 is refused ─────────
		await page.goto(`${base}/rubric`);
		await expect(page.getByText(t('settings_rubric_empty'))).toBeVisible();
		const weightSum = page.getByTestId('weight-sum');
		const preview = page.getByRole('region', { name: t('settings_preview_title') });
		const previewTotal = preview.getByTestId('preview-total');
		const card = (n: number) => page.getByRole('listitem', { name: t('settings_criterion_heading', { n }), exact: true });
		const addCriterion = async (n: number, name: string, weight: string) => {
			await page.getByRole('button', { name: t('settings_add_criterion') }).click();
			await expect(card(n).getByLabel(t('settings_criterion_code'))).toHaveValue(`K${n}`);
			await card(n).getByLabel(t('name')).fill(name);
			await card(n).getByLabel(t('weight')).fill(weight);
		};
		const pick = (code: string, value: number) =>
			preview
				.locator(`[data-testid="criterion"][data-code="${code}"]`)
				.getByRole('group', { name: t('quick_pick') })
				.getByRole('button', { name: String(value), exact: true })
				.click();

		await addCriterion(1, 'Kualitas penyajian informasi', '40');
		await expect(weightSum).toHaveText(t('settings_weight_sum', { sum: 40 }));
		await addCriterion(2, 'Inovasi layanan informasi publik', '50');
		await expect(weightSum).toHaveText(t('settings_weight_sum', { sum: 90 }));
		await pick('K1', 80);
		await pick('K2', 60);
		// Weights summing to 90: the preview gives no total rather than a wrong one.
		await expect(previewTotal).toHaveText('—');
		await expect(preview.getByText(t('settings_preview_total_invalid'))).toBeVisible();
		await page.getByRole('button', { name: t('settings_rubric_save') }).click();
		await expect(page.getByRole('alert').filter({ hasText: t('settings_issue_weights_sum', { sum: 90 }) })).toBeVisible();
		await expect(card(1).getByLabel(t('weight'))).toHaveAttribute('aria-invalid', 'true');
		await expect(card(2).getByLabel(t('weight'))).toHaveAttribute('aria-invalid', 'true');
		await expect(card(1).getByLabel(t('name'))).toHaveValue('Kualitas penyajian informasi');
		await expect(card(2).getByLabel(t('name'))).toHaveValue('Inovasi layanan informasi publik');
		await expect(card(2).getByLabel(t('weight'))).toHaveValue('50');
		await expect(weightSum).toHaveText(t('settings_weight_sum', { sum: 90 }));

		await addCriterion(3, 'Tindak lanjut rekomendasi', '10');
		await expect(weightSum).toHaveText(t('settings_weight_sum', { sum: 100 }));
		// K3 not yet scored counts at its minimum: 0.4 × 80 + 0.5 × 60 = 62.
		await expect(previewTotal).toHaveText(score(62));
		await pick('K3', 100);
		await expect(previewTotal).toHaveText(score(72));
		await page.getByRole('button', { name: t('settings_rubric_save') }).click();
		await expect(page.getByRole('status').filter({ hasText: t('settings_rubric_saved') })).toBeVisible();
		await page.reload();
		await expect(weightSum).toHaveText(t('settings_weight_sum', { sum: 100 }));
		await expect(card(3).getByLabel(t('name'))).toHaveValue('Tindak lanjut rekomendasi');

		// ── People: a chair, jurors and presenters of the first invited bodies ─────────────────────
		await page.goto(`${base}/people`);
		const addPerson = async (role: 'chair' | 'juror' | 'presenter', fields: Record<string, string>) => {
			const sectionTitle = { chair: t('people_chairs'), juror: t('people_jurors'), presenter: t('people_presenters') }[role];
			const addLabel = { chair: t('people_add_chair'), juror: t('people_add_juror'), presenter: t('people_add_presenter') }[role];
			const list = page.getByRole('region', { name: new RegExp(`^${sectionTitle} \\(`) });
			const form = await openDetails(list, addLabel);
			for (const [label, value] of Object.entries(fields)) {
				if (label === t('people_body')) await form.getByRole('combobox', { name: label }).selectOption({ label: value });
				else await form.getByRole('textbox', { name: label, exact: true }).fill(value);
			}
			await form.getByRole('button', { name: addLabel }).click();
			await expect(page.getByRole('status')).toHaveText(t('people_done_created', { name: fields[t('people_name')] }));
			await expect(list.getByText(fields[t('people_name')], { exact: true })).toBeVisible();
		};
		await addPerson('chair', { [t('people_name')]: CHAIR.name, [t('people_affiliation')]: CHAIR.affiliation });
		for (const juror of JURORS) await addPerson('juror', { [t('people_name')]: juror.name, [t('people_affiliation')]: juror.affiliation });
		for (const body of presented) {
			await addPerson('presenter', {
				[t('people_name')]: `Pemapar ${body.name.replace('Pemerintah Provinsi ', '')}`,
				[t('people_title_field')]: 'Kepala Dinas Kominfo',
				[t('people_body')]: body.name
			});
		}

		// ── Panels: two rooms, a chair, jurors seated ──────────────────────────────────────────────
		await page.goto(`${base}/schedule/panels`);
		for (const panel of [PANEL, SECOND_PANEL]) {
			const form = page.getByRole('article', { name: t('schedule_new_panel') });
			await form.getByLabel(t('schedule_panel_name')).fill(panel.name);
			await form.getByLabel(t('room')).fill(panel.room);
			await form.getByRole('button', { name: t('schedule_create_panel') }).click();
			await expect(page.getByRole('article', { name: `${panel.name} · ${panel.room}` })).toBeVisible();
		}
		const panelCard = (panel: typeof PANEL) => page.getByRole('article', { name: `${panel.name} · ${panel.room}` });
		await panelCard(PANEL).getByLabel(t('role_chair')).selectOption({ label: CHAIR.name });
		// The page shows no message for this one: wait for the action's answer, then check what was stored.
		const chairSaved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('?/chair'));
		await panelCard(PANEL)
			.getByRole('button', { name: t('schedule_set_chair') })
			.click();
		expect((await chairSaved).ok()).toBe(true);
		await page.reload();
		await expect(panelCard(PANEL).getByLabel(t('role_chair')).locator('option:checked')).toHaveText(CHAIR.name);
		for (const juror of JURORS) {
			const panel = panelCard(juror.panel);
			await panel.getByRole('combobox', { name: t('juror'), exact: true }).selectOption({ label: `${juror.name} · ${juror.affiliation}` });
			await panel.getByRole('button', { name: t('schedule_seat') }).click();
			await expect(panel.getByRole('listitem').filter({ hasText: juror.name })).toBeVisible();
		}
		await expect(panelCard(PANEL).getByRole('listitem')).toHaveCount(3);
		await expect(panelCard(SECOND_PANEL).getByRole('listitem')).toHaveCount(1);
		// Each seat's buttons stay in its row, clear of the next seat and of the seat form.
		for (const juror of JURORS) {
			const seat = panelCard(juror.panel).getByRole('listitem').filter({ hasText: juror.name });
			await expectInside(seat.getByRole('button', { name: t('schedule_unseat_label', { name: juror.name }) }), seat);
		}

		// ── Schedule: time windows, preview → apply ────────────────────────────────────────────────
		await page
			.getByRole('navigation', { name: t('schedule_tabs') })
			.getByRole('link', { name: t('schedule_tab_schedule') })
			.click();
		await expect(page).toHaveURL(`${base}/schedule`);
		const windows = page.getByRole('region', { name: t('schedule_windows_title') });
		await expect(windows.getByText(t('schedule_windows_none'))).toBeVisible();
		await windows.getByLabel(t('schedule_first_day')).fill(eventTomorrow());
		await expect(windows.getByLabel(t('schedule_ranges'))).toHaveValue('08:00-12:00, 13:00-17:00');
		await expectApart(
			windows.getByRole('combobox', { name: t('room'), exact: true }),
			windows.getByRole('button', { name: t('schedule_add_windows') })
		);
		await windows.getByRole('button', { name: t('schedule_add_windows') }).click();
		await expect(windows.getByRole('button', { name: /^Hapus jendela / })).toHaveCount(2);
		// The hours stay ready for the next day's windows.
		await expect(windows.getByLabel(t('schedule_ranges'))).toHaveValue('08:00-12:00, 13:00-17:00');
		const auto = page.getByRole('region', { name: t('schedule_auto_title') });
		await auto.getByRole('button', { name: t('schedule_preview') }).click();
		const proposal = auto.getByRole('region', { name: t('schedule_preview_title') });
		await expect(
			proposal.getByText(t('schedule_preview_summary', { placed: invited.length, fresh: invited.length, moved: 0, kept: 0 }))
		).toBeVisible();
		await proposal.getByRole('button', { name: t('schedule_apply') }).click();
		await expect(auto.getByRole('status')).toHaveText(t('schedule_applied', { created: invited.length, moved: 0, removed: 0 }));
		const board = page.getByRole('region', { name: t('schedule_board_title') });
		const room = board.getByRole('article').filter({ has: page.getByRole('heading', { name: `${PANEL.name} · ${PANEL.room}` }) });
		const firstSlot = room.getByRole('listitem').first();
		const firstBody = (await firstSlot.locator('strong').textContent())!.trim();
		expect(invited.map((r) => r.name)).toContain(firstBody);
		const scheduledSlots = board.getByRole('listitem').filter({ hasText: new RegExp(invited.map((r) => escapeRegExp(r.name)).join('|')) });
		await expect(scheduledSlots).toHaveCount(invited.length);

		// ── Join codes: the printable sheet for everyone ───────────────────────────────────────────
		await page.goto(`${base}/people`);
		await page.getByRole('link', { name: t('people_print_sheets') }).click();
		await expect(page).toHaveURL(`${base}/people/sheet`);
		const everyone = 1 + JURORS.length + presented.length;
		const everyoneOption = `${t('people_group_everyone')} ${t('people_group_counts', { total: everyone, missing: everyone })}`;
		await expect(page.getByRole('radio', { name: everyoneOption, exact: true })).toBeChecked();
		await page.getByRole('button', { name: t('people_make_sheet') }).click();
		await expect(page.getByRole('status')).toContainText(t('people_sheet_ready', { count: everyone }));
		await expect(page.getByRole('article')).toHaveCount(everyone);
		const chairCard = page.getByRole('article').filter({ has: page.getByRole('heading', { name: CHAIR.name }) });
		await expect(chairCard).toContainText(t('role_chair'));
		await expect(chairCard).toContainText(`${PANEL.name} · ${PANEL.room}`);
		const link = (await chairCard.getByText(/\/join\//).textContent())!.trim();
		expect(link.startsWith(`${server.baseURL}/join/`)).toBe(true);
		await expect(chairCard.getByRole('img', { name: link })).toBeVisible();

		// ── Live: the secretariat watches; the chair joins on a tablet and starts the first slot ───
		await page.goto(`${server.baseURL}/live?evaluation=${evaluationId}`);
		await expect(page.getByRole('heading', { name: EVALUATION, level: 1 })).toBeVisible();
		await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
		const liveRoom = page.getByTestId('room').filter({ hasText: PANEL.room });
		await expect(liveRoom).toContainText(t('room_waiting_next'));
		await expect(liveRoom).toContainText(`${t('next_up')}: ${firstBody}`);

		const chairContext = await browser.newContext(DEVICES.tablet);
		const chair = await chairContext.newPage();
		await chair.goto(link);
		await expect(chair.getByRole('textbox', { name: t('join_code') })).toHaveValue(link.split('/join/')[1]);
		await chair.getByRole('button', { name: t('join_submit') }).click();
		await expect(chair).toHaveURL(/\/panel$/);
		await expect(chair.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
		await expect(chair.getByRole('heading', { level: 1 })).toContainText(PANEL.name);
		await expect(chair.getByTestId('queue-row').first()).toContainText(firstBody);
		for (const juror of JURORS.filter((j) => j.panel === PANEL)) {
			await expect(chair.getByTestId('juror-row').filter({ hasText: juror.name })).toBeVisible();
		}
		await chair.getByRole('button', { name: t('cmd_start_presentation') }).click();
		await expect(chair.getByTestId('active-body')).toHaveText(firstBody);
		await expect(chair.getByTestId('slot-state').first()).toHaveAttribute('data-state', 'presenting');

		// The secretariat's page follows without a reload.
		await expect(liveRoom).toContainText(t('on_stage'));
		await expect(liveRoom).toContainText(firstBody);
		await expect(liveRoom.getByTestId('countdown')).toBeVisible();
		await expect(page.getByTestId('room').filter({ hasText: SECOND_PANEL.room })).toContainText(t('room_waiting_next'));

		await chairContext.close();
		await adminContext.close();
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
});
