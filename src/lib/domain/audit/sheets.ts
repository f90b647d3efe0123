/**
 * Score sheets against their audit rows. Every stored sheet was written in the same transaction as
 * one 'score.submit' audit row whose after-state is the sheet; so a sheet without its row, a row
 * without its sheet, or a sheet that differs from its row was inserted, deleted or changed outside
 * the app.
 */

/** A stored sheet, as the score_submissions table holds it (scores parsed). */
export interface StoredSheet {
	id: string;
	slotId: string;
	jurorId: string;
	revision: number;
	scores: Record<string, number>;
	total: number;
}

/** A 'score.submit' audit row: its entity is the sheet's id, its actor the juror, `after` the sheet (parsed JSON). */
export interface SubmitRow {
	seq: number;
	sheetId: string | null;
	actorId: string | null;
	after: unknown;
}

export type SheetFinding =
	| { kind: 'sheet_unaudited'; sheet: StoredSheet }
	| { kind: 'audit_without_sheet'; row: SubmitRow }
	| { kind: 'sheet_differs'; sheet: StoredSheet; row: SubmitRow; fields: string[] };

/**
 * Names every sheet without its audit row, every audit row without its sheet, and every sheet
 * whose slot, juror, revision, scores or total differ from what its row recorded.
 *
 * @example crossCheckSheets([{ id: 's1', … scores: { K1: 80 } }], [{ seq: 7, sheetId: 's1', actorId: 'j1', after: { … scores: { K1: 90 } } }]) // → [{ kind: 'sheet_differs', fields: ['scores', …] }]
 */
export function crossCheckSheets(sheets: readonly StoredSheet[], rows: readonly SubmitRow[]): SheetFinding[] {
	const rowOf = new Map<string, SubmitRow>();
	for (const row of rows) if (row.sheetId !== null) rowOf.set(row.sheetId, row);
	const findings: SheetFinding[] = [];
	const sheetIds = new Set<string>();
	for (const sheet of sheets) {
		sheetIds.add(sheet.id);
		const row = rowOf.get(sheet.id);
		if (!row) {
			findings.push({ kind: 'sheet_unaudited', sheet });
			continue;
		}
		const fields = differingFields(sheet, row);
		if (fields.length > 0) findings.push({ kind: 'sheet_differs', sheet, row, fields });
	}
	for (const row of rows) if (row.sheetId === null || !sheetIds.has(row.sheetId)) findings.push({ kind: 'audit_without_sheet', row });
	return findings;
}

function differingFields(sheet: StoredSheet, row: SubmitRow): string[] {
	const after = (typeof row.after === 'object' && row.after !== null ? row.after : {}) as Record<string, unknown>;
	const fields: string[] = [];
	if (after.slotId !== sheet.slotId) fields.push('slot');
	if (row.actorId !== sheet.jurorId) fields.push('juror');
	if (after.revision !== sheet.revision) fields.push('revision');
	if (!sameScores(sheet.scores, after.scores)) fields.push('scores');
	if (after.total !== sheet.total) fields.push('total');
	return fields;
}

/** Same criteria with the same numbers, whatever the key order of the JSON. */
function sameScores(stored: Record<string, number>, recorded: unknown): boolean {
	if (typeof recorded !== 'object' || recorded === null) return false;
	const entries = Object.entries(recorded as Record<string, unknown>);
	return (
		entries.length === Object.keys(stored).length && entries.every(([code, value]) => Object.hasOwn(stored, code) && stored[code] === value)
	);
}
