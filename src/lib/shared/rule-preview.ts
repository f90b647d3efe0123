/**
 * How a change of the scoring rules (or the rubric's weights) would move the certified results: what the settings page
 * shows before the secretariat confirms it, and what the confirmation names (its key).
 */

/** A body's standing on one side of the preview. */
export interface PreviewStanding {
	finalScore: number;
	band: string;
	rankInCategory: number;
}

export interface RuleChangePreview {
	/** Names this exact preview: a save confirms it by sending the key back. */
	key: string;
	/** What changes: rules (stageWeights, bands, aggregation, tieBreak, nonPresenter) or criteria ('criterion K1'). */
	rules: string[];
	/** Bodies with certified results (the ones the preview is computed for). */
	bodies: number;
	/** Each body that would move, in its category's new order. */
	moves: { bodyId: string; name: string; category: string; before: PreviewStanding; after: PreviewStanding }[];
}
