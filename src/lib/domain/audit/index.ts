/**
 * Checks of the audit log that need no I/O: anchors against the chain, MAC coverage, score sheets
 * against their audit rows, and the wording of each finding. Hashing and reading live in
 * `$lib/server/audit*`.
 */
export { checkAnchors, formatAnchor, parseAnchor } from './anchor';
export type { AnchorFinding, AuditAnchor, AuditHead } from './anchor';
export { checkMacCoverage } from './mac';
export type { MacCoverage, MacFinding, MacStatus } from './mac';
export { crossCheckSheets } from './sheets';
export type { SheetFinding, StoredSheet, SubmitRow } from './sheets';
export { describeAuditFinding } from './findings';
export type { AuditBreak, AuditFinding } from './findings';
export { changeReason, fieldChanges } from './changes';
export type { ChangeValue, FieldChange } from './changes';
