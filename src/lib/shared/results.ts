/**
 * What the secretariat's results pages show (the hub, a published version, the history, a
 * comparison, the corrections): plain data built by `$lib/server/services/results/*`, worded on
 * the page with `$lib/shared/results-text`. Ties come as the scoring core's tie notes: pages never
 * work out a tie themselves.
 */
import type { BandFlow, BodyMove, ScoreSheet, ScoringRules, ShortlistReason, ShortlistRule, TieNote } from '$lib/domain/scoring';
import type { AuditHead } from '$lib/domain/audit';

/** The names a version was published with, kept with it so that it reads later as it did then. */
export interface VersionLabels {
	/** The prior stage's name (e.g. "SAQ"), as the method prints it. */
	priorLabel: string;
	/** In the evaluation's category order. */
	categories: { id: string; name: string }[];
	bodies: Record<string, { name: string; shortName: string }>;
}

/** One body's line in a results table. */
export interface ResultRow {
	bodyId: string;
	name: string;
	categoryId: string;
	categoryName: string;
	priorScore: number;
	/** null: did not present, or a panel below quorum (see belowQuorum). */
	presentationScore: number | null;
	belowQuorum: boolean;
	finalScore: number;
	band: string;
	rankInCategory: number;
	nationalRank: number;
	/** The tie the body is part of, in its category and nationally (null: none). */
	categoryTie: TieNote | null;
	nationalTie: TieNote | null;
	/** Scores a correction set in place of the computed ones. */
	corrected: ('presentation' | 'final')[];
}

/** A published version's record: what the history lists and every view of it prints. */
export interface VersionInfo {
	version: number;
	hash: string;
	reason: string;
	/** The decree (SK) announcing it; null for versions published before decrees were required. */
	decreeNumber: string | null;
	/** YYYY-MM-DD. */
	decreeDate: string | null;
	publishedAt: number;
	publishedBy: string | null;
	/** The head of its own audit row (null for versions published before anchors were stored). */
	auditHead: AuditHead | null;
}

/** Which results a view shows: the draft (as they stand now, not published) or a published version. */
export type ResultsSource = { kind: 'draft'; lastPublished: number | null } | { kind: 'version'; info: VersionInfo };

/** A shortlisted body: its results line, and why the rule selected it. */
export interface ShortlistRow extends Pick<
	ResultRow,
	'bodyId' | 'name' | 'categoryName' | 'finalScore' | 'band' | 'rankInCategory' | 'nationalRank' | 'categoryTie' | 'nationalTie'
> {
	/** Every rule that selected the body. */
	reasons: ShortlistReason[];
	tiedAtCut: boolean;
	bubble: boolean;
}

/** The visitation shortlist drawn from the shown results with the evaluation's rule, or why there is none. */
export type ShortlistView =
	{ ok: true; rule: ShortlistRule; rows: ShortlistRow[] } | { ok: false; problem: 'no_rule' | 'rule_invalid'; rule: ShortlistRule | null };

export interface CategoryResults {
	id: string;
	name: string;
	/** By rank; bodies sharing a rank by name. */
	rows: ResultRow[];
}

/** Everything one view of the results needs: per category, nationally, the shortlist, and the method. */
export interface ResultsView {
	source: ResultsSource;
	hash: string;
	rules: ScoringRules;
	priorLabel: string;
	/** In the evaluation's category order. */
	categories: CategoryResults[];
	/** Every body by national rank. */
	national: ResultRow[];
	shortlist: ShortlistView;
}

/** A body's move between two results, with its names and ties on each side. */
export interface ComparedBody extends BodyMove {
	name: string;
	categoryName: string;
	/** The category tie before and after (rank 2 shared…), for "rank 19 → rank 2 (shared)". */
	tieBefore: TieNote | null;
	tieAfter: TieNote | null;
}

/** One side of a comparison: a published version or the draft. */
export type ComparedSide = { kind: 'version'; info: VersionInfo } | { kind: 'draft' };

export interface ResultsComparison {
	from: ComparedSide;
	to: ComparedSide;
	moves: ComparedBody[];
	/** Band flows, with body names. */
	bands: (BandFlow & { enteredNames: string[]; leftNames: string[] })[];
	/** Who entered and left the shortlist (each side's drawn with the evaluation's rule); null: no usable rule. */
	shortlist: { rule: ShortlistRule; entered: string[]; left: string[] } | null;
}

/** The draft against the last published version: what publishing now would change. */
export interface DraftChanges {
	/** The last published version, or null before the first publication. */
	published: VersionInfo | null;
	/** The draft's hash differs from the published version's (or nothing is published yet). */
	pending: boolean;
	draftHash: string;
	/** null before the first publication (nothing to compare with). */
	comparison: ResultsComparison | null;
}

/** How a person's consent to a sheet correction was given. */
export interface ConsentRecord {
	/** The person (the juror, or the panel's chair) as recorded. */
	name: string;
	personId: string | null;
	/** e.g. "in person", "signed minutes". */
	how: string;
	/** When, epoch ms. */
	at: number;
}

export interface CorrectionConsent {
	juror: ConsentRecord;
	chair: ConsentRecord;
}

/** What an amendment row holds beside its value: the corrected sheet, and what it replaced. */
export interface AmendmentPayload {
	was: number | null;
	sheet?: ScoreSheet;
	wasSheet?: ScoreSheet | null;
}

export type CorrectionKind = 'prior_score' | 'juror_sheet' | 'presentation_score' | 'final_score';

/** One stored correction, as the corrections list shows it. */
export interface Correction {
	id: string;
	seq: number;
	kind: CorrectionKind;
	source: 'visit' | 'secretariat' | 'import';
	bodyId: string;
	bodyName: string;
	jurorId: string | null;
	jurorName: string | null;
	/** The corrected score (for a sheet, its total). */
	value: number;
	/** What it was before (null: there was none, e.g. a panel below quorum). */
	was: number | null;
	sheet: ScoreSheet | null;
	wasSheet: ScoreSheet | null;
	reason: string;
	decreeReference: string | null;
	consent: CorrectionConsent | null;
	visitId: string | null;
	createdBy: string | null;
	createdAt: number;
}

/** A body as the correction form offers it: what it has now, and the panel that judged it. */
export interface CorrectableBody {
	id: string;
	name: string;
	categoryName: string;
	/** As it stands now (corrections applied). */
	priorScore: number;
	presentationScore: number | null;
	finalScore: number;
	/** It presented (a certified slot): its presentation score and sheets can be corrected. */
	presented: boolean;
	/** The chair of the panel that judged it (consent to a sheet correction). */
	chairName: string | null;
	/** The panel's jurors, each with the sheet that counts now. */
	jurors: { id: string; name: string; status: 'scored' | 'recused' | 'absent'; sheet: ScoreSheet | null }[];
}

/** A criterion as the sheet correction form asks for it. */
export interface SheetCriterion {
	code: string;
	name: string;
	min: number;
	max: number;
	step: number;
}
