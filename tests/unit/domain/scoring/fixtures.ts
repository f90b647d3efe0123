import type { BodyInput, JurorEntry, ResultInputs, ScoreSheet, ScoringRules, SlotScores } from '$lib/domain/scoring';
import { MONEV_KIP_PRESET } from '$lib/domain/scoring';

export const RUBRIC = MONEV_KIP_PRESET.rubric;
export const RULES = MONEV_KIP_PRESET.rules;

/** Every criterion of the preset at the same score: the juror total is that score. */
export function flat(score: number): ScoreSheet {
	return Object.fromEntries(RUBRIC.map((c) => [c.code, score]));
}

/** A juror of the preset rubric: a number is a flat sheet with that total. */
export function juror(jurorId: string, total: number | 'recused' | 'absent'): JurorEntry {
	return typeof total === 'number' ? { jurorId, status: 'scored', sheet: flat(total) } : { jurorId, status: total };
}

/** A slot whose jurors are j1, j2, … in order. */
export function slot(bodyId: string, totals: (number | 'recused' | 'absent')[], panelId?: string): SlotScores {
	const jurors = totals.map((t, i) => juror(`j${i + 1}`, t));
	return panelId === undefined ? { bodyId, jurors } : { bodyId, jurors, panelId };
}

export function body(bodyId: string, priorScore: number, categoryId = 'prov'): BodyInput {
	return { bodyId, categoryId, priorScore };
}

export function inputs(bodies: BodyInput[], slots: SlotScores[] = [], rules: Partial<ScoringRules> = {}): ResultInputs {
	return { rubric: RUBRIC, rules: { ...RULES, ...rules }, bodies, slots };
}

/** Rules where the final score is the presentation score alone. */
export const PRESENTATION_ONLY: Partial<ScoringRules> = { stageWeights: { prior: 0, presentation: 100 } };
