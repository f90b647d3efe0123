/**
 * The settings form's fields, named after the settings' paths ('rules.bands.0.min'), parsed
 * with zod into the shape the domain validates. Zod only turns typed text into numbers and
 * lists; every rule about the values is the domain's (`validateEvaluationSettings`).
 */
import { z } from 'zod';
import type { TieBreakKey } from '$lib/domain/scoring';
import { unflattenFields } from '$lib/domain/setup/evaluation-settings';
import { parseTypedNumber } from '$lib/domain/typed-number';
import { typedNumberCode, typedNumberMessage } from '$lib/shared/typed-number';
import { m } from '$lib/paraglide/messages';

/**
 * A typed number (`parseTypedNumber`): a decimal comma or point, at most two decimals. Text that is
 * blank or no number at all becomes NaN rather than a form error, so the domain reports it together
 * with every other problem in one pass; grouped thousands and extra decimals are refused here, in
 * the typed number's words, because as a number they would be misread.
 */
export const typedNumber = () =>
	z
		.string()
		.default('')
		.transform((text, ctx) => {
			const typed = parseTypedNumber(text);
			if (typed.ok) return typed.value;
			if (typed.problem === 'empty' || typed.problem === 'not_a_number') return Number.NaN;
			ctx.issues.push({ code: 'custom', input: text, message: typedNumberMessage(typedNumberCode(typed.problem, 2)) ?? typed.problem });
			return z.NEVER;
		});

const text = () => z.string().default('');

/** A tie-break select's value ('presentation', 'prior' or 'criterion:<code>', see settings-draft.ts) as a key. */
export function tieBreakKey(value: string): TieBreakKey {
	if (value.startsWith('criterion:')) return { kind: 'criterion', code: value.slice('criterion:'.length) };
	return { kind: value } as TieBreakKey;
}

const editableShape = {
	name: text(),
	priorStageLabel: text(),
	passingGrade: typedNumber(),
	timeZone: text(),
	timing: z.object({ presentation: typedNumber(), qa: typedNumber(), scoring: typedNumber(), changeover: typedNumber() })
};

const lockedRulesShape = {
	stageWeights: z.object({ prior: typedNumber(), presentation: typedNumber() }),
	bands: z.array(z.object({ label: text(), min: typedNumber() })).default([]),
	aggregation: z.object({
		method: text(),
		trim: z.array(z.object({ minValid: typedNumber(), dropEachSide: typedNumber() })).default([]),
		quorum: typedNumber(),
		// A checkbox: present when ticked.
		normalise: z
			.string()
			.optional()
			.transform((v) => v !== undefined)
	}),
	tieBreak: z
		.array(z.string())
		.default([])
		.transform((keys) => keys.map(tieBreakKey)),
	nonPresenter: text()
};

/** The whole form, while the settings are unlocked. */
export const settingsForm = z.preprocess(
	(raw) => unflattenFields(raw as Record<string, unknown>),
	z.object({ ...editableShape, rules: z.object({ ...lockedRulesShape, divergenceTolerance: typedNumber() }) })
);

/** The form while locked: only what stays editable. */
export const editableSettingsForm = z.preprocess(
	(raw) => unflattenFields(raw as Record<string, unknown>),
	z.object({ ...editableShape, rules: z.object({ divergenceTolerance: typedNumber() }) })
);

/** A form that carries the locked fields (a page loaded before the lock) is checked whole, so the service can refuse it. */
export const carriesLockedFields = (formData: FormData) => formData.has('rules.stageWeights.prior');

export const unlockForm = z.object({
	reason: z
		.string()
		.trim()
		.min(10, { error: () => m.settings_unlock_reason_short() })
		.max(500, { error: () => m.settings_error_too_long({ max: 500 }) })
});

/** What was typed, to show the form again after a service refused it (parseForm gives it only for its own failures). */
export const typedValues = (formData: FormData): Record<string, string> =>
	Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
