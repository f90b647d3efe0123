import { expect, type Locator } from '@playwright/test';

async function box(locator: Locator) {
	const found = await locator.boundingBox();
	if (!found) throw new Error(`${locator} is not rendered`);
	return found;
}

/** `inner` is drawn within `outer` (e.g. a row's buttons stay inside the row), to a pixel. */
export async function expectInside(inner: Locator, outer: Locator): Promise<void> {
	const [a, b] = [await box(inner), await box(outer)];
	expect(a.x, `${inner} starts inside ${outer}`).toBeGreaterThanOrEqual(b.x - 1);
	expect(a.y, `${inner} starts inside ${outer}`).toBeGreaterThanOrEqual(b.y - 1);
	expect(a.x + a.width, `${inner} ends inside ${outer}`).toBeLessThanOrEqual(b.x + b.width + 1);
	expect(a.y + a.height, `${inner} ends inside ${outer}`).toBeLessThanOrEqual(b.y + b.height + 1);
}

/** Two controls do not cover each other. */
export async function expectApart(first: Locator, second: Locator): Promise<void> {
	const [a, b] = [await box(first), await box(second)];
	const overlapX = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
	const overlapY = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
	expect(overlapX > 1 && overlapY > 1, `${first} and ${second} overlap`).toBe(false);
}
