/** One slot's valid juror totals, tagged with the panel that gave them. */
export interface PanelTotals {
	panelId: string | null;
	totals: readonly { jurorId: string; total: number }[];
}

interface Moments {
	count: number;
	mean: number;
	sd: number;
}

function moments(values: readonly number[]): Moments {
	const count = values.length;
	let sum = 0;
	for (const v of values) sum += v;
	const mean = sum / count;
	let squares = 0;
	for (const v of values) squares += (v - mean) * (v - mean);
	return { count, mean, sd: Math.sqrt(squares / count) };
}

/**
 * Per-juror z-score normalisation within each panel: every total is re-expressed
 * on the panel's own scale, mean_panel + sd_panel × (total − mean_juror) / sd_juror,
 * so a lenient or a severe juror weighs like the others. A juror with fewer than
 * 2 totals in the panel has no measurable habit and keeps raw totals; a juror who
 * gave every body the same total expresses no preference and maps to the panel mean.
 * Returns the normalised totals in the same shape and order as the input.
 *
 * @example
 * normaliseTotals([
 *   { panelId: 'R1', totals: [{ jurorId: 'a', total: 60 }, { jurorId: 'b', total: 90 }] },
 *   { panelId: 'R1', totals: [{ jurorId: 'a', total: 70 }, { jurorId: 'b', total: 80 }] }
 * ]); // a and b are both scaled to the panel's mean 75 and spread
 */
export function normaliseTotals(slots: readonly PanelTotals[]): number[][] {
	const panels = new Map<string | null, { all: number[]; byJuror: Map<string, number[]> }>();
	for (const slot of slots) {
		let panel = panels.get(slot.panelId);
		if (!panel) panels.set(slot.panelId, (panel = { all: [], byJuror: new Map() }));
		for (const { jurorId, total } of slot.totals) {
			panel.all.push(total);
			const own = panel.byJuror.get(jurorId);
			if (own) own.push(total);
			else panel.byJuror.set(jurorId, [total]);
		}
	}
	const stats = new Map<string | null, { panel: Moments; jurors: Map<string, Moments> }>();
	for (const [panelId, { all, byJuror }] of panels) {
		const jurors = new Map([...byJuror].map(([jurorId, totals]) => [jurorId, moments(totals)] as const));
		stats.set(panelId, { panel: moments(all), jurors });
	}
	return slots.map((slot) => {
		const { panel, jurors } = stats.get(slot.panelId) as { panel: Moments; jurors: Map<string, Moments> };
		return slot.totals.map(({ jurorId, total }) => {
			const juror = jurors.get(jurorId) as Moments;
			if (juror.count < 2) return total;
			if (juror.sd === 0) return panel.mean;
			return panel.mean + (panel.sd * (total - juror.mean)) / juror.sd;
		});
	});
}
