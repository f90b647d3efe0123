/**
 * The rubric editor's rows as typed text, and the preview's view of them. Client-safe.
 */
import type { Criterion } from '$lib/domain/scoring';
import { unflattenFields } from '$lib/domain/setup/evaluation-settings';
import { typedValue } from '$lib/domain/typed-number';
import type { CriterionView } from '$lib/shared/contracts';

export interface CriterionDraft {
	code: string;
	name: string;
	description: string;
	weight: string;
	min: string;
	max: string;
	step: string;
	levels: { score: string; text: string }[];
}

/** Beyond this many options a scale is surely a typing slip; the preview skips it rather than draw thousands of buttons. */
const MAX_PREVIEW_OPTIONS = 1000;

export const draftOf = (criteria: Criterion[]): CriterionDraft[] =>
	criteria.map((c) => ({
		code: c.code,
		name: c.name,
		description: c.description,
		weight: String(c.weight),
		min: String(c.min),
		max: String(c.max),
		step: String(c.step),
		levels: (c.levels ?? []).map((l) => ({ score: String(l.score), text: l.text }))
	}));

/** The rows as typed before a refused save. */
export function draftFromValues(values: Record<string, string>): CriterionDraft[] {
	const typed = (unflattenFields(values).criteria ?? []) as Partial<CriterionDraft>[];
	return typed.map((c) => ({
		code: c.code ?? '',
		name: c.name ?? '',
		description: c.description ?? '',
		weight: c.weight ?? '',
		min: c.min ?? '',
		max: c.max ?? '',
		step: c.step ?? '',
		levels: c.levels ?? []
	}));
}

export const newCriterion = (n: number): CriterionDraft => ({
	code: `K${n}`,
	name: '',
	description: '',
	weight: '',
	min: '0',
	max: '100',
	step: '1',
	levels: []
});

/** The typed weight of a row, 0 while it is not a number (for the running sum). */
export const weightOf = (c: CriterionDraft) => (Number.isFinite(typedValue(c.weight)) ? typedValue(c.weight) : 0);

/**
 * The rows the juror's tablet could draw right now: those with a usable scale. Codes left
 * empty or repeated while typing get a stand-in, so each row keeps its own score.
 */
export function previewOf(draft: CriterionDraft[]): CriterionView[] {
	const seen = new Set<string>();
	const views: CriterionView[] = [];
	draft.forEach((c, i) => {
		const [min, max, step] = [typedValue(c.min), typedValue(c.max), typedValue(c.step)];
		if (![min, max, step].every(Number.isFinite) || min >= max || step <= 0 || (max - min) / step > MAX_PREVIEW_OPTIONS) return;
		const code = c.code.trim() && !seen.has(c.code.trim()) ? c.code.trim() : `#${i + 1}`;
		seen.add(code);
		const levels = c.levels
			.map((l) => ({ score: typedValue(l.score), text: l.text }))
			.filter((l) => Number.isFinite(l.score) && l.text.trim() !== '')
			.sort((a, b) => a.score - b.score);
		views.push({ code, name: c.name, description: c.description, weight: weightOf(c), min, max, step, levels });
	});
	return views;
}
