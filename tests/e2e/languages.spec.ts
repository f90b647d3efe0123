/**
 * Every word in the reader's language: each role's pages, the error pages (a juror opening the
 * chair's console, an address that does not exist) and refusals (certifying below the quorum, a
 * command with no answer), each in Indonesian and in English, with the visible text scanned for
 * words of the other language. Names and data (bodies, people, bands, criteria) are left out of
 * the scan: they are the event's, in whatever language it keeps them. Own server.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { DEVICES, expect, loginAdmin, personPage, test } from './support/fixtures';
import { useIsolatedServer } from './support/isolated';
import { t } from './support/messages';
import { ENGLISH_WORDS, INDONESIAN_WORDS, wordsOf } from '../support/language-words';

const scene = useIsolatedServer(test, 'languages');
type Locale = 'id' | 'en';
const LOCALES: Locale[] = ['id', 'en'];

/** The event's own words, shown as entered whatever the reader's language. */
const DATA = [
	/\b(Tidak|Kurang|Cukup|Menuju) Informatif\b|\bInformatif\b/g,
	/Monev KIP[^\n]*/g,
	/Komitmen pimpinan|Kebijakan & strategi KIP|Inovasi & digitalisasi|Kebermanfaatan informasi|Aksesibilitas & inklusi|Kolaborasi/g,
	/Bahasa Indonesia|English/g
];

async function useLocale(context: BrowserContext, baseURL: string, locale: Locale) {
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: baseURL }]);
}

/** The page's visible text, with the people's and bodies' names and the event's data taken out. */
async function visibleText(page: Page, names: string[]): Promise<string> {
	let text = await page.locator('body').innerText();
	for (const name of [...names].sort((a, b) => b.length - a.length)) text = text.split(name).join(' ');
	for (const pattern of DATA) text = text.replace(pattern, ' ');
	return text;
}

async function expectOnlyLanguage(page: Page, locale: Locale, names: string[]) {
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	const text = await visibleText(page, names);
	const foreign = wordsOf(locale === 'id' ? ENGLISH_WORDS : INDONESIAN_WORDS, text);
	expect(foreign, `${page.url()} in ${locale}:\n${text}`).toEqual([]);
}

test('every page and refusal speaks only the reader language', async ({ browser }) => {
	test.setTimeout(180_000);
	const { server, cast } = scene();
	const base = server.baseURL;
	const names = server.people.map((p) => p.name).concat(['Panel A', 'Panel B', 'Ruang Merapi', 'Ruang Rinjani']);

	const chair = await personPage(browser, cast.chair('Panel A'));
	const juror = await personPage(browser, cast.jurors('Panel A')[0]);
	const presenter = await personPage(browser, cast.presenter('Panel A', 1), DEVICES.phone);
	const admin = await (async () => {
		const context = await browser.newContext(DEVICES.desktop);
		const page = await context.newPage();
		await loginAdmin(page, base, server.adminPassword);
		return { context, page };
	})();
	const evaluationId = /\/live\?evaluation=([\w-]+)/.exec(await admin.page.content())![1];
	const anonymous = await (async () => {
		const context = await browser.newContext(DEVICES.desktop);
		return { context, page: await context.newPage() };
	})();
	const visits: [{ context: BrowserContext; page: Page }, string[]][] = [
		[anonymous, ['/', '/login', '/join', '/live', '/no-such-page']],
		[chair, ['/panel', '/juror']],
		[juror, ['/juror', '/panel', '/admin']],
		[presenter, ['/presenter', '/live']],
		[admin, ['/admin', '/admin/evaluations', `/admin/e/${evaluationId}/schedule`, `/admin/e/${evaluationId}/results`]]
	];
	for (const locale of LOCALES) {
		for (const [who, paths] of visits) {
			await useLocale(who.context, base, locale);
			for (const path of paths) {
				await who.page.goto(`${base}${path}`);
				await expectOnlyLanguage(who.page, locale, names);
			}
		}

		// A juror who opens the chair's console is told so and sent back to the tablet.
		await juror.page.goto(`${base}/panel`);
		await expect(juror.page.getByRole('heading', { level: 1 })).toHaveText(t('error_page_forbidden_title', {}, locale));
		await expect(juror.page.getByTestId('way-back')).toHaveAttribute('href', '/juror');
		await expect(juror.page.getByTestId('way-back')).toHaveText(t('error_page_go_juror', {}, locale));
		// An address that does not exist, for someone signed out: the way back is signing in.
		await anonymous.page.goto(`${base}/no-such-page`);
		await expect(anonymous.page.getByRole('heading', { level: 1 })).toHaveText(t('error_page_not_found_title', {}, locale));
		await expect(anonymous.page.getByTestId('way-back')).toHaveAttribute('href', '/login');
	}

	// Certifying below the quorum (no sheet at all): the console says so before, in each language,
	// offers reopening scoring and no "certify".
	const console = chair.page;
	await useLocale(chair.context, base, 'id');
	await console.goto(`${base}/panel`);
	await console.getByRole('button', { name: t('cmd_start_presentation') }).click();
	await console.getByRole('button', { name: t('cmd_open_scoring') }).click();
	await console.getByRole('button', { name: t('cmd_close_scoring') }).click();
	for (const locale of LOCALES) {
		await useLocale(chair.context, base, locale);
		await console.reload();
		await console.getByRole('button', { name: t('cmd_certify', {}, locale) }).click();
		const dialog = console.getByTestId('certify-dialog');
		await expect(dialog.getByTestId('certify-quorum')).toHaveText(t('refusal_quorum_not_met', { valid: 0, quorum: 2 }, locale));
		await expect(dialog.getByRole('button', { name: t('certify_dialog_confirm', {}, locale) })).toHaveCount(0);
		await expect(dialog.getByRole('button', { name: t('cmd_reopen_scoring', {}, locale) })).toBeVisible();
		await expectOnlyLanguage(console, locale, names);
		await dialog.getByRole('button', { name: t('certify_dialog_cancel', {}, locale) }).click();

		// A command the server never answers (the network is gone) is refused in words, too.
		await chair.context.setOffline(true);
		await console.getByRole('button', { name: t('cmd_reopen_scoring', {}, locale) }).click();
		await expect(console.locator('p.card.error[role=alert]')).toHaveText(t('refusal_no_answer', {}, locale), { timeout: 15_000 });
		await expectOnlyLanguage(console, locale, names);
		await chair.context.setOffline(false);
	}
});
