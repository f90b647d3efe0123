import { expect, test } from 'vitest';
import { runInWorker } from '$lib/server/workers/run-in-worker';
test('probe', async () => {
	const { probeTask } = await import('$lib/server/workers/zz-probe.worker');
	const t0 = performance.now();
	const out = await runInWorker(probeTask, ['a', 'a', ''], { deadline: AbortSignal.timeout(10000) });
	console.log(out, performance.now() - t0);
	expect(out).toContain('a|a (2)|(3)');
});
