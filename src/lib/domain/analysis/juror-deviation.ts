import type { ResultEntry } from '../scoring';

/** One juror's total for one body, against the panel's score for it. */
export interface DeviationCell {
	bodyId: string;
	jurorId: string;
	/** Unrounded 0–100 total. */
	total: number;
	/** total − the panel's score (negative: harsher than the panel). */
	deviation: number;
}

export type Tendency = 'harsh' | 'lenient' | 'in_line';

export interface JurorTendency {
	jurorId: string;
	/** Slots the juror scored. */
	slots: number;
	meanDeviation: number;
	/** Slots where the juror scored below / above the panel. */
	below: number;
	above: number;
	tendency: Tendency;
}

export interface PanelDeviations {
	panelId: string;
	/** In seat order as first met, so rows stay put from one slot to the next. */
	jurorIds: string[];
	/** In schedule order. */
	bodyIds: string[];
	cells: DeviationCell[];
	jurors: JurorTendency[];
}

/** Fewest slots before a tendency is called: two slots are an anecdote. */
export const MIN_SLOTS_FOR_TENDENCY = 3;
/**
 * Smallest mean deviation worth a word, in points of the 0–100 total. Deviations are from the panel's
 * score, which includes the juror: with three or four jurors one harsh juror lifts the others about
 * a point or two, which must not make them "lenient".
 */
export const MIN_MEAN_DEVIATION = 2;

/**
 * A juror is harsh (lenient) when, over at least 3 slots, their mean deviation from the panel is at
 * least 2 points below (above) it and at least twice its standard error: consistently so, not one
 * outlier. Otherwise in line.
 */
function tendencyOf(deviations: readonly number[]): Tendency {
	const n = deviations.length;
	if (n < MIN_SLOTS_FOR_TENDENCY) return 'in_line';
	const mean = deviations.reduce((s, d) => s + d, 0) / n;
	const variance = deviations.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1);
	const standardError = Math.sqrt(variance / n);
	if (Math.abs(mean) < MIN_MEAN_DEVIATION || Math.abs(mean) < 2 * standardError) return 'in_line';
	return mean < 0 ? 'harsh' : 'lenient';
}

/**
 * Each panel's jurors against the panel's score, slot by slot (the heatmap), and each juror's
 * tendency over the slots they scored. `slots` gives each presented body's panel in schedule
 * order; bodies without a scored panel outcome are left out.
 *
 * @example jurorDeviations(results.entries, [{ bodyId: 'aceh', panelId: 'A' }, …])[0].jurors // [{ jurorId: 'j2', meanDeviation: -4.1, tendency: 'harsh', … }, …]
 */
export function jurorDeviations(entries: readonly ResultEntry[], slots: readonly { bodyId: string; panelId: string }[]): PanelDeviations[] {
	const byBody = new Map(entries.map((e) => [e.bodyId, e]));
	const panels = new Map<string, PanelDeviations>();
	for (const { bodyId, panelId } of slots) {
		const outcome = byBody.get(bodyId)?.presentation;
		if (!outcome || outcome.status !== 'scored') continue;
		const panel = panels.get(panelId) ?? { panelId, jurorIds: [], bodyIds: [], cells: [], jurors: [] };
		panels.set(panelId, panel);
		panel.bodyIds.push(bodyId);
		for (const t of outcome.totals) {
			if (!panel.jurorIds.includes(t.jurorId)) panel.jurorIds.push(t.jurorId);
			panel.cells.push({ bodyId, jurorId: t.jurorId, total: t.total, deviation: t.deviation });
		}
	}
	for (const panel of panels.values()) {
		panel.jurors = panel.jurorIds.map((jurorId) => {
			const deviations = panel.cells.filter((c) => c.jurorId === jurorId).map((c) => c.deviation);
			return {
				jurorId,
				slots: deviations.length,
				meanDeviation: deviations.reduce((s, d) => s + d, 0) / deviations.length,
				below: deviations.filter((d) => d < 0).length,
				above: deviations.filter((d) => d > 0).length,
				tendency: tendencyOf(deviations)
			};
		});
	}
	return [...panels.values()];
}
