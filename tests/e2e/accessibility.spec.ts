/**
 * Accessibility (issue 9, item 9). axe-core on every page, as each role sees it, in Indonesian and
 * in English, with no serious or critical violation; the live pages also while a slot is on stage,
 * with the juror's and the chair's dialogs open. A slot is run by keyboard alone: the chair's
 * commands, the juror's whole sheet and its confirmation. The juror's controls are at least
 * 44 px high and wide, and every control shows where keyboard focus is. Own server: it certifies
 * slots and publishes a version, so the results pages have something to show.
 */
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { DEVICES, criterion, expect, loginAdmin, personPage, test } from './support/fixtures';
import { LiveClient, adminSession, joinSession, publishVersion } from './support/api';
import { useIsolatedServer } from './support/isolated';
import { expectAccessible, seriousViolations, type Violation } from './support/axe';
import { t } from './support/messages';

const scene = useIsolatedServer(test, 'accessibility');
type Locale = 'id' | 'en';
const LOCALES: Locale[] = ['id', 'en'];

async function useLocale(context: BrowserContext, baseURL: string, locale: Locale) {
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
}

/** Presses Tab until `target` has focus: proof that the keyboard reaches it, in the page's own order. */
async function tabTo(page: Page, target: Locator, limit = 250): Promise<void> {
	for (let i = 0; i < limit; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${target}`);
}

/** How the focused element shows its focus: it matches :focus-visible and draws a solid outline of at least 2 px. */
async function focusRing(page: Page): Promise<{ element: string; visible: boolean }> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return { element: 'body', visible: false };
		const style = getComputedStyle(el);
		const visible = el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
		return {
			element: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`,
			visible
		};
	});
}

/** The first `stops` tab stops of the page each show a visible focus ring. */
async function expectVisibleFocus(page: Page, where: string, stops = 8) {
	await page.locator('body').focus();
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	for (let i = 0; i < stops; i++) {
		await page.keyboard.press('Tab');
		const ring = await focusRing(page);
		if (ring.element === 'body') break;
		expect(ring.visible, `focus ring of ${ring.element} on ${where}`).toBe(true);
	}
}

interface Roles {
	anonymous: BrowserContext;
	phone: BrowserContext;
	admin: { context: BrowserContext; page: Page };
	chair: { context: BrowserContext; page: Page };
	juror: { context: BrowserContext; page: Page };
	presenter: { context: BrowserContext; page: Page };
	evaluationId: string;
	slotPath: string;
}

test.describe('accessibility', () => {
	test.describe.configure({ mode: 'serial' });
	let roles: Roles;

	test.beforeAll(async ({ browser }: { browser: Browser }) => {
		test.setTimeout(120_000);
		const { server, cast } = scene();
		const base = server.baseURL;
		// Panel B's first slot is certified and version 1 published, so every results page has content.
		const chairB = await LiveClient.connect(base, await joinSession(base, cast.chair('Panel B').code));
		const first = (await chairB.panel()).queue[0];
		await chairB.run(first.id, 'start_presentation', 'open_scoring');
		for (const juror of cast.jurors('Panel B')) {
			const client = await LiveClient.connect(base, await joinSession(base, juror.code));
			await client.submit(first.id, { K1: 80, K2: 70, K3: 90, K4: 60, K5: 80, K6: 70 });
			client.close();
		}
		await chairB.run(first.id, 'close_scoring', 'certify');
		chairB.close();

		const adminContext = await browser.newContext(DEVICES.desktop);
		const adminPage = await adminContext.newPage();
		await loginAdmin(adminPage, base, server.adminPassword);
		const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await adminPage.content())![1];
		await publishVersion(base, await adminSession(base, server.adminPassword), evaluationId, 'Versi untuk uji aksesibilitas');
		await adminPage.goto(`${base}/admin/e/${evaluationId}/schedule`);
		const slotPath = (await adminPage.locator('a[href*="/schedule/slot/"]').first().getAttribute('href'))!;
		roles = {
			anonymous: await browser.newContext(DEVICES.desktop),
			phone: await browser.newContext(DEVICES.phone),
			admin: { context: adminContext, page: adminPage },
			chair: await personPage(browser, cast.chair('Panel A')),
			juror: await personPage(browser, cast.jurors('Panel A')[0]),
			presenter: await personPage(browser, cast.presenter('Panel A', 1), DEVICES.phone),
			evaluationId,
			slotPath
		};
	});

	test('every page, in both languages, has no serious or critical axe violation and a visible focus', async () => {
		// About 70 page loads, each scanned by axe on a shared 2-core machine: a budget, not a claim about speed.
		test.setTimeout(600_000);
		const { server, cast } = scene();
		const base = server.baseURL;
		const e = `/admin/e/${roles.evaluationId}`;
		const unusedJoinLink = new URL(cast.presenter('Panel A', 2).link).pathname;
		const visits: [BrowserContext, Page | null, string[]][] = [
			[roles.anonymous, null, ['/', '/login', '/join', unusedJoinLink, '/verify', '/no-such-page', '/live?screen=1']],
			[roles.phone, null, ['/live']],
			[
				roles.admin.context,
				roles.admin.page,
				[
					'/admin',
					'/admin/account',
					'/admin/accounts',
					'/admin/evaluations',
					`${e}/settings`,
					`${e}/rubric`,
					`${e}/bodies`,
					`${e}/people`,
					`${e}/people/sheet`,
					`${e}/schedule`,
					`${e}/schedule/panels`,
					`${e}/schedule/print`,
					roles.slotPath,
					// The schedule confirming a move (the slot's id in the address).
					`${e}/schedule?moved=${roles.slotPath.split('/').pop()}`,
					`${e}/visitation`,
					`${e}/documents`,
					`${e}/results`,
					`${e}/results/analysis`,
					`${e}/results/compare?from=1&to=draft`,
					`${e}/results/corrections`,
					`${e}/results/history`,
					`${e}/results/reveal`,
					`${e}/results/v/1`,
					`${e}/audit`,
					'/admin/audit',
					'/panel',
					// The jurors' notes on a slot (the secretariat reads them at any time).
					`/panel/notes/${roles.slotPath.split('/').pop()}`
				]
			],
			// The chair's and the juror's homes, and each one's refusal page (the other's home).
			[roles.chair.context, roles.chair.page, ['/panel', '/juror']],
			[roles.juror.context, roles.juror.page, ['/juror', '/panel']],
			[roles.presenter.context, roles.presenter.page, ['/presenter']]
		];
		const found: Violation[] = [];
		for (const locale of LOCALES) {
			for (const [context, given, paths] of visits) {
				await useLocale(context, base, locale);
				const page = given ?? (await context.newPage());
				for (const path of paths) {
					await page.goto(`${base}${path}`);
					await expect(page.locator('html')).toHaveAttribute('lang', locale);
					found.push(...(await seriousViolations(page, `${path} (${locale})`)));
					// The big screen has nothing to focus; every other page's first controls show focus.
					if (!path.includes('screen=1')) await expectVisibleFocus(page, `${path} (${locale})`);
				}
				if (!given) await page.close();
			}
		}
		expect(found, 'serious or critical violations').toEqual([]);
		for (const context of [roles.chair.context, roles.juror.context, roles.presenter.context, roles.admin.context]) {
			await useLocale(context, base, 'id');
		}
		await roles.chair.page.goto(`${base}/panel`);
		await roles.juror.page.goto(`${base}/juror`);
	});

	test('the chair starts a presentation and opens scoring by keyboard alone, focus staying on the commands', async () => {
		const { page } = roles.chair;
		await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
		await tabTo(page, page.getByRole('button', { name: t('cmd_start_presentation') }));
		await page.keyboard.press('Enter');
		// The button pressed is gone; the next command has the focus, so Enter runs the slot on.
		await expect(page.getByRole('button', { name: t('cmd_start_qa') })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: t('cmd_open_scoring') })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: t('cmd_close_scoring') })).toBeFocused();
		expect((await focusRing(page)).visible, 'the focused command shows its focus').toBe(true);
	});

	test('while a slot is on stage, the live pages have no serious or critical axe violation in either language', async () => {
		test.setTimeout(180_000);
		const base = scene().server.baseURL;
		const presenter = roles.presenter.page;
		const phone = await roles.phone.newPage();
		for (const locale of LOCALES) {
			for (const [context, page, path] of [
				[roles.juror.context, roles.juror.page, '/juror'],
				[roles.presenter.context, presenter, '/presenter'],
				[roles.phone, phone, '/live']
			] as const) {
				await useLocale(context, base, locale);
				await page.goto(`${base}${path}`);
				await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
				await expectAccessible(page, `${path} on stage (${locale})`);
			}
			await expect(roles.juror.page.getByTestId('criterion')).toHaveCount(6);
			// The chair's console is not reloaded: its focus stays on the command for the next test.
		}
		await phone.close();
		await useLocale(roles.juror.context, base, 'id');
		await roles.juror.page.goto(`${base}/juror`);
	});

	test("the juror's controls are at least 44 px high and wide, labelled, and show keyboard focus", async () => {
		const { page } = roles.juror;
		const sheet = page.getByTestId('criterion');
		await expect(sheet).toHaveCount(6);
		const controls = page.locator('[data-testid="criterion"] :is(button, input), [data-testid="submit-scores"]');
		const count = await controls.count();
		expect(count).toBeGreaterThan(6 * 13);
		for (let i = 0; i < count; i++) {
			const control = controls.nth(i);
			const box = (await control.boundingBox())!;
			const name = await control.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent ?? '');
			expect(box.height, `height of "${name}"`).toBeGreaterThanOrEqual(44);
			expect(box.width, `width of "${name}"`).toBeGreaterThanOrEqual(44);
		}
		// Every score field is named by its criterion (and its scale), every button by what it does.
		for (const card of await sheet.all()) {
			// The legend's own words: the criterion's name, without its code and weight.
			const name = await card.locator('legend').evaluate((legend) =>
				[...legend.childNodes]
					.filter((n) => n.nodeType === Node.TEXT_NODE)
					.map((n) => n.textContent)
					.join('')
					.trim()
			);
			await expect(card.getByRole('textbox')).toHaveAccessibleName(`${name} (0–100)`);
			await expect(card.getByRole('button', { name: t('decrease'), exact: true })).toHaveCount(1);
			await expect(card.getByRole('button', { name: t('increase'), exact: true })).toHaveCount(1);
		}
		// Focus by keyboard on each kind of control draws a ring: the score field, a step, a quick pick.
		const first = criterion(page, 'K1');
		for (const control of [
			first.getByRole('textbox'),
			first.getByRole('button', { name: t('increase'), exact: true }),
			first.getByRole('group', { name: t('quick_pick') }).getByRole('button', { name: '50', exact: true })
		]) {
			await tabTo(page, control);
			const ring = await focusRing(page);
			expect(ring.visible, `focus ring of ${ring.element}`).toBe(true);
		}
	});

	test('the juror scores a whole sheet and submits it by keyboard alone', async () => {
		const { page } = roles.juror;
		const base = scene().server.baseURL;
		await page.goto(`${base}/juror`);
		await expect(page.getByTestId('criterion')).toHaveCount(6);
		// Typed into the score fields…
		for (const [code, value] of [
			['K1', '85'],
			['K2', '70'],
			['K3', '90'],
			['K4', '65']
		]) {
			await tabTo(page, criterion(page, code).getByRole('textbox'));
			await page.keyboard.type(value);
			await page.keyboard.press('Tab');
			await expect(criterion(page, code).getByRole('textbox')).toHaveValue(value);
		}
		// …a quick pick pressed with Space, another with Enter and then stepped up twice with "+".
		await tabTo(
			page,
			criterion(page, 'K5')
				.getByRole('group', { name: t('quick_pick') })
				.getByRole('button', { name: '80', exact: true })
		);
		await page.keyboard.press('Space');
		await tabTo(
			page,
			criterion(page, 'K6')
				.getByRole('group', { name: t('quick_pick') })
				.getByRole('button', { name: '60', exact: true })
		);
		await page.keyboard.press('Enter');
		await tabTo(page, criterion(page, 'K6').getByRole('button', { name: t('increase'), exact: true }));
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await expect(criterion(page, 'K5').getByRole('textbox')).toHaveValue('80');
		await expect(criterion(page, 'K6').getByRole('textbox')).toHaveValue('62');
		// 25 × 0.85 + 20 × 0.70 + 20 × 0.90 + 15 × 0.65 + 10 × 0.80 + 10 × 0.62 = 77.20
		await expect(page.getByTestId('running-total')).toHaveText('77,20');

		const submit = page.getByTestId('submit-scores');
		await tabTo(page, submit);
		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', { name: t('confirm_total_title') });
		await expect(dialog).toBeVisible();
		// Focus is in the dialog, on sending; Escape cancels and gives focus back to the submit button.
		await expect(dialog.getByTestId('confirm-submit')).toBeFocused();
		await expectAccessible(page, 'the juror’s confirmation (id)');
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
		await expect(submit).toBeFocused();
		// While the dialog is open, Tab never reaches the sheet behind it (past its last button focus
		// leaves the page for the browser's own controls, as a modal dialog lets it).
		await page.keyboard.press('Enter');
		await expect(dialog).toBeVisible();
		for (let i = 0; i < 5; i++) {
			await page.keyboard.press('Tab');
			const behind = await dialog.evaluate(
				(el) => document.activeElement !== null && document.activeElement !== document.body && !el.contains(document.activeElement)
			);
			expect(behind, 'focus on the sheet behind the dialog').toBe(false);
		}
		await expect(dialog.getByTestId('confirm-total')).toHaveText('77,20');
		await dialog.getByTestId('confirm-submit').focus();
		await page.keyboard.press('Enter');
		await expect(dialog).toBeHidden();
		await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
		await expect(page.getByTestId('save-status')).toContainText('77,20');
		await expect(submit).toBeFocused();
	});

	test('the chair closes scoring and certifies by keyboard alone', async () => {
		const { server, cast } = scene();
		const base = server.baseURL;
		const { page } = roles.chair;
		// The other two jurors send their sheets from their own tablets.
		for (const juror of cast.jurors('Panel A').slice(1)) {
			const client = await LiveClient.connect(base, await joinSession(base, juror.code));
			const slot = (await client.sync({ view: 'juror' })).data.slot;
			expect(slot?.state, 'scoring is open in Panel A').toBe('scoring');
			await client.submit(slot!.id, { K1: 80, K2: 80, K3: 80, K4: 80, K5: 80, K6: 80 });
			client.close();
		}
		await expect(page.getByTestId('juror-row').filter({ hasText: t('submitted') })).toHaveCount(3);

		// The console with scoring open (axe moves no focus).
		await expectAccessible(page, 'the console with scoring open (id)');
		await expect(page.getByRole('button', { name: t('cmd_close_scoring') })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: t('cmd_certify') })).toBeFocused();
		await page.keyboard.press('Enter');
		const dialog = page.getByTestId('certify-dialog');
		await expect(dialog).toBeVisible();
		await expect(dialog.getByRole('button', { name: t('certify_dialog_confirm') })).toBeFocused();
		await expectAccessible(page, 'the certify dialog (id)');
		await page.keyboard.press('Enter');
		await expect(dialog).toBeHidden();
		await expect(page.getByTestId('queue-row').first()).toContainText(t('state_certified'));
		// Focus goes on to the next command: starting the next presentation.
		await expect(page.getByRole('button', { name: t('cmd_start_presentation') })).toBeFocused();
		// After a certification, in English too.
		await useLocale(roles.chair.context, base, 'en');
		await page.reload();
		await expectAccessible(page, 'the console after a certification (en)');
	});
});
