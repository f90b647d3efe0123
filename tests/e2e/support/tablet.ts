import type { Page } from '@playwright/test';
import { criterion, expect } from './fixtures';

/** Every sheet in the tablet's outboxes (localStorage), queued or refused. */
export const outboxItems = (page: Page) =>
	page.evaluate(() =>
		Object.keys(localStorage)
			.filter((key) => key.startsWith('juri.outbox.'))
			.flatMap((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[])
	);

/** The criteria on screen hold these numbers. */
export async function expectSheetOnScreen(page: Page, sheet: Record<string, number>): Promise<void> {
	for (const [code, value] of Object.entries(sheet)) await expect(criterion(page, code).getByRole('textbox')).toHaveValue(String(value));
}

/**
 * Empties the browser's HTTP cache (Chromium, through the DevTools protocol), so a page loaded
 * offline afterwards can only come from the offline shell's own cache, not from files the
 * browser happened to keep.
 */
export async function clearHttpCache(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.clearBrowserCache');
	await cdp.detach();
}

/** The tablet keeps a copy of the juror page (the offline shell is installed), so it can reload offline. */
export const offlineReady = (page: Page) => expect(page.getByRole('main')).toHaveAttribute('data-offline-ready', 'true');
