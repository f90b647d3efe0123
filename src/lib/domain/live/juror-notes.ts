/**
 * A juror's private notes on a sheet: one per criterion and one overall. They help the juror (and,
 * after certification, the chair and the secretariat) remember why a score was given; they never
 * change a score, and no result, public view or export reads them.
 */

/** The longest note on one criterion, or overall, in characters. */
export const NOTE_MAX_CHARS = 500;
/**
 * All notes of one sheet together: they travel with the sheet in one socket message, which the
 * server caps at 8 KB, so the sheet's notes must fit beside its scores even in 4-byte characters.
 */
export const NOTES_TOTAL_MAX_CHARS = 1500;

export interface JurorNotes {
	/** Criterion code → note; only criteria with a note. */
	criteria: Record<string, string>;
	overall: string;
}

export type NotesCheck = { ok: true; value: JurorNotes | null } | { ok: false; issue: 'unknown_criterion' | 'too_long'; code?: string };

/**
 * Tidies a sheet's notes against its rubric: trims each note, drops empty ones, and gives null when
 * nothing is left. A note for a criterion the rubric does not have, or notes past the bounds, are refused.
 *
 * @example tidyNotes(['K1', 'K2'], { criteria: { K1: '  lihat SOP ', K2: '' }, overall: '' })
 * // { ok: true, value: { criteria: { K1: 'lihat SOP' }, overall: '' } }
 */
export function tidyNotes(
	codes: readonly string[],
	notes: { criteria?: Record<string, string>; overall?: string } | undefined
): NotesCheck {
	if (!notes) return { ok: true, value: null };
	const known = new Set(codes);
	const criteria: Record<string, string> = {};
	for (const [code, text] of Object.entries(notes.criteria ?? {})) {
		if (!known.has(code)) return { ok: false, issue: 'unknown_criterion', code };
		const note = text.trim();
		if (note) criteria[code] = note;
	}
	const overall = (notes.overall ?? '').trim();
	const all = [overall, ...Object.values(criteria)];
	if (all.some((n) => n.length > NOTE_MAX_CHARS) || all.reduce((sum, n) => sum + n.length, 0) > NOTES_TOTAL_MAX_CHARS) {
		return { ok: false, issue: 'too_long' };
	}
	return { ok: true, value: overall || Object.keys(criteria).length ? { criteria, overall } : null };
}

/**
 * Whether the notes on screen are those the server holds (empty notes and none are the same).
 *
 * @example sameNotes({ criteria: { K1: ' a ' }, overall: '' }, { criteria: { K1: 'a' }, overall: '' }) // true
 */
export function sameNotes(typed: Partial<JurorNotes>, held: JurorNotes | null): boolean {
	const a = tidyNotes(Object.keys(typed.criteria ?? {}), typed);
	const mine = a.ok ? a.value : null;
	if (!mine || !held) return !mine && !held;
	const codes = new Set([...Object.keys(mine.criteria), ...Object.keys(held.criteria)]);
	return mine.overall === held.overall && [...codes].every((c) => mine.criteria[c] === held.criteria[c]);
}
