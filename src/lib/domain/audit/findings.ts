import type { AnchorFinding } from './anchor';
import { formatAnchor } from './anchor';
import type { MacFinding } from './mac';
import type { SheetFinding, StoredSheet } from './sheets';

/** A break in the hash chain itself: a row changed, a gap in the sequence, or a row linked to the wrong predecessor. */
export interface AuditBreak {
	seq: number;
	problem: 'changed' | 'gap' | 'relinked';
}

/** Everything `npm run audit:verify` can find wrong; an empty list means every check passed. */
export type AuditFinding = ({ kind: 'chain' } & AuditBreak) | AnchorFinding | MacFinding | SheetFinding;

const short = (hash: string) => `${hash.slice(0, 16)}…`;
const sheetName = (sheet: StoredSheet) => `sheet ${sheet.id} (slot ${sheet.slotId}, juror ${sheet.jurorId}, revision ${sheet.revision})`;
const CHAIN_TEXT: Record<AuditBreak['problem'], string> = {
	changed: 'changed: its hash does not match its content',
	gap: 'gap: the row(s) before it are missing',
	relinked: 'relinked: it does not link to the hash of the row before it'
};

/**
 * One line per finding, naming the row, anchor or sheet, for the verifier's output.
 *
 * @example describeAuditFinding({ kind: 'chain', seq: 12, problem: 'changed' }) // → 'row 12: changed: its hash does not match its content'
 */
export function describeAuditFinding(finding: AuditFinding): string {
	switch (finding.kind) {
		case 'chain':
			return `row ${finding.seq}: ${CHAIN_TEXT[finding.problem]}`;
		case 'truncated':
			return `anchor ${formatAnchor(finding.anchor)} (${finding.anchor.source}): truncated: the log ends at row ${finding.lastSeq}, so rows up to ${finding.anchor.seq} were removed`;
		case 'rewritten':
			return `anchor ${formatAnchor(finding.anchor)} (${finding.anchor.source}): rewritten: row ${finding.anchor.seq} now has hash ${short(finding.actualHash)}, so it or a row before it was changed and the hashes recomputed`;
		case 'missing':
			return `anchor ${formatAnchor(finding.anchor)} (${finding.anchor.source}): row ${finding.anchor.seq} is missing`;
		case 'mac_invalid':
			return `row ${finding.seq}: MAC does not match: the row or one before it was rewritten (or this is not the key it was written with)`;
		case 'mac_missing':
			return `row ${finding.seq}: no MAC although earlier rows carry one: written without the key, or its MAC was removed`;
		case 'mac_none':
			return `none of the ${finding.rows} rows carries a MAC although a key was given: the log was written without this key, or every MAC was removed`;
		case 'sheet_unaudited':
			return `${sheetName(finding.sheet)}: no 'score.submit' audit row: inserted outside the app`;
		case 'audit_without_sheet':
			return `row ${finding.row.seq} ('score.submit' of sheet ${finding.row.sheetId}): the sheet is not stored: deleted outside the app`;
		case 'sheet_differs':
			return `${sheetName(finding.sheet)}: ${finding.fields.join(', ')} differ from audit row ${finding.row.seq}: changed outside the app`;
	}
}
