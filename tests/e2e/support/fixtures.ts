import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { chromiumProblem } from './browser';
import { t } from './messages';
import type { Person } from './server';

export { expect };

/** Browser tests: skipped with a clear message when Chromium is missing (the config fails the run instead on CI). */
export const test = base.extend<{ _chromium: void }>({
	_chromium: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use, testInfo) => {
			const problem = chromiumProblem();
			testInfo.skip(problem !== null, problem ?? '');
			await use();
		},
		{ auto: true }
	]
});

export const DEVICES = {
	tablet: { viewport: { width: 1024, height: 768 }, hasTouch: true },
	tabletPortrait: { viewport: { width: 768, height: 1024 }, hasTouch: true },
	phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
	bigScreen: { viewport: { width: 1920, height: 1080 } },
	desktop: { viewport: { width: 1280, height: 800 } }
} satisfies Record<string, BrowserContextOptions>;

/** Home of each role after joining. */
export const HOME = { chair: '/panel', juror: '/juror', presenter: '/presenter' } as const;

/** Opens the person's join link and presses the join button (a GET alone never redeems the code). */
export async function joinAs(page: Page, person: Person): Promise<void> {
	await page.goto(person.link);
	await expect(page.getByRole('textbox', { name: t('join_code') })).toHaveValue(person.code);
	await page.getByRole('button', { name: t('join_submit') }).click();
	await expect(page).toHaveURL(new RegExp(`${HOME[person.role]}$`));
	// Every home has a connection badge, set once the page has hydrated and its socket is up.
	await expect(page.getByTestId('connection')).toHaveAttribute('data-connected', 'true');
}

/** A fresh browser context (its own cookies and storage) with a page signed in as `person`. */
export async function personPage(
	browser: Browser,
	person: Person,
	device: BrowserContextOptions = DEVICES.tablet
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(device);
	const page = await context.newPage();
	await joinAs(page, person);
	return { context, page };
}

/** Signs the secretariat in through the login page. */
export async function loginAdmin(page: Page, baseURL: string, password: string): Promise<void> {
	await page.goto(`${baseURL}/login`);
	await page.getByRole('textbox', { name: t('username') }).fill('admin');
	await page.getByLabel(t('password')).fill(password);
	await page.getByRole('button', { name: t('login_submit') }).click();
	await expect(page).toHaveURL(/\/admin$/);
	// The dashboard's scripts loaded (so it hydrates): a link clicked before that is a full page load,
	// and text typed into the next page before it hydrates is reset by it (noted in the README).
	await page.waitForLoadState('networkidle');
}

/** A score the way the app prints it: two decimals in the locale's format (decimal comma in Indonesian). */
export function score(value: number, locale: 'id' | 'en' = 'id'): string {
	return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** The demo rubric's weights (Monev KIP preset, every criterion on 0–100): an independent oracle. */
export const WEIGHTS = { K1: 25, K2: 20, K3: 20, K4: 15, K5: 10, K6: 10 } as const;
export type Sheet = Record<keyof typeof WEIGHTS, number>;

export function sheetTotal(sheet: Sheet): number {
	return Object.entries(WEIGHTS).reduce((sum, [code, weight]) => sum + (weight * sheet[code as keyof Sheet]) / 100, 0);
}

/** A criterion card on the juror tablet. */
export const criterion = (page: Page, code: string) => page.locator(`[data-testid="criterion"][data-code="${code}"]`);

/** Fills a whole sheet with the quick-pick buttons (values must be multiples of 10). */
export async function quickPickSheet(page: Page, sheet: Sheet): Promise<void> {
	for (const [code, value] of Object.entries(sheet)) {
		const card = criterion(page, code);
		await card
			.getByRole('group', { name: t('quick_pick') })
			.getByRole('button', { name: String(value), exact: true })
			.tap();
		await expect(card.getByRole('textbox')).toHaveValue(String(value));
	}
}

/** Presses the submit button, checks the total in the confirmation dialog and confirms. */
export async function submitSheet(page: Page, expectedTotal: string): Promise<void> {
	await page.getByTestId('submit-scores').tap();
	const dialog = page.getByRole('dialog', { name: t('confirm_total_title') });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByTestId('confirm-total')).toHaveText(expectedTotal);
	await dialog.getByTestId('confirm-submit').tap();
	await expect(dialog).toBeHidden();
}
