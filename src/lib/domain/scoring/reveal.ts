/**
 * The staged reveal of an award ceremony: a category's results are shown bottom-up, one step at a
 * time. A step is one body or one qualification band; bodies with the same final score always go
 * up together (a shared rank, or a tie the tie-break chain split), so a revealed line never hints
 * at a body still hidden. The state of a category is a count of bodies revealed from the bottom.
 */

/** What one step of the reveal console shows: the next body (with those tied to it) or the next band. */
export type RevealUnit = 'body' | 'band';

/** A category's line as the reveal needs it, in rank order (best first). */
export interface RevealLine {
	finalScore: number;
	band: string;
}

/** Sizes of the groups a reveal never splits (equal final scores), bottom-up. */
function scoreGroups(lines: readonly RevealLine[]): number[] {
	const groups: number[] = [];
	for (let i = lines.length - 1; i >= 0; i--) {
		if (i < lines.length - 1 && lines[i].finalScore === lines[i + 1].finalScore) groups[groups.length - 1]++;
		else groups.push(1);
	}
	return groups;
}

/** Counts (from the bottom) at which a step may stop: 0, then after each group of equal scores. */
function boundaries(lines: readonly RevealLine[]): number[] {
	const stops = [0];
	for (const size of scoreGroups(lines)) stops.push(stops[stops.length - 1] + size);
	return stops;
}

/**
 * How many bodies from the bottom are shown for a stored count: never part of a tie group (the
 * count is rounded down to a whole group), never more than the category has. A category whose
 * results changed since the count was stored (a new certification, a new version) stays safe.
 *
 * @example shownCount([{ finalScore: 90, band: 'A' }, { finalScore: 80, band: 'B' }, { finalScore: 80, band: 'B' }], 1) // 0
 */
export function shownCount(lines: readonly RevealLine[], revealed: number): number {
	return boundaries(lines)
		.filter((stop) => stop <= revealed)
		.at(-1)!;
}

/**
 * The revealed lines of a category (the bottom `shownCount` of them), in rank order.
 *
 * @example revealedLines(lines, 2) // the two lowest lines, unless that splits a tie
 */
export function revealedLines<L extends RevealLine>(lines: readonly L[], revealed: number): L[] {
	return lines.slice(lines.length - shownCount(lines, revealed));
}

/**
 * The count after one step forward, or null when everything is revealed. A body step shows the
 * next body up (with every body of the same score); a band step shows the rest of the band the
 * next body is in.
 *
 * @example revealForward(lines, 0, 'band') // every body of the lowest band
 */
export function revealForward(lines: readonly RevealLine[], revealed: number, unit: RevealUnit): number | null {
	const shown = shownCount(lines, revealed);
	if (shown >= lines.length) return null;
	const stops = boundaries(lines);
	if (unit === 'body') return stops.find((stop) => stop > shown)!;
	const band = lines[lines.length - 1 - shown].band;
	let count = shown;
	while (count < lines.length && lines[lines.length - 1 - count].band === band) count++;
	return count;
}

/**
 * The count after one step back, or null when nothing is revealed. A body step hides the top
 * revealed body (with those tied to it); a band step hides every revealed body of its band.
 *
 * @example revealBack(lines, 3, 'body') // 2, when the third body from the bottom is tied with none
 */
export function revealBack(lines: readonly RevealLine[], revealed: number, unit: RevealUnit): number | null {
	const shown = shownCount(lines, revealed);
	if (shown === 0) return null;
	const stops = boundaries(lines);
	if (unit === 'body') return stops.filter((stop) => stop < shown).at(-1)!;
	const band = lines[lines.length - shown].band;
	let count = shown;
	while (count > 0 && lines[lines.length - count].band === band) count--;
	return count;
}
