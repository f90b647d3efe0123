/**
 * The results seen as charts: score distributions with the bands, the prior stage against the
 * presentation, each juror against their panel, and what the weights and the tie-break do. Plain
 * data for the analysis page; pure.
 */
export { scoreDistribution } from './distribution';
export type { CategoryDistribution, ScoreBin } from './distribution';
export { priorVersusPresentation } from './stages';
export type { StageComparison, StagePoint } from './stages';
export { jurorDeviations, MIN_MEAN_DEVIATION, MIN_SLOTS_FOR_TENDENCY } from './juror-deviation';
export type { DeviationCell, JurorTendency, PanelDeviations, Tendency } from './juror-deviation';
export { SUGGESTED_TIE_BREAK, tieBreakEffect, weightEffects, weightScenarios } from './what-if';
export type { ScenarioEffect, TieBreakEffect, WeightScenario } from './what-if';
