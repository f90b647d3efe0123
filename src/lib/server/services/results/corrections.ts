/**
 * Corrections, one flow for all: the secretariat corrects a body's prior-stage score, a juror's
 * sheet (with the juror's and the chair's consent recorded), the presentation score or the final
 * score, each with a reason and the decree or minutes it cites. Each is an amendment (never edited
 * or deleted; a later one of the same body and kind wins) that changes the draft, not what was
 * published: the results hub shows what publishing now would change, and publishing makes it a
 * version. Visit outcomes and re-imports after results were published are amendments of the same
 * store (services/visitation, services/body-import), listed here with the rest.
 */
import { z } from 'zod';
import { computeResults, jurorTotal, validateScoreSheet, type JurorEntry, type ResultInputs, type ScoreSheet } from '$lib/domain/scoring';
import { typedNumberField } from '$lib/shared/typed-number';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { eventTimeToEpoch, isEventDate, isTimeOfDay } from '$lib/domain/setup/schedule';
import type { CorrectableBody, Correction, CorrectionConsent, DraftChanges, SheetCriterion } from '$lib/shared/results';
import { appendAudit } from '../../audit';
import type { SessionUser } from '../../auth/session';
import { insertAmendment, storedAmendments } from '../amendments';
import { nowOf, type ServiceContext } from '../context';
import { FieldRefusal, ServiceError } from '../errors';
import { loadEvaluation } from '../evaluation-rules';
import { evaluationResultInputs } from '../results';
import { commitLiveChange } from '../transaction';
import { parseInput } from '../validation';
import { draftChanges, evaluationOnly, requireSecretariat } from './versions';

const id = z.string('required').min(1, 'required').max(64, 'too_long');
const text = (max: number) => z.string('required').trim().min(1, 'required').max(max, 'too_long');

/** A date and time on the event's clocks, as a datetime-local field sends it ("2023-12-05T10:30"); read in the evaluation's zone. */
const eventDateTime = z
	.string('required')
	.trim()
	.min(1, 'required')
	.transform((v, ctx) => {
		const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/.exec(v);
		if (!m || !isEventDate(m[1]) || !isTimeOfDay(m[2])) {
			ctx.addIssue({ code: 'custom', message: 'invalid_date' });
			return z.NEVER;
		}
		return { date: m[1], time: m[2] };
	});

const common = { evaluationId: id, bodyId: id, reason: text(500), decreeReference: text(200) };
const score = typedNumberField({ min: 0, max: 100, rangeCode: 'score_range' });
const consentOf = z.object({ how: text(200), at: eventDateTime }, 'required');

export const correctionInput = z.discriminatedUnion(
	'kind',
	[
		z.object({ kind: z.literal('prior_score'), ...common, value: score }),
		z.object({ kind: z.literal('presentation_score'), ...common, value: score }),
		z.object({ kind: z.literal('final_score'), ...common, value: score }),
		z.object({
			kind: z.literal('juror_sheet'),
			...common,
			jurorId: id,
			sheet: z.record(z.string().max(40), typedNumberField({ decimals: 10 }), 'required'),
			consent: z.object({ juror: consentOf, chair: consentOf.extend({ name: text(120) }) }, 'required')
		})
	],
	'invalid_kind'
);
type CorrectionInput = z.infer<typeof correctionInput>;

const refuse = (code: ServiceError['code'], reason: string, message: string, field: string) =>
	new FieldRefusal(code, reason, message, field);

/** The slot of a body that presented (a certified slot), or a refusal next to the body. */
function presentedSlot(inputs: ResultInputs, bodyId: string) {
	const slot = inputs.slots.find((s) => s.bodyId === bodyId);
	if (!slot) throw refuse('invalid_state', 'not_presented', 'This body did not present: it has no presentation score or sheets', 'bodyId');
	return slot;
}

const sameSheet = (a: ScoreSheet, b: ScoreSheet) =>
	Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((code) => a[code] === b[code]);

interface Checked {
	value: number;
	was: number | null;
	jurorId?: string;
	sheet?: ScoreSheet;
	wasSheet?: ScoreSheet | null;
	consent?: CorrectionConsent;
}

/** A juror's sheet correction checked against the slot: a juror of its panel, a valid sheet, consent given already. */
async function checkSheet(
	ctx: ServiceContext,
	inputs: ResultInputs,
	input: Extract<CorrectionInput, { kind: 'juror_sheet' }>,
	zone: EventZone
): Promise<Checked> {
	const slot = presentedSlot(inputs, input.bodyId);
	const juror: JurorEntry | undefined = slot.jurors.find((j) => j.jurorId === input.jurorId);
	if (!juror) throw refuse('invalid_input', 'juror_not_on_panel', "This juror was not on the panel of this body's slot", 'jurorId');
	if (juror.status === 'recused') throw refuse('invalid_state', 'juror_recused', 'This juror is recused from this body', 'jurorId');
	const checked = validateScoreSheet(inputs.rubric, input.sheet);
	if (!checked.ok)
		throw new ServiceError(
			'invalid_input',
			'The corrected sheet is not valid',
			checked.issues.map((i) => ({ path: i.path ? `sheet.${i.path}` : 'sheet', message: i.code }))
		);
	const now = nowOf(ctx);
	const at = {
		juror: eventTimeToEpoch(input.consent.juror.at.date, input.consent.juror.at.time, zone)!,
		chair: eventTimeToEpoch(input.consent.chair.at.date, input.consent.chair.at.time, zone)!
	};
	for (const who of ['juror', 'chair'] as const) {
		if (at[who] > now)
			throw refuse('invalid_input', 'consent_in_future', 'Consent is recorded once given: its time is in the future', `consent.${who}.at`);
	}
	const wasSheet = juror.status === 'scored' ? (juror.sheet as ScoreSheet) : null;
	if (wasSheet && sameSheet(wasSheet, checked.value))
		throw refuse('invalid_input', 'no_change', 'This is the sheet that counts now', '_form');
	const [person, chair] = await Promise.all([
		ctx.db.selectFrom('users').select('name').where('id', '=', juror.jurorId).executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('slots')
			.innerJoin('panels', 'panels.id', 'slots.panel_id')
			.innerJoin('users', 'users.id', 'panels.chair_id')
			.select(['users.id', 'users.name'])
			.where('slots.body_id', '=', input.bodyId)
			.where('slots.state', '=', 'certified')
			.executeTakeFirst()
	]);
	// The chair's name is typed (a stand-in may have chaired); the record names the chair's account only when it is them.
	const isChair = chair !== undefined && chair.name.trim().toLowerCase() === input.consent.chair.name.toLowerCase();
	return {
		value: jurorTotal(inputs.rubric, checked.value),
		was: wasSheet ? jurorTotal(inputs.rubric, wasSheet) : null,
		jurorId: juror.jurorId,
		sheet: checked.value,
		wasSheet,
		consent: {
			juror: { name: person.name, personId: juror.jurorId, how: input.consent.juror.how, at: at.juror },
			chair: {
				name: input.consent.chair.name,
				personId: isChair ? chair.id : null,
				how: input.consent.chair.how,
				at: at.chair
			}
		}
	};
}

/** A correction checked against the results as they stand now: what it changes, and from what. */
async function check(ctx: ServiceContext, inputs: ResultInputs, input: CorrectionInput, zone: EventZone): Promise<Checked> {
	if (!inputs.bodies.some((b) => b.bodyId === input.bodyId)) throw refuse('not_found', 'body_not_found', 'Body not found', 'bodyId');
	if (input.kind === 'juror_sheet') return checkSheet(ctx, inputs, input, zone);
	if (input.kind === 'presentation_score') presentedSlot(inputs, input.bodyId);
	const entry = computeResults(inputs).entries.find((e) => e.bodyId === input.bodyId)!;
	const was =
		input.kind === 'prior_score'
			? entry.priorScore
			: input.kind === 'presentation_score'
				? (entry.presentation?.score ?? null)
				: entry.finalScore;
	if (was === input.value) throw refuse('invalid_input', 'no_change', 'This is the score the body has now', 'value');
	return { value: input.value, was };
}

/**
 * Records a correction (an amendment) of one body: its prior-stage score, presentation score,
 * final score, or one juror's sheet (with the juror's and the chair's consent: how and when).
 * Each needs a reason and the decree or minutes it cites. Refused, changing nothing, with the
 * message next to the field: a missing field, a value out of range or with more than two
 * decimals, a body that did not present (presentation and sheet), a juror not on that slot's
 * panel, consent missing or dated in the future, a value the body has already. The audit row
 * carries the whole stored amendment and what it replaced.
 *
 * @example await correctResults(ctx, admin, { evaluationId, kind: 'prior_score', bodyId, value: '95,80', reason: 'Calculation error', decreeReference: 'SK 2/KIP/XII/2023' });
 */
export async function correctResults(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<{ id: string; seq: number }> {
	requireSecretariat(actor);
	const input = parseInput(correctionInput, raw);
	const { evaluationId } = input;
	const evaluation = await loadEvaluation(ctx.db, evaluationId);
	// Checked against the results as they stand now, before the transaction (SQLite's one connection stays free).
	const checked = await check(ctx, (await evaluationResultInputs(ctx.db, evaluationId, 'all')).inputs, input, evaluation.time_zone);
	const at = nowOf(ctx);
	const { result, version } = await commitLiveChange(
		ctx.db,
		evaluationId,
		async (trx) => {
			const row = await insertAmendment(trx, {
				evaluationId,
				bodyId: input.bodyId,
				kind: input.kind,
				source: 'secretariat',
				reason: input.reason,
				decreeReference: input.decreeReference,
				actorId: actor.id,
				at,
				...checked
			});
			await appendAudit(trx, {
				actorId: actor.id,
				evaluationId,
				action: 'results.correct',
				entity: 'score_amendment',
				entityId: row.id,
				before: {
					kind: input.kind,
					bodyId: input.bodyId,
					jurorId: checked.jurorId ?? null,
					value: checked.was,
					sheet: checked.wasSheet ?? null
				},
				after: row
			});
			return { id: row.id, seq: row.seq };
		},
		// The audience's provisional leaderboard is computed with corrections (the public-results policy decides what it shows).
		'public'
	);
	ctx.publisher.changed({ evaluationId, version, public: true });
	return result;
}

export interface CorrectionsPage {
	corrections: Correction[];
	bodies: CorrectableBody[];
	rubric: SheetCriterion[];
	changes: DraftChanges;
}

/**
 * The corrections page: every correction made (by the secretariat, visits and re-imports, in
 * order), each body as it stands now with its panel's jurors and sheets (for the form), and what
 * publishing now would change.
 *
 * @example const { corrections, bodies, changes } = await correctionsPage(ctx, admin, { evaluationId });
 */
export async function correctionsPage(ctx: ServiceContext, actor: SessionUser, raw: unknown): Promise<CorrectionsPage> {
	requireSecretariat(actor);
	const { evaluationId } = parseInput(evaluationOnly, raw);
	await loadEvaluation(ctx.db, evaluationId);
	const [inputs, corrections, changes, bodies, users, chairs] = await Promise.all([
		evaluationResultInputs(ctx.db, evaluationId, 'all').then((r) => r.inputs),
		storedAmendments(ctx.db, evaluationId),
		draftChanges(ctx.db, evaluationId),
		ctx.db
			.selectFrom('bodies')
			.innerJoin('categories', 'categories.id', 'bodies.category_id')
			.select(['bodies.id', 'bodies.name', 'categories.name as category'])
			.where('bodies.evaluation_id', '=', evaluationId)
			.orderBy('categories.sort_order')
			.orderBy('bodies.name')
			.execute(),
		ctx.db.selectFrom('users').select(['id', 'name']).where('evaluation_id', '=', evaluationId).execute(),
		ctx.db
			.selectFrom('slots')
			.innerJoin('panels', 'panels.id', 'slots.panel_id')
			.leftJoin('users', 'users.id', 'panels.chair_id')
			.select(['slots.body_id', 'users.name'])
			.where('slots.evaluation_id', '=', evaluationId)
			.where('slots.state', '=', 'certified')
			.execute()
	]);
	const entries = new Map(computeResults(inputs).entries.map((e) => [e.bodyId, e]));
	const slots = new Map(inputs.slots.map((s) => [s.bodyId, s]));
	const userName = new Map(users.map((u) => [u.id, u.name]));
	const chairOf = new Map(chairs.map((c) => [c.body_id, c.name]));
	return {
		corrections,
		changes,
		rubric: inputs.rubric.map((c) => ({ code: c.code, name: c.name, min: c.min, max: c.max, step: c.step })),
		bodies: bodies.map((b) => {
			const entry = entries.get(b.id)!;
			const slot = slots.get(b.id);
			return {
				id: b.id,
				name: b.name,
				categoryName: b.category,
				priorScore: entry.priorScore,
				presentationScore: entry.presentation?.score ?? null,
				finalScore: entry.finalScore,
				presented: slot !== undefined,
				chairName: chairOf.get(b.id) ?? null,
				jurors: (slot?.jurors ?? []).map((j) => ({
					id: j.jurorId,
					name: userName.get(j.jurorId) ?? j.jurorId,
					status: j.status,
					sheet: j.status === 'scored' ? (j.sheet ?? null) : null
				}))
			};
		})
	};
}
