/**
 * A tiny side-by-side benchmark harness. Machines here are 2-core and noisy,
 * so a subject is always timed interleaved with a baseline in the same process
 * and reported as a ratio as well as in milliseconds.
 */
import { cpus } from 'node:os';

export interface Case {
	name: string;
	run: () => unknown;
}

export interface Suite {
	name: string;
	/** A trivial workload of the same size, timed alongside every case. */
	baseline: Case;
	cases: Case[];
	/** Median target in ms, reported as PASS/FAIL. */
	targetMs?: number;
}

export interface Stats {
	median: number;
	p95: number;
	min: number;
}

function stats(samples: number[]): Stats {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return { median: at(0.5), p95: at(0.95), min: sorted[0] };
}

function time(c: Case): number {
	const start = performance.now();
	// Checking the result keeps it alive, so the JIT cannot drop the work being timed.
	if (c.run() === undefined) throw new Error(`${c.name} returned nothing`);
	return performance.now() - start;
}

export function machine(): string {
	return `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}`;
}

/** Runs every case `runs` times after `warmup` runs, interleaving each run with a baseline run. */
export function runSuite(suite: Suite, runs = 100, warmup = 20): boolean {
	const all = [suite.baseline, ...suite.cases];
	for (let i = 0; i < warmup; i++) for (const c of all) time(c);
	const samples = new Map(all.map((c) => [c.name, [] as number[]]));
	for (let i = 0; i < runs; i++) for (const c of all) samples.get(c.name)?.push(time(c));
	const base = stats(samples.get(suite.baseline.name) ?? []);
	console.log(`\n${suite.name} (${runs} runs, ${warmup} warm-up)`);
	console.log(
		`${'case'.padEnd(42)}${'median ms'.padStart(11)}${'p95 ms'.padStart(10)}${'min ms'.padStart(10)}${'× baseline'.padStart(13)}`
	);
	let pass = true;
	for (const c of all) {
		const s = stats(samples.get(c.name) ?? []);
		const ratio = base.median > 0 ? (s.median / base.median).toFixed(1) : '—';
		console.log(
			`${c.name.padEnd(42)}${s.median.toFixed(3).padStart(11)}${s.p95.toFixed(3).padStart(10)}${s.min.toFixed(3).padStart(10)}${ratio.padStart(13)}`
		);
	}
	if (suite.targetMs !== undefined) {
		const main = stats(samples.get(suite.cases[0].name) ?? []);
		pass = main.median < suite.targetMs;
		console.log(`${pass ? 'PASS' : 'FAIL'}: ${suite.cases[0].name} median ${main.median.toFixed(3)} ms (target < ${suite.targetMs} ms)`);
	}
	return pass;
}
