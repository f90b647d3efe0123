/**
 * The shapes shared by the scoring core. Everything here is plain data so it
 * can cross the wire (socket, JSON export, database row) unchanged.
 */

/** A described anchor on a criterion's scale, shown to jurors as guidance. */
export interface ScoreLevel {
	score: number;
	text: string;
}

/** One aspect of the rubric, scored on its own scale (min..max by step). */
export interface Criterion {
	code: string;
	name: string;
	description: string;
	/** Share of the juror total, in points; the rubric's weights sum to 100. */
	weight: number;
	min: number;
	max: number;
	step: number;
	levels?: ScoreLevel[];
}

export type Rubric = readonly Criterion[];

/** Ordered high→low; a score >= min gets the label; the last band catches everything below. */
export interface Band {
	label: string;
	min: number;
}

/** With at least `minValid` valid scores, drop `dropEachSide` highest and lowest. */
export interface TrimStep {
	minValid: number;
	dropEachSide: number;
}

export interface AggregationRule {
	method: 'mean' | 'median' | 'trimmed_mean';
	trim: TrimStep[];
	/** Fewest valid jurors for a slot to be scored at all. */
	quorum: number;
	/** Report a per-juror z-score normalised panel score beside the raw one. */
	normalise: boolean;
}

export type TieBreakKey = { kind: 'presentation' } | { kind: 'prior' } | { kind: 'criterion'; code: string };

export interface ScoringRules {
	/** Points given to each stage; they sum to 100. */
	stageWeights: { prior: number; presentation: number };
	/** 'prior_only': a body that did not present keeps its prior (SAQ) score as final. */
	nonPresenter: 'prior_only' | 'zero_presentation';
	bands: Band[];
	aggregation: AggregationRule;
	/** Applied in order to bodies sharing a rank; [] → plain competition ranking. */
	tieBreak: TieBreakKey[];
	/** Points on the 0–100 total scale beyond which a panel's spread is flagged. */
	divergenceTolerance: number;
}

/** Criterion code → score. */
export type ScoreSheet = Readonly<Record<string, number>>;

export interface JurorEntry {
	jurorId: string;
	status: 'scored' | 'recused' | 'absent';
	/** Required when status is 'scored'; ignored otherwise (a draft left by a juror who then recused). */
	sheet?: ScoreSheet;
}

export interface SlotScores {
	bodyId: string;
	jurors: JurorEntry[];
	/**
	 * The panel (room) that judged the slot. Only z-score normalisation uses it:
	 * jurors are normalised against the other slots of the same panel. Slots
	 * without a panelId form one panel together.
	 */
	panelId?: string;
}

export interface BodyInput {
	bodyId: string;
	categoryId: string;
	/** Verified prior-stage (SAQ) score, 0–100. */
	priorScore: number;
	name?: string;
	/**
	 * A corrected presentation score (0–100) that replaces the panel's: set by a correction, only
	 * for a body that presented. Ranks, bands and the presentation tie-break read it.
	 */
	presentationOverride?: number;
	/** A corrected final score (0–100) that replaces the computed one; rounded like any final score. */
	finalOverride?: number;
}

export interface ResultInputs {
	rubric: Rubric;
	rules: ScoringRules;
	bodies: BodyInput[];
	slots: SlotScores[];
}

export interface JurorTotal {
	jurorId: string;
	/** Unrounded 0–100 total. */
	total: number;
	/** total − the panel's score (or the mean of the totals when below quorum). */
	deviation: number;
}

export interface PanelOutcome {
	status: 'scored' | 'below_quorum';
	/** Unrounded 0–100; null when below quorum. */
	score: number | null;
	validCount: number;
	/** Valid (scored) jurors only, ordered by jurorId. */
	totals: JurorTotal[];
	/** Highest minus lowest valid total; 0 with fewer than 2. */
	spread: number;
	/** spread > rules.divergenceTolerance */
	divergent: boolean;
	/** Present only when rules.aggregation.normalise; null when below quorum. */
	normalisedScore?: number | null;
}

/** Where a tie-break chain split (or failed to split) a shared rank. */
export interface TieBreakRecord {
	/** The shared rank the chain broke. */
	appliedAt: number;
	/** The key that gave this body its own rank; null when it is still tied after every key. */
	decidedBy: TieBreakKey | null;
	/** This body's value of the deciding key at published precision (null: still tied, or no value). Absent in versions published before it was recorded. */
	decidedValue?: number | null;
	/** The same in English, for logs and old readers; pages and documents render the structured fields in the reader's language. */
	note: string;
}

export interface ResultEntry {
	bodyId: string;
	categoryId: string;
	priorScore: number;
	/** null = did not present. */
	presentation: PanelOutcome | null;
	/** Rounded once, 2 decimals, half up. */
	finalScore: number;
	band: string;
	rankInCategory: number;
	nationalRank: number;
	/** True when the body presented but its slot is below quorum: scored by the non-presenter rule until the panel is complete. */
	provisional: boolean;
	/** Set only when the category ranking needed the tie-break chain for this body. */
	tieBreak?: TieBreakRecord;
	/** Same as tieBreak, for the national ranking. */
	nationalTieBreak?: TieBreakRecord;
	/** Set only when a correction replaced a computed score: what the computation gave (null: the panel had no score). */
	overridden?: { presentation?: number | null; final?: number };
}

/** An immutable (deeply frozen) snapshot of published results. */
export interface ResultSet {
	version: number;
	/** sha256 hex of the canonical inputs and rules. */
	hash: string;
	/** The rules the snapshot was computed with. */
	rules: ScoringRules;
	/** Sorted by categoryId, rankInCategory, bodyId. */
	entries: ResultEntry[];
}
