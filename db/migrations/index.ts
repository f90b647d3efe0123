import type { Migration } from 'kysely';
import * as initial from './2026-11-29T00-initial';
import * as auditAnchors from './2026-12-02T00-audit-anchors';
import * as resultsPublication from './2026-12-02T01-results-publication';
import * as resultsOnRecord from './2026-12-03T20-results-on-record';
import * as eventTimeZone from './2026-12-04T00-event-time-zone';
import * as signedVersions from './2026-12-04T00-signed-versions';
import * as stagedReveal from './2026-12-04T10-staged-reveal';
import * as presenterArrival from './2026-12-05T00-presenter-arrival';
import * as jurorNotes from './2026-12-05T00-juror-notes';
import * as rescoreRequests from './2026-12-05T01-rescore-requests';
import * as practiceSlots from './2026-12-05T02-practice-slots';

/**
 * Every migration, by name. An explicit list rather than a folder scan, so the same code runs
 * in the Vite build, in vitest and under tsx (`npm run db:migrate`). Names sort in order of application.
 */
export const migrations: Record<string, Migration> = {
	'2026-11-29T00-initial': initial,
	'2026-12-02T00-audit-anchors': auditAnchors,
	'2026-12-02T01-results-publication': resultsPublication,
	'2026-12-03T20-results-on-record': resultsOnRecord,
	'2026-12-04T00-event-time-zone': eventTimeZone,
	'2026-12-04T00-signed-versions': signedVersions,
	'2026-12-04T10-staged-reveal': stagedReveal,
	'2026-12-05T00-presenter-arrival': presenterArrival,
	'2026-12-05T00-juror-notes': jurorNotes,
	'2026-12-05T01-rescore-requests': rescoreRequests,
	'2026-12-05T02-practice-slots': practiceSlots
};
