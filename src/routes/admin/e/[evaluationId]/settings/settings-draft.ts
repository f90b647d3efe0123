/**
 * What the settings form shows: every field as typed text, from the stored settings or, after a
 * refused save, from what the secretariat typed (so nothing typed is lost). Client-safe.
 */
import type { TieBreakKey } from '$lib/domain/scoring';
import { unflattenFields, type EvaluationSettings } from '$lib/domain/setup/evaluation-settings';

export interface SettingsDraft {
	name: string;
	priorStageLabel: string;
	passingGrade: string;
	rules: {
		stageWeights: { prior: string; presentation: string };
		bands: { label: string; min: string }[];
		aggregation: { method: string; trim: { minValid: string; dropEachSide: string }[]; quorum: string; normalise: boolean };
		tieBreak: string[];
		nonPresenter: string;
		divergenceTolerance: string;
	};
	timing: { presentation: string; qa: string; scoring: string; changeover: string };
	timeZone: string;
}

const tieValue = (key: TieBreakKey) => (key.kind === 'criterion' ? `criterion:${key.code}` : key.kind);

export function draftOf(s: EvaluationSettings): SettingsDraft {
	const { rules, timing } = s;
	return {
		name: s.name,
		priorStageLabel: s.priorStageLabel,
		passingGrade: String(s.passingGrade),
		rules: {
			stageWeights: { prior: String(rules.stageWeights.prior), presentation: String(rules.stageWeights.presentation) },
			bands: rules.bands.map((b) => ({ label: b.label, min: String(b.min) })),
			aggregation: {
				method: rules.aggregation.method,
				trim: rules.aggregation.trim.map((t) => ({ minValid: String(t.minValid), dropEachSide: String(t.dropEachSide) })),
				quorum: String(rules.aggregation.quorum),
				normalise: rules.aggregation.normalise
			},
			tieBreak: rules.tieBreak.map(tieValue),
			nonPresenter: rules.nonPresenter,
			divergenceTolerance: String(rules.divergenceTolerance)
		},
		timing: {
			presentation: String(timing.presentation),
			qa: String(timing.qa),
			scoring: String(timing.scoring),
			changeover: String(timing.changeover)
		},
		timeZone: s.timeZone
	};
}

/**
 * The draft after a refused save: the typed values over the stored settings. A form posted with
 * the locked fields replaces the lists whole (a list emptied on purpose stays empty).
 */
export function draftFromValues(values: Record<string, string>, stored: EvaluationSettings): SettingsDraft {
	const base = draftOf(stored);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- typed text of unknown shape, read field by field
	const v = unflattenFields(values) as any;
	const full = 'rules.stageWeights.prior' in values;
	const pick = <T>(typed: T | undefined, fallback: T) => (typed === undefined ? fallback : typed);
	return {
		name: pick(v.name, base.name),
		priorStageLabel: pick(v.priorStageLabel, base.priorStageLabel),
		passingGrade: pick(v.passingGrade, base.passingGrade),
		rules: full
			? {
					stageWeights: { ...base.rules.stageWeights, ...v.rules?.stageWeights },
					bands: v.rules?.bands ?? [],
					aggregation: {
						method: pick(v.rules?.aggregation?.method, base.rules.aggregation.method),
						trim: v.rules?.aggregation?.trim ?? [],
						quorum: pick(v.rules?.aggregation?.quorum, base.rules.aggregation.quorum),
						normalise: v.rules?.aggregation?.normalise !== undefined
					},
					tieBreak: v.rules?.tieBreak ?? [],
					nonPresenter: pick(v.rules?.nonPresenter, base.rules.nonPresenter),
					divergenceTolerance: pick(v.rules?.divergenceTolerance, base.rules.divergenceTolerance)
				}
			: { ...base.rules, divergenceTolerance: pick(v.rules?.divergenceTolerance, base.rules.divergenceTolerance) },
		timing: { ...base.timing, ...v.timing },
		timeZone: pick(v.timeZone, base.timeZone)
	};
}
