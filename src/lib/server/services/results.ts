import {
	computeResults,
	slotJurors,
	withStoredCorrections,
	type JurorEntry,
	type ResultInputs,
	type ResultSet,
	type SlotScores
} from '$lib/domain/scoring';
import { certificationReadiness, type CertificationReadiness } from '$lib/domain/live/certification';
import { storedAmendments } from './amendments';
import type { DB } from '../db';
import type { Evaluation, Slot } from '../db/schema';
import { loadEvaluation, loadRubric, scoringRules } from './evaluation-rules';

interface SheetRow {
	slot_id: string;
	juror_id: string;
	revision: number;
	scores: string;
}

/**
 * The jurors' entries for the given slots: each panel juror is scored (latest revision), recused
 * (a declared conflict with the slot's body) or absent. One query each, whatever the slot count.
 */
export async function jurorEntries(db: DB, slots: Pick<Slot, 'id' | 'panel_id' | 'body_id'>[]): Promise<Map<string, JurorEntry[]>> {
	const bySlot = new Map<string, JurorEntry[]>();
	if (slots.length === 0) return bySlot;
	const slotIds = slots.map((s) => s.id);
	const [seats, sheets, recusals] = await Promise.all([
		db
			.selectFrom('panel_jurors')
			.select(['panel_id', 'juror_id'])
			.where('panel_id', 'in', [...new Set(slots.map((s) => s.panel_id))])
			.orderBy('seat')
			.execute(),
		db.selectFrom('score_submissions').select(['slot_id', 'juror_id', 'revision', 'scores']).where('slot_id', 'in', slotIds).execute(),
		db
			.selectFrom('recusals')
			.select(['juror_id', 'body_id'])
			.where(
				'body_id',
				'in',
				slots.map((s) => s.body_id)
			)
			.execute()
	]);
	const latest = new Map<string, SheetRow>();
	for (const sheet of sheets) {
		const key = `${sheet.slot_id}:${sheet.juror_id}`;
		if ((latest.get(key)?.revision ?? 0) < sheet.revision) latest.set(key, sheet);
	}
	const recused = new Set(recusals.map((r) => `${r.juror_id}:${r.body_id}`));
	for (const slot of slots) {
		const seated = seats.filter((seat) => seat.panel_id === slot.panel_id).map((seat) => seat.juror_id);
		const recusedHere = new Set(seated.filter((jurorId) => recused.has(`${jurorId}:${slot.body_id}`)));
		const entries = slotJurors(seated, recusedHere, (jurorId) => {
			const sheet = latest.get(`${slot.id}:${jurorId}`);
			return sheet ? JSON.parse(sheet.scores) : undefined;
		});
		bySlot.set(slot.id, entries);
	}
	return bySlot;
}

export interface CertificationCheck extends CertificationReadiness {
	missing: { id: string; name: string }[];
}

/** Whether a closed slot can be certified: enough valid sheets, and who has not submitted. */
export async function certificationCheck(db: DB, evaluation: Evaluation, slot: Slot): Promise<CertificationCheck> {
	const entries = (await jurorEntries(db, [slot])).get(slot.id) ?? [];
	const readiness = certificationReadiness(entries, scoringRules(evaluation).aggregation.quorum);
	const { absentIds } = readiness;
	const names = absentIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', absentIds).execute() : [];
	return { ...readiness, missing: names };
}

/**
 * The inputs of the results from the certified slots only (nothing a juror entered for an open slot
 * is read), corrections applied. `scope: 'presented'` takes only bodies with a certified slot (the
 * live leaderboard); `scope: 'all'` every body of the evaluation, non-presenters by its rule.
 * With them, each certified slot's panel in schedule order (the analysis reads jurors by panel).
 */
export async function evaluationResultInputs(
	db: DB,
	evaluationId: string,
	scope: 'presented' | 'all'
): Promise<{ inputs: ResultInputs; panelSlots: { bodyId: string; panelId: string }[] }> {
	const evaluation = await loadEvaluation(db, evaluationId);
	const [rubric, certified, bodies] = await Promise.all([
		loadRubric(db, evaluationId),
		db
			.selectFrom('slots')
			.select(['id', 'panel_id', 'body_id', 'position'])
			.where('evaluation_id', '=', evaluationId)
			.where('state', '=', 'certified')
			.execute(),
		db.selectFrom('bodies').select(['id', 'category_id', 'prior_score', 'name']).where('evaluation_id', '=', evaluationId).execute()
	]);
	const entries = await jurorEntries(db, certified);
	const slots: SlotScores[] = certified.map((s) => ({ bodyId: s.body_id, jurors: entries.get(s.id) ?? [] }));
	const presented = new Set(certified.map((s) => s.body_id));
	const inputs = {
		rubric,
		rules: scoringRules(evaluation),
		bodies: bodies
			.filter((b) => scope === 'all' || presented.has(b.id))
			.map((b) => ({ bodyId: b.id, categoryId: b.category_id, priorScore: b.prior_score, name: b.name })),
		slots
	};
	const panelSlots = [...certified]
		.sort((a, b) => (a.panel_id === b.panel_id ? a.position - b.position : a.panel_id < b.panel_id ? -1 : 1))
		.map((s) => ({ bodyId: s.body_id, panelId: s.panel_id }));
	// Corrections (by the secretariat, site visits, re-imports) are inputs too: every view of the results carries them.
	return { inputs: withStoredCorrections(inputs, await storedAmendments(db, evaluationId)), panelSlots };
}

/**
 * Results from the certified slots only (see `evaluationResultInputs`).
 *
 * @example const live = await computeEvaluationResults(db, evaluationId, 'presented');
 */
export async function computeEvaluationResults(db: DB, evaluationId: string, scope: 'presented' | 'all'): Promise<ResultSet> {
	return computeResults((await evaluationResultInputs(db, evaluationId, scope)).inputs);
}
