/**
 * Colours and marks of the analysis charts, chosen to be told apart in colour-blind vision: the
 * Okabe–Ito palette for categories, each with its own shape too, and a purple–orange diverging
 * scale (ColorBrewer PuOr ends) for deviations, whose cells also print their number.
 */

export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'triangle-down' | 'star';

/** Okabe–Ito colours (without its yellow, too faint on white), one shape each. */
const CATEGORY_MARKS: readonly { colour: string; shape: Shape }[] = [
	{ colour: '#0072B2', shape: 'circle' },
	{ colour: '#D55E00', shape: 'square' },
	{ colour: '#009E73', shape: 'triangle' },
	{ colour: '#CC79A7', shape: 'diamond' },
	{ colour: '#E69F00', shape: 'cross' },
	{ colour: '#56B4E9', shape: 'triangle-down' },
	{ colour: '#000000', shape: 'star' }
];

/** The mark of the category at this position (colours and shapes repeat together past seven). */
export const categoryMark = (index: number) => CATEGORY_MARKS[index % CATEGORY_MARKS.length];

/**
 * An SVG path of a shape centred on 0,0 that fits a circle of radius `r`.
 *
 * @example shapePath('square', 5) // 'M-4.4,-4.4h8.8v8.8h-8.8Z'
 */
export function shapePath(shape: Shape, r: number): string {
	const f = (n: number) => +n.toFixed(2);
	switch (shape) {
		case 'circle':
			return `M${f(-r)},0a${f(r)},${f(r)} 0 1,0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1,0 ${f(-2 * r)},0Z`;
		case 'square': {
			const s = r * 0.88;
			return `M${f(-s)},${f(-s)}h${f(2 * s)}v${f(2 * s)}h${f(-2 * s)}Z`;
		}
		case 'triangle':
			return `M0,${f(-r)}L${f(r * 0.95)},${f(r * 0.7)}L${f(-r * 0.95)},${f(r * 0.7)}Z`;
		case 'triangle-down':
			return `M0,${f(r)}L${f(r * 0.95)},${f(-r * 0.7)}L${f(-r * 0.95)},${f(-r * 0.7)}Z`;
		case 'diamond':
			return `M0,${f(-r)}L${f(r)},0L0,${f(r)}L${f(-r)},0Z`;
		case 'cross': {
			const a = r * 0.35;
			return `M${f(-a)},${f(-r)}h${f(2 * a)}v${f(r - a)}h${f(r - a)}v${f(2 * a)}h${f(a - r)}v${f(r - a)}h${f(-2 * a)}v${f(a - r)}h${f(a - r)}v${f(-2 * a)}h${f(r - a)}Z`;
		}
		case 'star': {
			const points = Array.from({ length: 10 }, (_, i) => {
				const radius = i % 2 === 0 ? r : r * 0.45;
				const angle = (Math.PI / 5) * i - Math.PI / 2;
				return `${f(radius * Math.cos(angle))},${f(radius * Math.sin(angle))}`;
			});
			return `M${points.join('L')}Z`;
		}
	}
}

/** The purple and orange ends of the deviation scale, white at 0. */
const HARSH = [94, 60, 153] as const; // #5e3c99
const LENIENT = [230, 97, 1] as const; // #e66101

/**
 * The fill of a deviation: white at 0, deeper purple below and orange above, full at `±extent`.
 *
 * @example deviationColour(-5, 10) // 'rgb(175,158,204)'
 */
export function deviationColour(value: number, extent: number): string {
	const t = extent > 0 ? Math.min(1, Math.abs(value) / extent) : 0;
	const end = value < 0 ? HARSH : LENIENT;
	const [r, g, b] = end.map((c) => Math.round(255 + (c - 255) * t));
	return `rgb(${r},${g},${b})`;
}

/** Black or white, whichever reads better on a deviation's fill. */
export const deviationText = (value: number, extent: number) => (extent > 0 && Math.abs(value) / extent > 0.55 ? '#fff' : '#1b1f24');
