/**
 * `npm run bench`: runs every benchmark suite and exits non-zero when a target
 * is missed. Add a suite by importing it here.
 */
import { machine, runSuite } from './harness';
import { fanoutBenchmark } from './fanout';
import { importLoopBenchmark } from './import-loop';
import { scoringSuite } from './scoring';

const runs = Number(process.env.BENCH_RUNS ?? 100);
console.log(`Machine: ${machine()}`);
const results = [runSuite(scoringSuite(), runs)];
process.exitCode = results.every(Boolean) ? 0 : 1;
await fanoutBenchmark();
await importLoopBenchmark();
