/**
 * Coverage of the keyed MAC. Rows written before the key existed carry none and stay verifiable by
 * the hash chain alone; from the first row that carries one, every row must, or a MAC was stripped.
 */

/** A row's MAC as checked with the key: it matches, it does not, or the row has none. */
export type MacStatus = 'valid' | 'invalid' | 'absent';

export type MacFinding =
	/** The MAC does not match the row's hash: the row or one before it was rewritten (or the key is another). */
	| { kind: 'mac_invalid'; seq: number }
	/** No MAC on a row after rows that have one: written without the key, or its MAC was removed. */
	| { kind: 'mac_missing'; seq: number }
	/** A key was given but no row has a MAC: the log was written without this key, or every MAC was stripped. */
	| { kind: 'mac_none'; rows: number };

export interface MacCoverage {
	findings: MacFinding[];
	/** The first row that carries a MAC; rows before it predate the key. Null when none carries one. */
	firstSigned: number | null;
}

/**
 * Judges the MAC statuses of the whole log, in seq order.
 *
 * @example checkMacCoverage([{ seq: 1, mac: 'absent' }, { seq: 2, mac: 'valid' }, { seq: 3, mac: 'absent' }]) // → { findings: [{ kind: 'mac_missing', seq: 3 }], firstSigned: 2 }
 */
export function checkMacCoverage(rows: readonly { seq: number; mac: MacStatus }[]): MacCoverage {
	const findings: MacFinding[] = [];
	let firstSigned: number | null = null;
	for (const row of rows) {
		if (row.mac === 'absent') {
			if (firstSigned !== null) findings.push({ kind: 'mac_missing', seq: row.seq });
			continue;
		}
		firstSigned ??= row.seq;
		if (row.mac === 'invalid') findings.push({ kind: 'mac_invalid', seq: row.seq });
	}
	if (rows.length > 0 && firstSigned === null) findings.push({ kind: 'mac_none', rows: rows.length });
	return { findings, firstSigned };
}
