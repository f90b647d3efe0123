import type { DB } from '../db';
import type { ReadOptions } from '../import/read-table';
import type { SigningKey } from '../signing-key';

/** What changed, so the realtime layer knows which live views to rebuild and push. */
export interface LiveChange {
	evaluationId: string;
	version: number;
	/** Panels whose whole room changed: the chair's console and every juror's tablet. */
	panels?: string[];
	/** Panels where only the chair's console changed (a juror submitted). */
	consoles?: string[];
	/** Users whose personal view changed (a juror's own sheet). */
	users?: string[];
	/** Whether public views (audience, presenters) may show something new. */
	public?: boolean;
	/**
	 * People whose place changed (made or no longer chair of a panel, seated or unseated, a presenter's
	 * body): their live connections are re-checked, leave the rooms they no longer belong to and get
	 * each view they follow afresh, or its refusal.
	 */
	members?: string[];
}

/** The port through which services announce committed changes; socket.io implements it. */
export interface Publisher {
	changed(change: LiveChange): void;
	/** Ends the live connections opened with one session (after its logout). */
	disconnectSession(sessionId: string): void;
}

/** For processes with no live clients (CLIs, the seed): changes are simply not announced. */
export const silentPublisher: Publisher = { changed() {}, disconnectSession() {} };

export interface ServiceContext {
	db: DB;
	publisher: Publisher;
	/** The time services go by (epoch ms); tests inject one so throttles and expiries never race the wall clock. */
	clock?: () => number;
	/** How uploaded files are read; absent, the defaults (tests pass a tighter deadline or limits). */
	importReading?: ReadOptions;
	/** The key published versions are signed with (see signing-key.ts); absent, they are published unsigned. */
	signingKey?: SigningKey | null;
	/** The site's public origin (ORIGIN), for links printed on documents (the verification page's); absent, they are printed as paths. */
	publicOrigin?: string;
}

/** What time it is for a service: the injected clock, else the system's. */
export const nowOf = (ctx: Pick<ServiceContext, 'clock'>): number => (ctx.clock ? ctx.clock() : Date.now());
