/**
 * An evaluation's settings as the secretariat edits them: the scoring rules (checked by the scoring
 * core's `validateRules`, so rules are judged in one place), plus the name, the prior stage's label,
 * the passing grade, the timing defaults and the event's time zone. Also which settings results depend on, because those
 * lock when the first score is submitted. Pure.
 */
import { MONEV_KIP_PRESET, validateRules } from '../scoring';
import type { Rubric, ScoringRules, ValidationIssue, ValidationResult } from '../scoring';
import { DEFAULT_EVENT_ZONE, EVENT_ZONE_NAMES, isEventZone, type EventZone } from './event-zone';

/** Default minutes of one slot; each slot keeps its own copy once scheduled. */
export interface Timing {
	presentation: number;
	qa: number;
	scoring: number;
	changeover: number;
}

export interface EvaluationSettings {
	name: string;
	/** What the stage before the presentations is called, e.g. 'SAQ'. */
	priorStageLabel: string;
	/** Bodies with a prior score at or above it are invited to present (0–100). */
	passingGrade: number;
	rules: ScoringRules;
	timing: Timing;
	/** The zone of the event's clocks: the schedule is typed and every time shown in it. */
	timeZone: EventZone;
}

/** The categories of public bodies in the Monev KIP (domain.md). */
export const MONEV_KIP_CATEGORIES: readonly string[] = [
	'Kementerian',
	'Lembaga Negara dan LPNK',
	'Lembaga Non Struktural (LNS)',
	'Pemerintah Provinsi',
	'Badan Usaha Milik Negara (BUMN)',
	'Perguruan Tinggi Negeri (PTN)',
	'Partai Politik'
];

/** The documented 2025 timing, rounded: 10 min presentation, 15 min questions and answers. */
export const DEFAULT_TIMING: Readonly<Timing> = { presentation: 10, qa: 15, scoring: 5, changeover: 5 };

const LIMITS = { name: 120, label: 40, minutes: 600 } as const;

/**
 * Settings of an evaluation built from scratch: the preset's aggregation and defaults, but a
 * neutral pass/fail band pair instead of the KIP qualifications.
 *
 * @example blankSettings('Lomba Inovasi 2026').rules.bands // [{ label: 'Lulus', min: 60 }, { label: 'Tidak lulus', min: 0 }]
 */
export function blankSettings(name: string): EvaluationSettings {
	const preset = presetSettings(name);
	return {
		...preset,
		rules: {
			...preset.rules,
			bands: [
				{ label: 'Lulus', min: 60 },
				{ label: 'Tidak lulus', min: 0 }
			]
		}
	};
}

/**
 * Settings of the Monev KIP preset: its rules, passing grade 60, SAQ as the prior stage.
 *
 * @example presetSettings('Monev KIP 2026').rules.stageWeights // { prior: 70, presentation: 30 }
 */
export function presetSettings(name: string): EvaluationSettings {
	// A deep copy: the preset is frozen and the result is meant to be edited.
	const rules: ScoringRules = JSON.parse(JSON.stringify(MONEV_KIP_PRESET.rules));
	return { name, priorStageLabel: 'SAQ', passingGrade: 60, rules, timing: { ...DEFAULT_TIMING }, timeZone: DEFAULT_EVENT_ZONE };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(value: unknown, path: string, max: number, issues: ValidationIssue[]): value is string {
	if (typeof value === 'string' && value.trim() !== '' && value.length <= max) return true;
	issues.push({
		code: typeof value === 'string' && value.trim() !== '' ? 'bad_value' : 'missing_field',
		path,
		message: `${path} must be a text of 1 to ${max} characters.`,
		params: { max }
	});
	return false;
}

/**
 * Checks a whole settings object. The scoring rules go through `validateRules` (with the rubric, so
 * a tie-break criterion must exist in it); their issue paths are prefixed with `rules.`. Never throws.
 *
 * @example validateEvaluationSettings({ ...presetSettings('X'), passingGrade: 120 }).ok // false: issue at 'passingGrade'
 */
export function validateEvaluationSettings(input: unknown, rubric?: Rubric): ValidationResult<EvaluationSettings> {
	if (!isRecord(input)) {
		return { ok: false, issues: [{ code: 'not_an_object', path: '', message: 'Settings must be an object.' }] };
	}
	const issues: ValidationIssue[] = [];
	const nameOk = checkText(input.name, 'name', LIMITS.name, issues);
	const labelOk = checkText(input.priorStageLabel, 'priorStageLabel', LIMITS.label, issues);
	const grade = input.passingGrade;
	const gradeOk = typeof grade === 'number' && Number.isFinite(grade) && grade >= 0 && grade <= 100;
	if (!gradeOk) {
		issues.push({ code: 'out_of_range', path: 'passingGrade', message: 'The passing grade must be a number from 0 to 100.' });
	}
	const timing = isRecord(input.timing) ? input.timing : {};
	for (const key of ['presentation', 'qa', 'scoring', 'changeover'] as const) {
		const minutes = timing[key];
		// A presentation of 0 minutes is no presentation; the other phases may be skipped.
		const least = key === 'presentation' ? 1 : 0;
		if (!Number.isInteger(minutes) || (minutes as number) < least || (minutes as number) > LIMITS.minutes) {
			issues.push({
				code: 'bad_value',
				path: `timing.${key}`,
				message: `The ${key} time must be whole minutes from ${least} to ${LIMITS.minutes}.`,
				params: { min: least, max: LIMITS.minutes }
			});
		}
	}
	const zoneOk = isEventZone(input.timeZone);
	if (!zoneOk) {
		issues.push({
			code: 'unknown_option',
			path: 'timeZone',
			message: `The time zone must be one of ${EVENT_ZONE_NAMES.join(', ')}.`,
			params: { options: EVENT_ZONE_NAMES.join(', ') }
		});
	}
	const rules = validateRules(input.rules, rubric);
	if (!rules.ok) issues.push(...rules.issues.map((i) => ({ ...i, path: i.path ? `rules.${i.path}` : 'rules' })));
	if (issues.length > 0 || !rules.ok || !nameOk || !labelOk || !gradeOk || !zoneOk) return { ok: false, issues };
	return {
		ok: true,
		value: {
			name: (input.name as string).trim(),
			priorStageLabel: (input.priorStageLabel as string).trim(),
			passingGrade: grade as number,
			rules: rules.value,
			timing: { presentation: timing.presentation, qa: timing.qa, scoring: timing.scoring, changeover: timing.changeover } as Timing,
			timeZone: input.timeZone as EventZone
		}
	};
}

/** The parts of the rules that results depend on; they lock with the first submitted score. */
export const LOCKED_RULES = ['stageWeights', 'bands', 'aggregation', 'tieBreak', 'nonPresenter'] as const;
export type LockedRule = (typeof LOCKED_RULES)[number];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Which locked parts of the rules differ between two (validated) rule sets.
 *
 * @example changedLockedRules(rules, { ...rules, divergenceTolerance: 20 }) // [] (the tolerance only flags)
 */
export function changedLockedRules(before: ScoringRules, after: ScoringRules): LockedRule[] {
	return LOCKED_RULES.filter((key) => !same(before[key], after[key]));
}

/** Codes of criteria added, removed, or whose `aspect` differs between two rubrics. */
function changedCriteria(before: Rubric, after: Rubric, aspect: (c: Rubric[number]) => number[]): string[] {
	const old = new Map(before.map((c) => [c.code, aspect(c)]));
	const changed = after.filter((c) => !old.has(c.code) || !same(old.get(c.code), aspect(c))).map((c) => c.code);
	const kept = new Set(after.map((c) => c.code));
	return [...changed, ...before.filter((c) => !kept.has(c.code)).map((c) => c.code)];
}

/**
 * Which criteria a rubric change touches in a way results depend on: a criterion added or removed,
 * or its weight or scale changed. Names, descriptions, level texts and the order are free.
 *
 * @example changedLockedCriteria(rubric, rubric.map((c) => ({ ...c, name: c.name.toUpperCase() }))) // []
 */
export function changedLockedCriteria(before: Rubric, after: Rubric): string[] {
	return changedCriteria(before, after, (c) => [c.weight, c.min, c.max, c.step]);
}

/**
 * Which criteria a rubric change would make existing score sheets unreadable by: a criterion added
 * (sheets lack it) or removed (sheets carry an unknown code), or its scale changed (scores off the
 * new scale or step). Weights are not among them: totals are recomputed from the sheets.
 *
 * @example sheetBreakingChanges(rubric, rubric.map((c) => ({ ...c, weight: c.weight + 1 }))) // []
 */
export function sheetBreakingChanges(before: Rubric, after: Rubric): string[] {
	return changedCriteria(before, after, (c) => [c.min, c.max, c.step]);
}

/**
 * The form field an issue belongs to. Forms name their fields after the settings' paths with
 * dots only, e.g. 'rules.bands.0.min', while validators write 'rules.bands[0].min'. A tie-break
 * key is one select, so an issue about its criterion code belongs to the select.
 *
 * @example fieldOfIssue('rules.tieBreak[1].code') // 'rules.tieBreak.1'
 */
export function fieldOfIssue(path: string): string {
	return path.replace(/\[(\d+)\]/g, '.$1').replace(/^(rules\.tieBreak\.\d+)\.code$/, '$1');
}

/**
 * Turns flat form fields named with dotted paths into nested objects, numeric segments into lists
 * (in index order, without holes), so a schema can check rows of a table form.
 *
 * @example unflattenFields({ 'bands.1.min': '80', 'bands.0.min': '90', name: 'X' }) // { bands: [{ min: '90' }, { min: '80' }], name: 'X' }
 */
export function unflattenFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		const parts = key.split('.');
		// Guard against prototype pollution through crafted field names.
		if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
		let node: Record<string, unknown> = root;
		for (const part of parts.slice(0, -1)) {
			const next = node[part];
			node = (isRecord(next) ? next : (node[part] = {})) as Record<string, unknown>;
		}
		node[parts[parts.length - 1]] = value;
	}
	return compactLists(root) as Record<string, unknown>;
}

/** Objects whose keys are all indexes become lists ordered by index. */
function compactLists(value: unknown): unknown {
	if (!isRecord(value)) return value;
	const keys = Object.keys(value);
	const entries = keys.map((k) => [k, compactLists(value[k])] as const);
	if (keys.length > 0 && keys.every((k) => /^\d{1,4}$/.test(k))) {
		return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
	}
	return Object.fromEntries(entries);
}
