/**
 * The documents hub's listing: every published version (for its annex, summary and bundle), every
 * panel's days with their slots (for the minutes and score sheets), and whether the visitation has
 * anything to print. Reads only what the links need; the documents are made when they are asked for.
 */
import { z } from 'zod';
import { eventDate } from '$lib/domain/setup/schedule';
import type { DocumentsHub, HubPanel } from '$lib/shared/documents';
import type { SessionUser } from '../auth/session';
import type { ServiceContext } from '../services/context';
import { loadEvaluation } from '../services/evaluation-rules';
import { parseInput } from '../services/validation';
import { requireSecretariat } from './access';

/**
 * @example const hub = await documentsHub(ctx, admin, { evaluationId }); // { versions: [{ version: 2, … }], panels: [{ name: 'Panel A', days: [{ day: '2026-11-28', slots: […] }] }], … }
 */
export async function documentsHub(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<DocumentsHub> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(z.object({ evaluationId: z.string().min(1).max(64) }), raw);
	const { time_zone: zone } = await loadEvaluation(ctx.db, evaluationId);
	const db = ctx.db;
	const [versions, panels, slots, sheets, plan, shortlisted, visits] = await Promise.all([
		db
			.selectFrom('result_versions')
			.select(['version', 'created_at', 'reason', 'decree_number', 'decree_date'])
			.where('evaluation_id', '=', evaluationId)
			.orderBy('version', 'desc')
			.execute(),
		db.selectFrom('panels').select(['id', 'name', 'room']).where('evaluation_id', '=', evaluationId).orderBy('name').execute(),
		db
			.selectFrom('slots')
			.innerJoin('bodies', 'bodies.id', 'slots.body_id')
			.select(['slots.id', 'slots.panel_id', 'slots.planned_start', 'slots.state', 'bodies.name'])
			.where('slots.evaluation_id', '=', evaluationId)
			.orderBy('slots.planned_start')
			.orderBy('slots.position')
			.execute(),
		db
			.selectFrom('score_submissions')
			.innerJoin('slots', 'slots.id', 'score_submissions.slot_id')
			.select(['score_submissions.slot_id', 'score_submissions.juror_id'])
			.where('slots.evaluation_id', '=', evaluationId)
			.execute(),
		db.selectFrom('visitation_plans').select('evaluation_id').where('evaluation_id', '=', evaluationId).executeTakeFirst(),
		db.selectFrom('shortlist_entries').select('body_id').where('evaluation_id', '=', evaluationId).where('included', '=', 1).execute(),
		db.selectFrom('visits').select('id').where('evaluation_id', '=', evaluationId).execute()
	]);
	const jurorsBySlot = new Map<string, Set<string>>();
	for (const s of sheets) jurorsBySlot.set(s.slot_id, (jurorsBySlot.get(s.slot_id) ?? new Set()).add(s.juror_id));
	const listed: HubPanel[] = panels.map((p) => ({ ...p, days: [] }));
	const byId = new Map(listed.map((p) => [p.id, p]));
	for (const s of slots) {
		const panel = byId.get(s.panel_id)!;
		const day = eventDate(s.planned_start, zone);
		if (panel.days.at(-1)?.day !== day) panel.days.push({ day, slots: [] });
		panel.days
			.at(-1)!
			.slots.push({ id: s.id, bodyName: s.name, start: s.planned_start, state: s.state, sheets: jurorsBySlot.get(s.id)?.size ?? 0 });
	}
	return {
		versions: versions.map((v) => ({
			version: v.version,
			publishedAt: v.created_at,
			reason: v.reason,
			decreeNumber: v.decree_number,
			decreeDate: v.decree_date
		})),
		panels: listed,
		visitation: { rule: plan !== undefined, shortlisted: shortlisted.length, visits: visits.length }
	};
}
