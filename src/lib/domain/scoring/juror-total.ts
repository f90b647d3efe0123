import { errorFromIssues, type ValidationResult } from './errors';
import { compileRubric } from './rubric';
import type { CompiledRubric } from './rubric';
import { readSheet, readValidSheet } from './score-sheet';
import type { Rubric, ScoreSheet } from './types';

/**
 * Σ weight × score normalised to 0–1, from step indices (see readSheet).
 * Unrounded: rounding happens once, on the final score.
 */
export function totalFromSteps(rubric: CompiledRubric, steps: readonly number[]): number {
	let total = 0;
	for (let i = 0; i < rubric.criteria.length; i++) {
		const c = rubric.criteria[i];
		total += (c.weight * steps[i]) / c.steps;
	}
	return total;
}

/**
 * A juror's total for a body on the 0–100 scale, whatever each criterion's
 * scale: Σ weight × (score − min) / (max − min). Unrounded.
 * @throws ScoringError 'invalid_rubric' or 'invalid_sheet' (incomplete, unknown codes, NaN, off-scale…).
 *
 * @example
 * jurorTotal(MONEV_KIP_PRESET.rubric, { K1: 80, K2: 70, K3: 90, K4: 60, K5: 100, K6: 50 }); // 76
 */
export function jurorTotal(rubric: Rubric, sheet: ScoreSheet): number {
	const compiled = compileRubric(rubric);
	const { issues, steps } = readSheet(compiled, sheet, false);
	if (issues.length > 0) throw errorFromIssues('invalid_sheet', 'The score sheet', issues);
	return totalFromSteps(compiled, steps);
}

/**
 * A complete sheet checked against the rubric (as `validateScoreSheet`) with its total (as
 * `jurorTotal`), the rubric compiled and the sheet read once: a submission needs both. Never throws.
 *
 * @example
 * sheetWithTotal(MONEV_KIP_PRESET.rubric, { K1: 80, K2: 70, K3: 90, K4: 60, K5: 100, K6: 50 }); // { ok: true, value: { sheet, total: 76 } }
 */
export function sheetWithTotal(rubric: Rubric, input: unknown): ValidationResult<{ sheet: ScoreSheet; total: number }> {
	const read = readValidSheet(rubric, input, false);
	if (!read.ok) return read;
	return { ok: true, value: { sheet: read.value.sheet, total: totalFromSteps(read.value.compiled, read.value.steps) } };
}
