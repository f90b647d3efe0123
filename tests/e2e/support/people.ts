import type { Person, ServerInfo } from './server';

/** Finds the people of a seeded demo by role and panel, in banner order. */
export class Cast {
	constructor(readonly people: Person[]) {}

	chair(panel: 'Panel A' | 'Panel B'): Person {
		return this.#one((p) => p.role === 'chair' && p.panel === panel, `chair of ${panel}`);
	}

	/** The jurors of a panel in seat order (the banner lists them so). */
	jurors(panel: 'Panel A' | 'Panel B'): Person[] {
		const jurors = this.people.filter((p) => p.role === 'juror' && p.panel === panel);
		if (jurors.length < 3) throw new Error(`expected three jurors in ${panel}, found ${jurors.length}`);
		return jurors;
	}

	/** The presenter of the body at `position` (1-based) in a panel's queue. */
	presenter(panel: 'Panel A' | 'Panel B', position: number): Person {
		return this.#one((p) => p.role === 'presenter' && p.detail === `${panel} · #${position}`, `presenter ${panel} #${position}`);
	}

	#one(test: (p: Person) => boolean, what: string): Person {
		const found = this.people.find(test);
		if (!found) throw new Error(`The start banner lists no ${what}`);
		return found;
	}
}

export const castOf = (server: Pick<ServerInfo, 'people'>) => new Cast(server.people);
