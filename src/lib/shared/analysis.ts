/**
 * What the results analysis page shows (`services/analysis.ts` builds it): the domain's chart data
 * with the names the charts label it by.
 */
import type { CategoryDistribution, PanelDeviations, ScenarioEffect, StageComparison, TieBreakEffect } from '$lib/domain/analysis';
import type { Band } from '$lib/domain/scoring';

export interface ResultsAnalysis {
	priorStageLabel: string;
	/** The published version the results are compared with, and whether they differ from it now. */
	published: { version: number; pending: boolean } | null;
	categories: { id: string; name: string }[];
	bodies: Record<string, { name: string; shortName: string }>;
	jurors: Record<string, string>;
	panels: Record<string, string>;
	bands: Band[];
	distribution: CategoryDistribution[];
	stages: StageComparison;
	deviations: PanelDeviations[];
	weights: {
		stage: { prior: number; presentation: number };
		rubric: { code: string; name: string; weight: number }[];
		effects: ScenarioEffect[];
		/** The secretariat's own try (`?prior=`), or the code of why it was refused. */
		tried: { effect: ScenarioEffect } | { error: string; typed: string } | null;
	};
	tieBreak: TieBreakEffect;
}
