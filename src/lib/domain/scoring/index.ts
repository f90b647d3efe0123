/**
 * Juri's scoring core: everything that turns jurors' numbers into published
 * results. Pure: no I/O, no clock, no randomness; plain data in and out.
 */
export type * from './types';
export type { ValidationIssue, ValidationIssueCode, ValidationResult } from './errors';
export { ScoringError } from './errors';
export { MONEV_KIP_PRESET } from './preset';
export { validateRubric, compileRubric, tryCompileRubric } from './rubric';
export type { CompiledRubric, CompiledCriterion } from './rubric';
export { validateScoreSheet } from './score-sheet';
export { validateRules } from './rules';
export { jurorTotal, sheetWithTotal } from './juror-total';
export { aggregate, trimCount } from './aggregate';
export { normaliseTotals } from './normalise';
export type { PanelTotals } from './normalise';
export { assessDivergence, farthestJuror } from './divergence';
export type { Divergence } from './divergence';
export { scoreSlot } from './panel';
export { finalScore } from './final-score';
export { roundHalfUp2 } from './rounding';
export { qualify } from './bands';
export { rankCompetition, rankWithTieBreak, describeTieBreakKey } from './ranking';
export type { Ranked } from './ranking';
export { tieNotes } from './ties';
export type { TieNote } from './ties';
export { computeResults } from './results';
export { hashInputs } from './hash';
export { diffResults } from './diff';
export type { EntryChange, EntryPosition, ResultDiff } from './diff';
export { compareResults } from './compare';
export type { BandFlow, BodyMove, Comparison } from './compare';
export { amend, applyAmendment } from './amend';
export type { Amendment, AmendmentDiff, AmendmentOutcome } from './amend';
export { slotJurors, withStoredCorrections } from './stored-inputs';
export type { StoredCorrection } from './stored-inputs';
export { buildShortlist } from './shortlist';
export type { CutReason, Shortlist, ShortlistEntry, ShortlistReason, ShortlistRule } from './shortlist';
export { weightSensitivity } from './sensitivity';
export type { SensitivityReport, WeightChange } from './sensitivity';
export { revealBack, revealForward, revealedLines, shownCount } from './reveal';
export type { RevealLine, RevealUnit } from './reveal';
export { previewRules } from './rule-preview';
