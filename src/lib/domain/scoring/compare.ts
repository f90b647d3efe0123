import { position } from './diff';
import type { EntryPosition } from './diff';
import { roundHalfUp2 } from './rounding';
import { buildShortlist } from './shortlist';
import type { ShortlistRule } from './shortlist';
import type { ResultEntry, ResultSet } from './types';

/** How one body's standing differs between two result versions. */
export interface BodyMove {
	bodyId: string;
	/** Its category in the later version (in the earlier one for a body that left). */
	categoryId: string;
	/** null: the body is not in the earlier version (added since, e.g. by a re-import). */
	before: EntryPosition | null;
	/** null: the body is not in the later version. */
	after: EntryPosition | null;
	scoreChanged: boolean;
	/** Category or national rank changed. */
	rankChanged: boolean;
	bandChanged: boolean;
	/** The body is in another category now: its category ranks do not compare. */
	categoryChanged: boolean;
	/** Later final score minus earlier, at published precision; null unless the body is in both. */
	scoreMove: number | null;
	/** Places gained in the category ranking (positive = moved up); null when they do not compare. */
	categoryMove: number | null;
	/** Places gained in the national ranking; null unless the body is in both. */
	nationalMove: number | null;
	/** The body entered or left the shortlist (null: no change, or no shortlist rule given). */
	shortlist: 'entered' | 'left' | null;
	/** Only its rank moved, because others' did: its own score, band and category are as they were. */
	shifted: boolean;
}

/** The bodies that came into a band and those that went out of it. */
export interface BandFlow {
	band: string;
	entered: string[];
	left: string[];
}

export interface Comparison {
	from: { version: number; hash: string };
	to: { version: number; hash: string };
	/** Every body whose score, rank, band, category or shortlist place changed, or that is in one version only: the later version's order (category, rank, body), then bodies that left. */
	moves: BodyMove[];
	/** Bands that gained or lost bodies, in the later version's band order (then bands it no longer has). */
	bands: BandFlow[];
	/** Who entered and who left the shortlist, each version's drawn with the same rule; null without a rule. */
	shortlist: { rule: ShortlistRule; entered: string[]; left: string[] } | null;
}

function moveOf(bodyId: string, was: ResultEntry | undefined, now: ResultEntry | undefined, shortlist: BodyMove['shortlist']): BodyMove {
	const before = was ? position(was) : null;
	const after = now ? position(now) : null;
	const both = before !== null && after !== null;
	const categoryChanged = both && was!.categoryId !== now!.categoryId;
	const scoreChanged = !both || before.finalScore !== after.finalScore;
	const bandChanged = !both || before.band !== after.band;
	return {
		bodyId,
		categoryId: (now ?? was)!.categoryId,
		before,
		after,
		scoreChanged,
		rankChanged: !both || before.rankInCategory !== after.rankInCategory || before.nationalRank !== after.nationalRank,
		bandChanged,
		categoryChanged,
		scoreMove: both ? roundHalfUp2(after.finalScore - before.finalScore) : null,
		categoryMove: both && !categoryChanged ? before.rankInCategory - after.rankInCategory : null,
		nationalMove: both ? before.nationalRank - after.nationalRank : null,
		shortlist,
		shifted: !scoreChanged && !bandChanged && !categoryChanged
	};
}

const changed = (m: BodyMove) => m.scoreChanged || m.rankChanged || m.bandChanged || m.categoryChanged || m.shortlist !== null;

/**
 * What changed between two result versions, as a reader of two decrees asks it: who moved (rank
 * and score, in the category and nationally), who came into or went out of each band, and, given
 * the evaluation's visitation rule, who entered or left the shortlist (each version's shortlist
 * drawn with that rule by buildShortlist). Unlike diffResults, the versions may hold different
 * bodies (a re-import adds some): a body in one version only is a move with a null side.
 * @throws ScoringError from buildShortlist when the rule does not fit a version (e.g. 'unknown_band').
 *
 * @example
 * const { moves, bands, shortlist } = compareResults(v1, v2, { shortlistRule: { topPerCategory: 3 } });
 * // moves: [{ bodyId: 'banten', before: { finalScore: 83.7, rankInCategory: 19, … }, after: { finalScore: 95.8, rankInCategory: 2, … }, categoryMove: 17, shortlist: 'entered', … }, …]
 * // bands: [{ band: 'Informatif', entered: ['banten'], left: [] }, { band: 'Menuju Informatif', entered: [], left: ['banten'] }]
 */
export function compareResults(from: ResultSet, to: ResultSet, opts: { shortlistRule?: ShortlistRule } = {}): Comparison {
	const earlier = new Map(from.entries.map((e) => [e.bodyId, e]));
	const later = new Map(to.entries.map((e) => [e.bodyId, e]));
	const rule = opts.shortlistRule;
	const listed = rule
		? [buildShortlist(from, rule), buildShortlist(to, rule)].map((list) => new Set(list.entries.map((e) => e.bodyId)))
		: null;
	const shortlistMove = (bodyId: string): BodyMove['shortlist'] => {
		if (!listed) return null;
		const [was, is] = listed.map((set) => set.has(bodyId));
		return was === is ? null : is ? 'entered' : 'left';
	};
	const moves = [
		...to.entries.map((e) => moveOf(e.bodyId, earlier.get(e.bodyId), e, shortlistMove(e.bodyId))),
		...from.entries.filter((e) => !later.has(e.bodyId)).map((e) => moveOf(e.bodyId, e, undefined, shortlistMove(e.bodyId)))
	].filter(changed);
	const flows = new Map<string, BandFlow>();
	const flow = (band: string) => flows.get(band) ?? (flows.set(band, { band, entered: [], left: [] }).get(band) as BandFlow);
	for (const label of [...to.rules.bands, ...from.rules.bands].map((b) => b.label)) flow(label);
	for (const m of moves) {
		if (!m.bandChanged) continue;
		if (m.after) flow(m.after.band).entered.push(m.bodyId);
		if (m.before) flow(m.before.band).left.push(m.bodyId);
	}
	return {
		from: { version: from.version, hash: from.hash },
		to: { version: to.version, hash: to.hash },
		moves,
		bands: [...flows.values()].filter((f) => f.entered.length > 0 || f.left.length > 0),
		shortlist:
			rule && listed
				? {
						rule: { ...rule },
						entered: moves.filter((m) => m.shortlist === 'entered').map((m) => m.bodyId),
						left: moves.filter((m) => m.shortlist === 'left').map((m) => m.bodyId)
					}
				: null
	};
}
