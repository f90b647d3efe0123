import type { LeaderboardEntry, PublishedVersionLabel } from './contracts';

/** One category on the reveal console: every line (the secretariat sees them all) and what the next steps would show. */
export interface RevealConsoleCategory {
	categoryId: string;
	categoryName: string;
	/** In rank order, best first; `revealed` marks what the audience is shown. */
	lines: (LeaderboardEntry & { revealed: boolean })[];
	shown: number;
	/** The bodies the next body step shows (more than one when tied); empty when all are revealed. */
	nextBodies: string[];
	/** The band the next band step shows and how many bodies it adds; null when all are revealed. */
	nextBand: { band: string; count: number } | null;
}

/** The reveal console of an evaluation. */
export interface RevealConsoleView {
	evaluation: { id: string; name: string };
	/** Steps are refused unless the evaluation's public policy is the staged reveal. */
	staged: boolean;
	/** The version being revealed; null: the provisional results of certified slots. */
	published: PublishedVersionLabel | null;
	focusCategoryId: string | null;
	categories: RevealConsoleCategory[];
}
