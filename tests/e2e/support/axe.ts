import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface Violation {
	where: string;
	rule: string;
	impact: string;
	help: string;
	nodes: string[];
}

/** The serious and critical violations axe-core finds on the page as it is now (every rule axe runs by default). */
export async function seriousViolations(page: Page, where: string): Promise<Violation[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => ({ where, rule: v.id, impact: v.impact!, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The page as it is now has no serious or critical axe violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
	expect(await seriousViolations(page, where), `axe on ${where}`).toEqual([]);
}
