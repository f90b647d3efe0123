/**
 * MAC coverage: rows before the key rest on the hash chain alone; from the first MACed row on, a
 * missing or wrong MAC is named; a key with no MAC anywhere is a finding of its own.
 */
import { expect, test } from 'vitest';
import { checkMacCoverage, type MacStatus } from '$lib/domain/audit';

const rows = (...statuses: MacStatus[]) => statuses.map((mac, i) => ({ seq: i + 1, mac }));

test('rows before the first MAC are not findings; the first MACed row is reported', () => {
	expect(checkMacCoverage(rows('absent', 'absent', 'valid', 'valid'))).toEqual({ findings: [], firstSigned: 3 });
});

test('a wrong MAC and a missing MAC after the first are each named by row', () => {
	expect(checkMacCoverage(rows('valid', 'invalid', 'absent', 'valid'))).toEqual({
		findings: [
			{ kind: 'mac_invalid', seq: 2 },
			{ kind: 'mac_missing', seq: 3 }
		],
		firstSigned: 1
	});
});

test('an invalid first MAC still starts the coverage', () => {
	expect(checkMacCoverage(rows('absent', 'invalid', 'absent'))).toEqual({
		findings: [
			{ kind: 'mac_invalid', seq: 2 },
			{ kind: 'mac_missing', seq: 3 }
		],
		firstSigned: 2
	});
});

test('no MAC on any row is a finding (every MAC stripped looks like this); an empty log is not', () => {
	expect(checkMacCoverage(rows('absent', 'absent'))).toEqual({ findings: [{ kind: 'mac_none', rows: 2 }], firstSigned: null });
	expect(checkMacCoverage([])).toEqual({ findings: [], firstSigned: null });
});
