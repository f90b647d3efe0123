/**
 * Recomputing every result of a large evaluation: 400 bodies × 12 jurors × 8
 * criteria, the size the live loop and the results pages must handle after
 * every certified slot.
 */
import { computeResults, hashInputs, MONEV_KIP_PRESET, type Criterion, type ResultInputs } from '../src/lib/domain/scoring';
import type { Suite } from './harness';

const BODIES = 400;
const JURORS = 12;
const CRITERIA = 8;
const CATEGORIES = ['kementerian', 'lembaga', 'lns', 'provinsi', 'bumn', 'ptn', 'parpol'];

/** Deterministic pseudo-random numbers (mulberry32), so every run times the same data. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function buildInputs(): ResultInputs {
	const next = random(2024);
	const rubric: Criterion[] = Array.from({ length: CRITERIA }, (_, i) => ({
		code: `K${i + 1}`,
		name: `Criterion ${i + 1}`,
		description: '',
		weight: 100 / CRITERIA,
		min: 0,
		max: 100,
		step: 1
	}));
	const bodies = Array.from({ length: BODIES }, (_, i) => ({
		bodyId: `body-${String(i).padStart(3, '0')}`,
		categoryId: CATEGORIES[i % CATEGORIES.length],
		priorScore: Math.round(6000 + next() * 4000) / 100
	}));
	const slots = bodies.map((b) => ({
		bodyId: b.bodyId,
		panelId: `room-${b.bodyId.slice(-1)}`,
		jurors: Array.from({ length: JURORS }, (_, j) => ({
			jurorId: `juror-${j}`,
			status: 'scored' as const,
			sheet: Object.fromEntries(rubric.map((c) => [c.code, Math.floor(50 + next() * 51)]))
		}))
	}));
	return {
		rubric,
		rules: { ...MONEV_KIP_PRESET.rules, aggregation: { ...MONEV_KIP_PRESET.rules.aggregation, method: 'trimmed_mean' } },
		bodies,
		slots
	};
}

export function scoringSuite(): Suite {
	const inputs = buildInputs();
	const normalised: ResultInputs = { ...inputs, rules: { ...inputs.rules, aggregation: { ...inputs.rules.aggregation, normalise: true } } };
	const tieBroken: ResultInputs = {
		...inputs,
		rules: { ...inputs.rules, tieBreak: [{ kind: 'presentation' }, { kind: 'criterion', code: 'K1' }] }
	};
	// The same 38,400 numbers in flat arrays: the cost of merely touching the data.
	const flat = inputs.slots.map((s) => s.jurors.map((j) => Object.values(j.sheet ?? {})));
	return {
		name: `scoring: ${BODIES} bodies × ${JURORS} jurors × ${CRITERIA} criteria`,
		baseline: {
			name: 'baseline: plain loop sum',
			run: () => {
				let sum = 0;
				for (const slot of flat) for (const sheet of slot) for (const v of sheet) sum += v;
				return sum;
			}
		},
		cases: [
			// The hash is computed when first read (publication, amendments, the dashboard); a live
			// recomputation never reads it. The second case is what every recomputation cost before.
			{ name: 'computeResults (trimmed mean)', run: () => computeResults(inputs) },
			{ name: 'computeResults + its hash (as before; publication)', run: () => computeResults(inputs).hash },
			{ name: '  hashInputs alone (validate+hash)', run: () => hashInputs(inputs) },
			{ name: 'computeResults + normalise', run: () => computeResults(normalised) },
			{ name: 'computeResults + tie-break chain', run: () => computeResults(tieBroken) }
		],
		targetMs: 10
	};
}
