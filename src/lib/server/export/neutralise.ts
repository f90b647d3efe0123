/**
 * What an exported spreadsheet cell may hold. A Date is a reading of the event's clocks (its UTC
 * fields are the date and time of day in the event's zone): spreadsheets have no zones, so the
 * cell holds what the event's clock showed, and the export names the zone.
 */
export type ExportValue = string | number | Date | null;

// A cell starting like this is run as a formula by Excel, LibreOffice or Google Sheets ("CSV
// injection"): = + - @, and tab or carriage return, which some of them skip before looking. The
// full-width forms are included because Excel with an East Asian input method reads them too.
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
// Some programs trim leading spaces (and line breaks) before deciding, so " =1" counts as well.
const AFTER_SPACE = /^\s+[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/**
 * Makes a cell safe to open in a spreadsheet: a text that begins like a formula gets a leading
 * apostrophe, so it shows as text and is never run. Only the beginning counts: "=1\n2" (a formula
 * over two lines) is neutralised, "a\n=1" is one quoted cell that begins with "a" and stays as it
 * is. Numbers stay numbers (a real -1 is a number, not a formula); empty stays empty. Every cell of
 * every export goes through here, via csvFile and xlsxFile (./spreadsheet.ts).
 *
 * @example neutraliseFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example neutraliseFormula(-1) // -1
 */
export function neutraliseFormula(value: string): string;
export function neutraliseFormula(value: ExportValue): ExportValue;
export function neutraliseFormula(value: ExportValue): ExportValue {
	if (typeof value !== 'string') return value;
	return FORMULA_START.test(value) || AFTER_SPACE.test(value) ? `'${value}` : value;
}
