/** The analysis page's words that depend on data: scenario names, tendencies, signed numbers. */
import type { Tendency, WeightScenario } from '$lib/domain/analysis';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { scoreText } from '$lib/shared/results-text';

/** A signed number of points, two decimals: "+2,50", "−4,56". */
export const signedScore = (value: number) => (value > 0 ? `+${scoreText(value)}` : value < 0 ? `−${scoreText(-value)}` : scoreText(0));

/** A weight in points, as typed: "80", "80,5". */
export const weightText = (value: number) =>
	new Intl.NumberFormat(getLocale() === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 2 }).format(value);

/** A scenario's name: "SAQ 80 / presentasi 20", "Komitmen pimpinan +5 poin". */
export function scenarioText(scenario: WeightScenario, priorLabel: string, criterionName: (code: string) => string): string {
	if (scenario.kind === 'stage')
		return m.analysis_scenario_stage({
			prior: priorLabel,
			priorWeight: weightText(scenario.prior),
			presentationWeight: weightText(scenario.presentation)
		});
	return m.analysis_scenario_criterion({
		criterion: criterionName(scenario.code),
		delta: scenario.delta > 0 ? `+${scenario.delta}` : `−${-scenario.delta}`
	});
}

export const tendencyText: Record<Tendency, () => string> = {
	harsh: m.analysis_tendency_harsh,
	lenient: m.analysis_tendency_lenient,
	in_line: m.analysis_tendency_in_line
};
