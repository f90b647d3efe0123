/**
 * `npm run bench`: runs every benchmark suite and exits non-zero when a target
 * is missed. Add a suite by importing it here. The audience fan-out (bench/fanout.ts) runs last. `BENCH_ONLY=flood` (or scoring,
 * fanout, import, documents; comma-separated) runs only those.
 */
import { machine, runSuite } from './harness';
import { documentsBenchmark } from './documents';
import { fanoutBenchmark } from './fanout';
import { floodBenchmark } from './flood';
import { importLoopBenchmark } from './import-loop';
import { scoringSuite } from './scoring';

const runs = Number(process.env.BENCH_RUNS ?? 100);
const only = process.env.BENCH_ONLY?.split(',');
const wanted = (name: string) => !only || only.includes(name);
console.log(`Machine: ${machine()}`);
let pass = true;
if (wanted('scoring')) pass = runSuite(scoringSuite(), runs) && pass;
if (wanted('import')) await importLoopBenchmark();
if (wanted('documents')) await documentsBenchmark();
if (wanted('flood')) pass = (await floodBenchmark()) && pass;
// Last: its closing lines are the audience fan-out's figures and ratios.
if (wanted('fanout')) pass = (await fanoutBenchmark()) && pass;
process.exitCode = pass ? 0 : 1;
