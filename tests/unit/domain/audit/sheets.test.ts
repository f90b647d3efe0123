/**
 * Score sheets against their 'score.submit' audit rows: each kind of change made outside the app
 * is named, and key order in the JSON is not a change.
 */
import { describe, expect, test } from 'vitest';
import { crossCheckSheets, describeAuditFinding, type StoredSheet, type SubmitRow } from '$lib/domain/audit';

const sheet = (id: string, over: Partial<StoredSheet> = {}): StoredSheet => ({
	id,
	slotId: 'slot-1',
	jurorId: 'juror-1',
	revision: 1,
	scores: { K1: 80, K2: 70 },
	total: 75,
	...over
});
const rowFor = (s: StoredSheet, seq: number): SubmitRow => ({
	seq,
	sheetId: s.id,
	actorId: s.jurorId,
	after: { slotId: s.slotId, revision: s.revision, scores: s.scores, total: s.total }
});

describe('crossCheckSheets', () => {
	test('sheets and rows that match find nothing, whatever the key order of the scores', () => {
		const a = sheet('a');
		const b = sheet('b', { revision: 2 });
		const reordered = { ...rowFor(a, 7), after: { total: 75, scores: { K2: 70, K1: 80 }, revision: 1, slotId: 'slot-1' } };
		expect(crossCheckSheets([a, b], [reordered, rowFor(b, 9)])).toEqual([]);
	});

	test('a sheet without its row was inserted outside the app', () => {
		const forged = sheet('forged');
		expect(crossCheckSheets([forged], [])).toEqual([{ kind: 'sheet_unaudited', sheet: forged }]);
		expect(describeAuditFinding({ kind: 'sheet_unaudited', sheet: forged })).toBe(
			"sheet forged (slot slot-1, juror juror-1, revision 1): no 'score.submit' audit row: inserted outside the app"
		);
	});

	test('a row without its sheet: the sheet was deleted outside the app', () => {
		const row = rowFor(sheet('gone'), 12);
		expect(crossCheckSheets([], [row])).toEqual([{ kind: 'audit_without_sheet', row }]);
		expect(describeAuditFinding({ kind: 'audit_without_sheet', row })).toBe(
			"row 12 ('score.submit' of sheet gone): the sheet is not stored: deleted outside the app"
		);
	});

	test.each([
		['scores', { scores: { K1: 90, K2: 70 } }],
		['scores', { scores: { K1: 80 } }],
		['scores', { scores: { K1: 80, K2: 70, K3: 0 } }],
		['total', { total: 80 }],
		['revision', { revision: 3 }],
		['slot', { slotId: 'slot-2' }],
		['juror', { jurorId: 'juror-2' }]
	])('a sheet whose %s changed is named with the field and the row', (field, change) => {
		const original = sheet('s');
		const row = rowFor(original, 5);
		const changed = { ...original, ...change };
		expect(crossCheckSheets([changed], [row])).toEqual([{ kind: 'sheet_differs', sheet: changed, row, fields: [field] }]);
	});

	test('a row whose after-state is not a sheet at all differs in every field', () => {
		const s = sheet('s');
		expect(crossCheckSheets([s], [{ seq: 3, sheetId: 's', actorId: 'juror-1', after: null }])).toMatchObject([
			{ kind: 'sheet_differs', fields: ['slot', 'revision', 'scores', 'total'] }
		]);
	});
});
