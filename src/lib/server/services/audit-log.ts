/**
 * The secretariat's reading of an evaluation's audit log (or of the rows of no evaluation: accounts,
 * sign-ins): filtered by person, action, public body
 * and days on the event's clocks, newest first, a page at a time (keyset on seq), each row read
 * field by field. Read-only: the log is written by `appendAudit` alone.
 */
import { z } from 'zod';
import { changeReason, fieldChanges } from '$lib/domain/audit';
import { DEFAULT_EVENT_ZONE } from '$lib/domain/setup/event-zone';
import { eventTimeToEpoch, isEventDate } from '$lib/domain/setup/schedule';
import type { AuditLogPage } from '$lib/shared/audit-log';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from './context';
import { secretariatOnly } from './errors';
import { eventZoneOf } from './evaluation-rules';
import { parseInput } from './validation';

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;
/** Field changes listed per entry; the rest are counted (an import or a publication touches thousands). */
export const CHANGES_PER_ENTRY = 40;
const DAY_MS = 86_400_000;

// A GET form sends every field, the unused ones empty: empty means "any".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
// Letters, digits and hyphens only: a body's id goes into a LIKE pattern, where _ and % are wildcards.
const id = z
	.string()
	.max(64)
	.regex(/^[A-Za-z0-9-]+$/, 'invalid');
const day = z.string().refine(isEventDate, 'invalid');

const readInput = z
	.object({
		/** The evaluation whose log is read; absent: the rows of no evaluation (accounts, sign-ins, the audit key). */
		evaluationId: z.string().min(1).max(64).optional(),
		person: optional(id),
		action: optional(
			z
				.string()
				.max(64)
				.regex(/^[a-z_]+(\.[a-z_]+)*$/, 'invalid')
		),
		body: optional(id),
		from: optional(day),
		to: optional(day),
		before: optional(
			z
				.string()
				.regex(/^[1-9]\d{0,14}$/, 'invalid')
				.transform(Number)
		)
	})
	.refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'range' });

/**
 * One page of the evaluation's audit log, newest first. `raw` holds the evaluation id and the
 * filters as the URL carries them (strings; empty means any); a bad value is refused with the
 * field it is in (`invalid`, or `range` for an end before the start) and nothing is read.
 *
 * @example const page = await readAuditLog(ctx, admin, { evaluationId, action: 'evaluation.settings_unlock', from: '2026-11-28' });
 */
export async function readAuditLog(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<AuditLogPage> {
	if (actor.role !== 'admin') throw secretariatOnly('Only the secretariat reads the audit log');
	const input = parseInput(readInput, raw);
	const evaluationId = input.evaluationId ?? null;
	// Rows of no evaluation are shown on the default event clocks (WIB), named on the page.
	const zone = evaluationId === null ? DEFAULT_EVENT_ZONE : await eventZoneOf(ctx.db, evaluationId);
	let query = ctx.db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_id')
		.select(['audit_log.seq', 'audit_log.at', 'audit_log.action', 'audit_log.before', 'audit_log.after', 'users.name as actor'])
		.where('audit_log.evaluation_id', evaluationId === null ? 'is' : '=', evaluationId);
	if (input.person) query = query.where('audit_log.actor_id', '=', input.person);
	if (input.action) query = query.where('audit_log.action', '=', input.action);
	if (input.from) query = query.where('audit_log.at', '>=', eventTimeToEpoch(input.from, '00:00', zone)!);
	if (input.to) query = query.where('audit_log.at', '<', eventTimeToEpoch(input.to, '00:00', zone)! + DAY_MS);
	if (input.before) query = query.where('audit_log.seq', '<', input.before);
	if (input.body) {
		// A body's rows: about the body or one of its slots (a slot command), or naming either in
		// what they changed (a score sheet names its slot; a correction or a visit its body), as a
		// JSON string: the id in quotes. Ids hold letters, digits and hyphens only (no wildcards).
		const slots = await ctx.db.selectFrom('slots').select('id').where('body_id', '=', input.body).execute();
		const ids = [input.body, ...slots.map((slot) => slot.id)];
		query = query.where((eb) =>
			eb.or([
				eb('audit_log.entity_id', 'in', ids),
				...ids.flatMap((id) => [eb('audit_log.before', 'like', `%"${id}"%`), eb('audit_log.after', 'like', `%"${id}"%`)])
			])
		);
	}
	const rows = await query
		.orderBy('audit_log.seq', 'desc')
		.limit(AUDIT_PAGE_SIZE + 1)
		.execute();
	const shown = rows.slice(0, AUDIT_PAGE_SIZE);
	return {
		entries: shown.map((row) => {
			const after = parse(row.after);
			const changes = fieldChanges(parse(row.before), after);
			return {
				seq: row.seq,
				at: row.at,
				actor: row.actor,
				action: row.action,
				changes: changes.slice(0, CHANGES_PER_ENTRY),
				moreChanges: Math.max(0, changes.length - CHANGES_PER_ENTRY),
				reason: changeReason(after)
			};
		}),
		next: rows.length > AUDIT_PAGE_SIZE ? shown[shown.length - 1].seq : null,
		timeZone: zone,
		options: await filterOptions(ctx, evaluationId)
	};
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/** What the filters offer: the people and actions the log holds (the evaluation's, or no evaluation's), and its bodies. */
async function filterOptions(ctx: ServiceContext, evaluationId: string | null): Promise<AuditLogPage['options']> {
	const log = ctx.db.selectFrom('audit_log').where('evaluation_id', evaluationId === null ? 'is' : '=', evaluationId);
	const [people, actions, bodies] = await Promise.all([
		ctx.db
			.selectFrom('users')
			.select(['id', 'name'])
			.where('id', 'in', log.select('actor_id').where('actor_id', 'is not', null).$castTo<string>())
			.orderBy('name')
			.orderBy('id')
			.execute(),
		log.select('action').distinct().orderBy('action').execute(),
		evaluationId === null
			? []
			: ctx.db.selectFrom('bodies').select(['id', 'name']).where('evaluation_id', '=', evaluationId).orderBy('name').orderBy('id').execute()
	]);
	return { people, actions: actions.map((a) => a.action), bodies };
}
