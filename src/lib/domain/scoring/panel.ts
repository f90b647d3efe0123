import { aggregate } from './aggregate';
import { assessDivergence } from './divergence';
import { totalFromSteps } from './juror-total';
import { normaliseTotals } from './normalise';
import { prepareRules, prepareSlot } from './prepare';
import type { PreparedSlot } from './prepare';
import { compileRubric } from './rubric';
import type { CompiledRubric } from './rubric';
import type { PanelOutcome, Rubric, ScoringRules, SlotScores } from './types';

/** A slot's outcome, plus the valid jurors' step indices (criterion tie-breaks read them). */
export interface PanelScoring {
	outcome: PanelOutcome;
	validSteps: number[][];
}

/**
 * Scores prepared slots: valid (scored) jurors only; a slot with fewer valid
 * jurors than the quorum is flagged 'below_quorum' and gets no score.
 * Normalisation, when on, needs every slot of a panel at once, hence a batch.
 * Returns one result per slot, in the same order.
 */
export function scoreSlots(rubric: CompiledRubric, rules: ScoringRules, slots: readonly PreparedSlot[]): PanelScoring[] {
	const { aggregation, divergenceTolerance } = rules;
	const valid = slots.map((slot) => {
		const scored = slot.jurors.filter((j) => j.steps !== null);
		return {
			panelId: slot.panelId,
			validSteps: scored.map((j) => j.steps as number[]),
			totals: scored.map((j) => ({ jurorId: j.jurorId, total: totalFromSteps(rubric, j.steps as number[]) }))
		};
	});
	const normalised = aggregation.normalise ? normaliseTotals(valid) : null;
	return valid.map(({ totals, validSteps }, i) => {
		const validCount = totals.length;
		const values = totals.map((t) => t.total);
		const scored = validCount >= aggregation.quorum;
		const score = scored ? aggregate(values, aggregation) : null;
		// Below quorum there is no panel score; deviations are then taken from the plain mean.
		const centre = score ?? (validCount > 0 ? aggregate(values, { method: 'mean', trim: [] }) : 0);
		const outcome: PanelOutcome = {
			status: scored ? 'scored' : 'below_quorum',
			score,
			validCount,
			...assessDivergence(totals, centre, divergenceTolerance)
		};
		if (normalised) outcome.normalisedScore = scored ? aggregate(normalised[i], aggregation) : null;
		return { outcome, validSteps };
	});
}

/**
 * The panel outcome of a single slot, for the live loop: juror totals, panel
 * score (or 'below_quorum'), spread and divergence. Normalisation needs the
 * panel's other slots, so here every juror has one score and stays raw.
 * @throws ScoringError on an invalid rubric, rules, slot or sheet.
 *
 * @example
 * const outcome = scoreSlot(MONEV_KIP_PRESET.rubric, MONEV_KIP_PRESET.rules, { bodyId: 'b1', jurors });
 * if (outcome.divergent) warnChair(outcome.spread);
 */
export function scoreSlot(rubric: Rubric, rules: ScoringRules, slot: SlotScores): PanelOutcome {
	const compiled = compileRubric(rubric);
	return scoreSlots(compiled, prepareRules(rules, compiled), [prepareSlot(compiled, slot)])[0].outcome;
}
