import { runInWorker } from '$lib/server/workers/run-in-worker';
export const GET = async () => {
	const { probeTask } = await import('$lib/server/workers/zz-probe.worker');
	const out = await runInWorker(probeTask, ['a', 'a', ''], { deadline: AbortSignal.timeout(10000) });
	return new Response(out);
};
