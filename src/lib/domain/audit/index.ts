/**
 * Checks of the audit log that need no I/O: anchors against the chain, MAC coverage, score sheets
 * against their audit rows, the wording of each finding, and the replay of an evaluation's rows
 * into its results. Hashing and reading live in `$lib/server/audit*`.
 */
export { checkAnchors, formatAnchor, parseAnchor } from './anchor';
export type { AnchorFinding, AuditAnchor, AuditHead } from './anchor';
export { checkMacCoverage } from './mac';
export type { MacCoverage, MacFinding, MacStatus } from './mac';
export { crossCheckSheets } from './sheets';
export type { SheetFinding, StoredSheet, SubmitRow } from './sheets';
export { describeAuditFinding } from './findings';
export type { AuditBreak, AuditFinding } from './findings';
export { REPLAY_FORMAT, replayEvaluation } from './replay';
export type {
	CertifiedSlot,
	EvaluationReplay,
	ReplayBody,
	ReplayGap,
	ReplayPayload,
	ReplayRow,
	ReplayedVersion,
	VersionReplay
} from './replay';
export { inputDifferences, resultDifferences } from './replay-diff';
export type { ReplayDifference } from './replay-diff';
export { changeReason, fieldChanges } from './changes';
export type { ChangeValue, FieldChange } from './changes';
