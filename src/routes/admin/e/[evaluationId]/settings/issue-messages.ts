/**
 * The domain's validation issues in the reader's language, next to the form field they concern.
 * Shared by the settings and rubric forms; the issue code (and its path) picks the message.
 */
import type { ValidationIssue } from '$lib/domain/scoring';
import { fieldOfIssue } from '$lib/domain/setup/evaluation-settings';
import { m } from '$lib/paraglide/messages';
import { SettingsLocked } from '$lib/server/services/evaluations';

const ends = (path: string, suffix: string) => path === suffix || path.endsWith(`.${suffix}`);

function localiseIssue({ code, path, params }: ValidationIssue): string {
	const isCriterion = path.startsWith('criteria');
	switch (code) {
		case 'weights_sum':
			return m.settings_issue_weights_sum({ sum: +Number(params?.sum ?? 0).toFixed(6) });
		case 'bad_weight':
			return isCriterion ? m.settings_issue_criterion_weight() : m.settings_issue_stage_weight();
		case 'out_of_range':
			return m.settings_issue_passing_grade();
		case 'bad_value':
			if (path.startsWith('timing.')) return m.settings_issue_minutes({ min: params?.min ?? 0, max: params?.max ?? 0 });
			if (ends(path, 'quorum')) return m.settings_issue_quorum();
			if (ends(path, 'divergenceTolerance')) return m.settings_issue_tolerance();
			return m.settings_error_too_long({ max: params?.max ?? 0 });
		case 'missing_field':
		case 'wrong_type':
			if (isCriterion && ends(path, 'name')) return m.settings_issue_criterion_name();
			if (path === 'name' || path === 'priorStageLabel') return m.settings_error_required();
			return ends(path, 'normalise') ? m.settings_issue_option() : m.settings_error_number();
		case 'not_a_number':
			return m.settings_error_number();
		case 'empty':
			return isCriterion ? m.settings_issue_rubric_empty() : m.settings_issue_bands_empty();
		case 'bad_band':
			return ends(path, 'min') ? m.settings_issue_band_order() : m.settings_issue_band_incomplete();
		case 'duplicate_label':
			return m.settings_issue_band_duplicate();
		case 'bad_trim':
			return m.settings_issue_trim();
		case 'unknown_option':
			return m.settings_issue_option();
		case 'unknown_criterion':
			return path.startsWith('tieBreak') ? m.settings_issue_tie_criterion_removed() : m.settings_issue_tie_criterion();
		case 'bad_code':
			return m.settings_issue_code();
		case 'duplicate_code':
			return m.settings_issue_code_duplicate({ code: String(params?.code ?? '') });
		case 'bad_scale':
			return m.settings_issue_scale();
		case 'bad_level':
			return m.settings_issue_level();
		default:
			return m.settings_issue_generic();
	}
}

/**
 * One message per form field (the first issue wins), issues without a field under `_form`.
 *
 * @example fieldErrors(e.validation) // { 'rules.stageWeights': 'Bobot berjumlah 90; harus tepat 100.' }
 */
export function fieldErrors(issues: readonly ValidationIssue[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		// A tie-break issue raised while saving the rubric belongs to the form, not to a rubric field.
		const field = issue.path === '' || issue.path.startsWith('tieBreak') ? '_form' : fieldOfIssue(issue.path);
		errors[field] ??= localiseIssue(issue);
	}
	return errors;
}

/** Locked rules (and criteria) by the names of their sections, in the reader's language: "Bobot tahap, Agregasi". */
export function lockedRuleNames(changed: readonly string[]): string {
	const names: Record<string, () => string> = {
		stageWeights: m.settings_section_weights,
		bands: m.settings_section_bands,
		aggregation: m.settings_section_aggregation,
		tieBreak: m.settings_section_ties,
		nonPresenter: m.settings_section_non_presenter
	};
	return changed.map((c) => names[c]?.() ?? c.replace(/^criterion /, '')).join(', ');
}

/** The refusal of a locked change, naming what is locked in the reader's language. */
export function lockedMessage(error: SettingsLocked): string {
	return m.settings_locked_refused({ fields: lockedRuleNames(error.changed) });
}
